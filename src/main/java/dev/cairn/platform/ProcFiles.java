package dev.cairn.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the Linux {@code /proc} files Cairn uses to watch memory and CPU time; each read gives 0 where the file can't be read. */
public final class ProcFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ProcFiles.class);

    /** Clock ticks a second in {@code /proc/PID/stat} (USER_HZ: 100 on every Linux Cairn runs on). */
    private static final double USER_HZ = 100;

    private ProcFiles() {}

    /** The first number on the line of {@code file} that starts with {@code field + ":"} (kB in these files), or 0. */
    public static long fieldKb(Path file, String field) {
        String prefix = field + ":";
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(prefix)) {
                    return Long.parseLong(
                            line.substring(prefix.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read {}", file, e);
        }
        return 0;
    }

    /** A field of {@code /proc/PID/status} in kB ({@code VmRSS}, {@code VmHWM}), or 0. */
    public static long statusKb(long pid, String field) {
        return fieldKb(Path.of("/proc", Long.toString(pid), "status"), field);
    }

    /** A field of this process's {@code /proc/self/status} in kB, or 0. */
    public static long selfStatusKb(String field) {
        return fieldKb(Path.of("/proc/self/status"), field);
    }

    /** The proportional set size of a process ({@code /proc/PID/smaps_rollup}) in kB, or 0. */
    public static long pssKb(long pid) {
        return fieldKb(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss");
    }

    /**
     * CPU-seconds a process has used, with its children's: its own, those of the children it has
     * reaped, and those of its live children ({@code /proc/PID/stat}); 0 where it can't be read.
     * A PostgreSQL postmaster's is the whole server's work (its backends are its children).
     */
    public static double treeCpuSeconds(long pid) {
        double seconds = statTicks(pid, true);
        for (ProcessHandle child :
                ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
            seconds += statTicks(child.pid(), false);
        }
        return seconds / USER_HZ;
    }

    /** Clock ticks of {@code /proc/PID/stat}: user and system time, with reaped children's if asked. */
    private static long statTicks(long pid, boolean withReaped) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command's closing parenthesis: state is 3, utime 14, stime 15, cutime 16, cstime 17
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReaped ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the CPU time of process {}", pid, e);
            return 0;
        }
    }

    /** Memory the system could give now ({@code MemAvailable} of {@code /proc/meminfo}) in kB, or 0. */
    public static long memAvailableKb() {
        return fieldKb(Path.of("/proc/meminfo"), "MemAvailable");
    }
}
