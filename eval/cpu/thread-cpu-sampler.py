#!/usr/bin/env python3
"""thread-cpu-sampler.py PID OUT DATADIR: samples the CPU ticks of each thread of JVM PID, of the whole
process ("proc"), and of its PostgreSQL server (the postgres processes whose command line names DATADIR,
with their children) every 0.5 s until the JVM exits. Writes JSON lines:
{"t": seconds, "threads": {tid: [name, ticks]}, "pg": ticks}, only the threads that changed."""
import os, sys, time, json, glob
pid = sys.argv[1]; out = open(sys.argv[2], 'w'); datadir = sys.argv[3] if len(sys.argv) > 3 else None
def ticks(statpath):
    s = open(statpath).read(); f = s[s.rindex(')') + 2:].split(' ')
    return int(f[11]) + int(f[12]), int(f[13]) + int(f[14])
def pg_ticks():
    total = 0; procs = {}
    for p in glob.glob('/proc/[0-9]*'):
        try:
            st = open(p + '/stat').read()
            if '(postgres)' not in st: continue
            procs[p.split('/')[-1]] = (st[st.rindex(')') + 2:].split(' ')[1], open(p + '/cmdline', 'rb').read())
        except Exception: pass
    for q, (ppid, cmd) in procs.items():
        if datadir.encode() in cmd:
            try:
                own, reaped = ticks('/proc/%s/stat' % q); total += own + reaped
            except Exception: pass
            for c, (cpp, _) in procs.items():
                if cpp == q:
                    try: total += ticks('/proc/%s/stat' % c)[0]
                    except Exception: pass
    return total
t0 = time.time(); last = {}
while os.path.exists('/proc/' + pid):
    cur = {}
    for t in glob.glob('/proc/%s/task/*' % pid):
        try:
            name = open(t + '/comm').read().strip(); cur[t.split('/')[-1]] = [name, ticks(t + '/stat')[0]]
        except Exception: pass
    try: cur['proc'] = ['PROCESS', ticks('/proc/%s/stat' % pid)[0]]
    except Exception: pass
    changed = {k: v for k, v in cur.items() if last.get(k) != v}
    last.update(cur)
    out.write(json.dumps({"t": round(time.time() - t0, 2), "threads": changed, "pg": pg_ticks()}) + "\n"); out.flush()
    time.sleep(0.5)
