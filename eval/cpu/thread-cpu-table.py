#!/usr/bin/env python3
"""analyze.py SAMPLES.jsonl BENCH.json -> CPU-seconds by part over the whole ingest and over the text stage."""
import sys, json, re
samples = [json.loads(l) for l in open(sys.argv[1])]
raw = open(sys.argv[2]).read(); bench = json.loads(next(l for l in raw.splitlines() if l.startswith('{')))
def group(n):
    if n == 'PROCESS': return 'PROCESS'
    if n.startswith('C2 Compiler'): return 'jit C2'
    if n.startswith('C1 Compiler'): return 'jit C1'
    if n.startswith('GC Thread') or n.startswith('G1 '): return 'gc'
    if n.startswith('cairn-read'): return 'readers'
    if n.startswith('cairn-write'): return 'writer'
    if n.startswith('cairn-semanti'): return 'embed stage'
    if n.startswith('cairn-embed'): return 'model'
    if n.startswith('cairn-parse') or 'pars' in n: return 'parse workers'
    if n == 'VM Thread': return 'vm thread'
    return 'other:' + n
start = next(s['t'] for s in samples if any(v[0].startswith('cairn-read') for v in s['threads'].values()))
def at(t):
    cur = {}; pg = 0
    for s in samples:
        if s['t'] > t: break
        cur.update(s['threads']); pg = s['pg']
    return cur, pg
def between(a, b):
    ca, pa = at(a); cb, pb = at(b); g = {}
    for tid, (name, ticks) in cb.items():
        d = ticks - ca.get(tid, [name, 0])[1]
        k = group(name); g[k] = g.get(k, 0) + d / 100
    g['postgres'] = (pb - pa) / 100
    return g
text = bench['text_searchable_s']; sem = bench.get('semantic_s', text)
w = between(start, start + sem); t = between(start, start + text); pre = between(0, start)
for g in (w, t, pre):
    g['short-lived threads (parse)'] = g.pop('PROCESS', 0) - sum(v for k, v in g.items() if k not in ('postgres', 'PROCESS'))
keys = sorted(set(w) | set(t), key=lambda k: -w.get(k, 0))
others_w = sum(v for k, v in w.items() if k.startswith('other:')); others_t = sum(v for k, v in t.items() if k.startswith('other:'))
print('%-18s %8s %8s %8s' % ('part', 'before', 'text', 'ingest'))
for k in keys:
    if k.startswith('other:') and w.get(k, 0) < 0.5: continue
    print('%-18s %8.1f %8.1f %8.1f' % (k, pre.get(k, 0), t.get(k, 0), w.get(k, 0)))
print('%-18s %8s %8.1f %8.1f' % ('other (small)', '', others_t - sum(v for k, v in t.items() if k.startswith('other:') and w.get(k,0)>=0.5), others_w - sum(v for k, v in w.items() if k.startswith('other:') and v >= 0.5)))
print('%-18s %8.1f %8.1f %8.1f' % ('TOTAL', sum(pre.values()), sum(t.values()), sum(w.values())))
for k in ['text_searchable_s', 'semantic_s', 'model_only_seconds', 'share_of_model_speed', 'model_only_cpu_s', 'chunks', 'ingest_cpu_s', 'ingest_server_cpu_s', 'text_stage_cpu_s', 'text_stage_server_cpu_s', 'text_cpu_utilisation']:
    print(k, bench.get(k))
