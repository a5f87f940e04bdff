package dev.cairn.ui.status;

import dev.cairn.platform.ProcFiles;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.Words;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * Reads heap (MemoryMXBean) and resident set size ({@code VmRSS}, through {@link ProcFiles}) in a
 * quiet background job at each tick, so the FX thread only ever picks up the latest
 * {@link MemoryReading} and never touches the file system.
 * The memory governor's snapshot can replace this as the gauge's source later.
 */
public final class MemorySampler implements Supplier<MemoryReading>, AutoCloseable {

    private MemoryMXBean memory; // looked up on first sample: loading the management classes costs start-up time
    private final AtomicReference<MemoryReading> latest = new AtomicReference<>(MemoryReading.NONE);
    private volatile boolean rssReadable = true;
    private final AtomicBoolean sampling = new AtomicBoolean();
    private Timeline ticker;
    private boolean closed; // for good: a closed sampler does not start again

    /**
     * Samples now and then every {@code periodMillis}, each reading a quiet job of {@code tasks} (none
     * starts while the last is still reading); call on the FX thread.
     */
    public void start(TaskRunner tasks, long periodMillis) {
        if (ticker == null && !closed) {
            ticker = new Timeline(new KeyFrame(Duration.millis(periodMillis), e -> sampleIn(tasks)));
            ticker.setCycleCount(Animation.INDEFINITE);
            ticker.play();
            sampleIn(tasks);
        }
    }

    private void sampleIn(TaskRunner tasks) {
        if (sampling.compareAndSet(false, true)) {
            tasks.job(Words.get("memory.job.reading"), progress -> sampleNow())
                    .quiet()
                    .onSuccess(reading -> sampling.set(false))
                    .onFailure(error -> sampling.set(false))
                    .onCancelled(() -> sampling.set(false))
                    .start();
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

    /** Stops sampling; call on the FX thread. */
    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.stop();
            ticker = null;
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
