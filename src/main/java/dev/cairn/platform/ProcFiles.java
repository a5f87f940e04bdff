package dev.cairn.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the Linux {@code /proc} files Cairn uses to watch memory; each read gives 0 where the file can't be read. */
public final class ProcFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ProcFiles.class);

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

    /** Memory the system could give now ({@code MemAvailable} of {@code /proc/meminfo}) in kB, or 0. */
    public static long memAvailableKb() {
        return fieldKb(Path.of("/proc/meminfo"), "MemAvailable");
    }
}
