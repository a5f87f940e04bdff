package dev.cairn.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.animation.AnimationTimer;

/** Records the time between consecutive FX pulses. */
final class PulseGaps extends AnimationTimer {
    private final List<Long> gaps = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();
    private long last = -1;

    @Override
    public void handle(long now) {
        long t = System.nanoTime();
        if (last >= 0) {
            gaps.add(t - last);
            ends.add(t);
        }
        last = t;
    }

    /** The n longest gaps as "when: how long", for telling start-up work from steady state. */
    String longest(int n, long origin) {
        return java.util.stream.IntStream.range(0, gaps.size())
                .boxed()
                .sorted((a, b) -> Long.compare(gaps.get(b), gaps.get(a)))
                .limit(n)
                .map(i -> String.format("%d: %.0f", (ends.get(i) - origin) / 1_000_000, gaps.get(i) / 1e6))
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
        long[] sorted = gaps.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
