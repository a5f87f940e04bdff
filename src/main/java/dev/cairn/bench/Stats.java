package dev.cairn.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary of one measured operation, in nanoseconds; percentiles are nearest-rank.
 *
 * @param name what was measured
 * @param samples how many timed runs
 */
public record Stats(
        String name,
        int samples,
        double meanNanos,
        long minNanos,
        long maxNanos,
        long p50Nanos,
        long p95Nanos,
        long p99Nanos) {

    /** Summarises the given sample durations. */
    public static Stats of(String name, long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("No samples for " + name);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        return new Stats(
                name,
                sorted.length,
                mean,
                sorted[0],
                sorted[sorted.length - 1],
                percentile(sorted, 50),
                percentile(sorted, 95),
                percentile(sorted, 99));
    }

    /** The smallest sample that at least {@code p} percent of samples do not exceed. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public double meanSeconds() {
        return meanNanos / 1e9;
    }

    /** The figures in milliseconds, for JSON output. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("samples", samples);
        m.put("mean_ms", ms(meanNanos));
        m.put("min_ms", ms(minNanos));
        m.put("max_ms", ms(maxNanos));
        m.put("p50_ms", ms(p50Nanos));
        m.put("p95_ms", ms(p95Nanos));
        m.put("p99_ms", ms(p99Nanos));
        return m;
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
