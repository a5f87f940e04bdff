package dev.cairn.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javafx.animation.AnimationTimer;

/**
 * Records the time between consecutive FX pulses: how smooth the window is (ADR 0010). With each gap,
 * the CPU time the FX thread itself used in it: a long gap with little of it was the thread waiting
 * for a core (or the renderer), one with nearly all of it was work on the FX thread.
 */
final class PulseGaps extends AnimationTimer {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<Long> gaps = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();
    private final List<Long> fxCpu = new ArrayList<>();
    private final FxStalls stalls = new FxStalls(100);
    private long last = -1;
    private long lastCpu;

    @Override
    public void start() {
        super.start();
        stalls.start();
    }

    @Override
    public void stop() {
        super.stop();
        stalls.stop();
    }

    /** FX-thread stack samples taken while a pulse was more than 100 ms overdue. */
    Map<String, Object> stalls() {
        return stalls.figures(8);
    }

    @Override
    public void handle(long now) {
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        stalls.pulse();
        if (last >= 0) {
            gaps.add(t - last);
            ends.add(t);
            fxCpu.add(cpu - lastCpu);
        }
        last = t;
        lastCpu = cpu;
    }

    /**
     * The n longest gaps as "when: how long", for telling start-up work from steady state; with the FX
     * thread's own CPU time in the gap, "when: how long (FX CPU)".
     */
    String longest(int n, long origin) {
        return IntStream.range(0, gaps.size())
                .boxed()
                .sorted((a, b) -> Long.compare(gaps.get(b), gaps.get(a)))
                .limit(n)
                .map(i -> String.format(
                        "%d: %.0f (%.0f)", (ends.get(i) - origin) / 1_000_000, gaps.get(i) / 1e6, fxCpu.get(i) / 1e6))
                .toList()
                .toString();
    }

    int count() {
        return gaps.size();
    }

    double maxMillis() {
        return gaps.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
    }

    double percentileMillis(int p) {
        return percentileMillis(gaps.stream().mapToLong(Long::longValue).toArray(), p);
    }

    /**
     * Frames, longest gap, p99 and p50 (ms) of the gaps that ended between {@code from} and {@code
     * to} ({@link System#nanoTime()}), and when the longest ended (ms after {@code from}).
     */
    Map<String, Object> figures(long from, long to) {
        long[] within = IntStream.range(0, gaps.size())
                .filter(i -> ends.get(i) > from && ends.get(i) <= to)
                .mapToLong(gaps::get)
                .toArray();
        int longestIndex = IntStream.range(0, gaps.size())
                .filter(i -> ends.get(i) > from && ends.get(i) <= to)
                .boxed()
                .max((a, b) -> Long.compare(gaps.get(a), gaps.get(b)))
                .orElse(-1);
        long longestEnd = longestIndex < 0 ? from : ends.get(longestIndex);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", round((to - from) / 1e9));
        m.put("frames", within.length);
        m.put("max_gap_ms", round(Arrays.stream(within).max().orElse(0) / 1e6));
        m.put("p99_gap_ms", round(percentileMillis(within, 99)));
        m.put("p50_gap_ms", round(percentileMillis(within, 50)));
        m.put("max_gap_at_ms", Math.round((longestEnd - from) / 1e6));
        m.put("max_gap_fx_cpu_ms", round(longestIndex < 0 ? 0 : fxCpu.get(longestIndex) / 1e6));
        return m;
    }

    private static double percentileMillis(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
