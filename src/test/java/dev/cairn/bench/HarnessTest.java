package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HarnessTest {

    /** A clock that moves only when the measured operation moves it. */
    private final AtomicLong now = new AtomicLong();

    @Test
    void warmUpRunsAreNotTimedAndSamplesAre() {
        List<Integer> runs = new ArrayList<>();
        Harness harness = new Harness(3, 100, now::get);

        // Run i takes i - 2 milliseconds, so the 100 timed runs (3..102) take 1..100 ms.
        Stats stats = harness.measure("op", i -> {
            runs.add(i);
            now.addAndGet((i - 2) * 1_000_000L);
        });

        assertThat(runs).hasSize(103);
        assertThat(stats.samples()).isEqualTo(100);
        assertThat(stats.minNanos()).isEqualTo(1_000_000L);
        assertThat(stats.maxNanos()).isEqualTo(100_000_000L);
        assertThat(stats.meanNanos()).isEqualTo(50_500_000.0);
        assertThat(stats.p50Nanos()).isEqualTo(50_000_000L);
        assertThat(stats.p95Nanos()).isEqualTo(95_000_000L);
        assertThat(stats.p99Nanos()).isEqualTo(99_000_000L);
    }

    @Test
    void percentilesOfFewSamplesAreActualSamples() {
        Stats stats = Stats.of("few", new long[] {30, 10, 20});

        assertThat(stats.p50Nanos()).isEqualTo(20);
        assertThat(stats.p95Nanos()).isEqualTo(30);
        assertThat(stats.p99Nanos()).isEqualTo(30);
    }

    @Test
    void theTableHasTheCoursesColumns() {
        Stats single = Stats.of("Single Embedding", new long[] {3_410_000L});

        String table = Harness.table(List.of(single));

        assertThat(table.lines().toList())
                .containsExactly(
                        "Name                      Mean     Min      Max      P50      P95      P99",
                        "Single Embedding          3.41ms   3.41ms   3.41ms   3.41ms   3.41ms   3.41ms");
    }

    @Test
    void jsonFiguresAreMilliseconds() {
        assertThat(Stats.of("x", new long[] {1_234_567L}).toMap())
                .containsEntry("name", "x")
                .containsEntry("mean_ms", 1.23)
                .containsEntry("p99_ms", 1.23);
    }

    @Test
    void longTimesReadInSeconds() {
        assertThat(Harness.time(1_240_000_000L)).isEqualTo("1.24s");
        assertThat(Harness.time(812_500_000L)).isEqualTo("812.50ms");
    }

    @Test
    void aHarnessNeedsAtLeastOneSample() {
        assertThatThrownBy(() -> new Harness(1, 0)).hasMessageContaining("at least 1 sample");
    }
}
