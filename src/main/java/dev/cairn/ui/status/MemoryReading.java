package dev.cairn.ui.status;

/**
 * A cheap snapshot of the process's memory for the status bar gauge.
 *
 * @param heapUsed bytes of Java heap in use
 * @param heapMax  the most heap the JVM may use
 * @param rss      resident set size of the whole process in bytes, or -1 where the OS doesn't say
 */
public record MemoryReading(long heapUsed, long heapMax, long rss) {

    public static final MemoryReading NONE = new MemoryReading(0, 0, -1);

    /** Heap in use as a share of the maximum, 0..1. */
    public double heapFraction() {
        return heapMax <= 0 ? 0 : Math.min(1.0, (double) heapUsed / heapMax);
    }
}
