package dev.cairn.ui.status;

import dev.cairn.platform.ProcFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Reads heap (MemoryMXBean) and resident set size ({@code VmRSS}, through {@link ProcFiles}) on its
 * own scheduler, so the FX thread only ever picks up the latest {@link MemoryReading} and never
 * touches the file system.
 * The memory governor's snapshot can replace this as the gauge's source later.
 */
public final class MemorySampler implements Supplier<MemoryReading>, AutoCloseable {

    private MemoryMXBean memory; // looked up on first sample: loading the management classes costs start-up time
    private final AtomicReference<MemoryReading> latest = new AtomicReference<>(MemoryReading.NONE);
    private volatile boolean rssReadable = true;
    private ScheduledFuture<?> schedule;

    /** Samples now and then every {@code periodMillis} on {@code scheduler}. */
    public synchronized void start(ScheduledExecutorService scheduler, long periodMillis) {
        if (schedule == null) {
            schedule = scheduler.scheduleAtFixedRate(this::sampleNow, 0, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Takes a reading on the calling thread and keeps it as the latest. */
    public synchronized MemoryReading sampleNow() {
        if (memory == null) {
            memory = ManagementFactory.getMemoryMXBean();
        }
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        MemoryReading reading = new MemoryReading(heap.getUsed(), max, readRss());
        latest.set(reading);
        return reading;
    }

    /** The latest reading; cheap and non-blocking, safe on the FX thread. */
    @Override
    public MemoryReading get() {
        return latest.get();
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }

    private long readRss() {
        if (!rssReadable) {
            return -1;
        }
        long kb = ProcFiles.selfStatusKb("VmRSS");
        if (kb <= 0) {
            rssReadable = false; // not Linux after all, or a sandbox hides it: stop trying
            return -1;
        }
        return kb * 1024;
    }
}
