package dev.cairn.ingest;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Wall-clock and process CPU time since a run started, for its summary. */
final class RunClock {

    private final long startNanos = System.nanoTime();
    private final long startCpu = processCpuNanos();

    /** The wall-clock time since the start. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The process's CPU time since the start as a share of all cores over {@code wall}, 0 to 1. */
    double cpuShare(Duration wall) {
        double share = (processCpuNanos() - startCpu)
                / (double) Math.max(1, wall.toNanos())
                / Runtime.getRuntime().availableProcessors();
        return Math.min(1, Math.max(0, share));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }
}
