package dev.cairn.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Times an operation: a few untimed warm-up runs (JIT, caches, lazy loading), then timed samples.
 * Reused by every benchmark suite (embedding, search, ingest).
 */
public final class Harness {

    private final int warmup;
    private final int samples;
    private final LongSupplier nanoClock;

    public Harness(int warmup, int samples) {
        this(warmup, samples, System::nanoTime);
    }

    /** With the clock injected, so the harness itself can be tested without timing anything. */
    public Harness(int warmup, int samples, LongSupplier nanoClock) {
        if (warmup < 0 || samples < 1) {
            throw new IllegalArgumentException(
                    "Need 0 or more warm-up runs and at least 1 sample, not " + warmup + " and " + samples);
        }
        this.warmup = warmup;
        this.samples = samples;
        this.nanoClock = nanoClock;
    }

    public int warmup() {
        return warmup;
    }

    public int samples() {
        return samples;
    }

    /** Runs {@code operation} warm-up + samples times; {@code operation} gets the run's index. */
    public Stats measure(String name, Operation operation) {
        for (int i = 0; i < warmup; i++) {
            operation.run(i);
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = nanoClock.getAsLong();
            operation.run(warmup + i);
            nanos[i] = nanoClock.getAsLong() - start;
        }
        return Stats.of(name, nanos);
    }

    /** A harness with the same clock and warm-up but another number of samples. */
    public Harness withSamples(int newSamples) {
        return new Harness(warmup, newSamples, nanoClock);
    }

    /** One run of the operation being measured. */
    @FunctionalInterface
    public interface Operation {
        void run(int iteration);
    }

    /** A text table: name, then mean, min, max, p50, p95 and p99. */
    public static String table(List<Stats> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT, "%-25s %-8s %-8s %-8s %-8s %-8s %s%n", "Name", "Mean", "Min", "Max", "P50", "P95", "P99"));
        for (Stats s : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-25s %-8s %-8s %-8s %-8s %-8s %s%n",
                    s.name(),
                    time(s.meanNanos()),
                    time(s.minNanos()),
                    time(s.maxNanos()),
                    time(s.p50Nanos()),
                    time(s.p95Nanos()),
                    time(s.p99Nanos())));
        }
        return out.toString();
    }

    /** 3.41ms, 812.50ms, 1.24s. */
    static String time(double nanos) {
        double ms = nanos / 1e6;
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2fs", ms / 1000) : String.format(Locale.ROOT, "%.2fms", ms);
    }
}
