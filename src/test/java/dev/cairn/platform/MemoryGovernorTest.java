package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryGovernorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static MemoryGovernor fed() {
        return new MemoryGovernor(0.80, 0.70, CLOCK, null, false);
    }

    @Test
    void throttleEngagesAboveEightyPercentAndReleasesOnlyBelowSeventy() {
        try (MemoryGovernor governor = fed()) {
            List<MemoryGovernor.ThrottleEvent> events = new CopyOnWriteArrayList<>();
            governor.addListener(events::add);

            governor.onOccupancy(0.50);
            governor.onOccupancy(0.80);
            assertThat(governor.isThrottled()).isFalse();

            governor.onOccupancy(0.81);
            assertThat(governor.isThrottled()).isTrue();

            governor.onOccupancy(0.75);
            governor.onOccupancy(0.90);
            governor.onOccupancy(0.70);
            assertThat(governor.isThrottled()).as("70% is not below 70%").isTrue();

            governor.onOccupancy(0.69);
            assertThat(governor.isThrottled()).isFalse();
            governor.onOccupancy(0.79);
            assertThat(governor.isThrottled()).isFalse();

            governor.onOccupancy(0.95);
            assertThat(governor.throttleEvents()).isEqualTo(2);
            assertThat(events)
                    .containsExactly(
                            new MemoryGovernor.ThrottleEvent(
                                    MemoryGovernor.ThrottleEvent.Kind.START, 0.81, CLOCK.instant()),
                            new MemoryGovernor.ThrottleEvent(
                                    MemoryGovernor.ThrottleEvent.Kind.END, 0.69, CLOCK.instant()),
                            new MemoryGovernor.ThrottleEvent(
                                    MemoryGovernor.ThrottleEvent.Kind.START, 0.95, CLOCK.instant()));
        }
    }

    @Test
    void awaitPermitWaitsWhileThrottledAndWakesOnRelease() throws Exception {
        try (MemoryGovernor governor = fed()) {
            governor.awaitPermit(); // not throttled: returns at once
            governor.onOccupancy(0.85);
            assertThat(governor.awaitPermit(Duration.ZERO)).isFalse();

            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    governor.awaitPermit();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            governor.onOccupancy(0.75);
            assertThat(waiter).isNotDone();

            governor.onOccupancy(0.60);
            waiter.get(30, TimeUnit.SECONDS);
            assertThat(governor.awaitPermit(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void aWaitingThreadCanBeInterrupted() throws Exception {
        try (MemoryGovernor governor = fed()) {
            governor.onOccupancy(0.9);
            CompletableFuture<Thread> thread = new CompletableFuture<>();
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                thread.complete(Thread.currentThread());
                try {
                    governor.awaitPermit();
                    interrupted.complete(false);
                } catch (InterruptedException e) {
                    interrupted.complete(true);
                }
            });
            thread.get(30, TimeUnit.SECONDS).interrupt();

            assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closingLetsWaitersThrough() throws Exception {
        MemoryGovernor governor = fed();
        governor.onOccupancy(0.9);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                governor.awaitPermit();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        governor.close();

        waiter.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSnapshotShowsHeapOccupancyResidentMemoryAndTheThrottle() {
        try (MemoryGovernor governor = fed()) {
            governor.onOccupancy(0.83);

            MemoryGovernor.Snapshot s = governor.snapshot();

            assertThat(s.heapMax()).isEqualTo(Runtime.getRuntime().maxMemory());
            assertThat(s.heapUsed()).isPositive().isLessThanOrEqualTo(s.heapMax());
            assertThat(s.occupancyAfterGc()).isEqualTo(0.83);
            assertThat(s.rss()).isGreaterThan(s.heapUsed() / 2);
            assertThat(s.throttled()).isTrue();
        }
    }

    @Test
    void removedListenersHearNothingMore() {
        try (MemoryGovernor governor = fed()) {
            List<MemoryGovernor.ThrottleEvent> events = new CopyOnWriteArrayList<>();
            Runnable remove = governor.addListener(events::add);
            governor.onOccupancy(0.9);
            remove.run();
            governor.onOccupancy(0.1);

            assertThat(events).hasSize(1);
        }
    }

    @Test
    void thresholdsMustLeaveAGap() {
        assertThatThrownBy(() -> MemoryGovernor.start(0.7, 0.8)).hasMessageContaining("0 < release < engage < 1");
    }

    @Test
    void theRealCollectorFeedsTheGovernorInThisJvm() {
        try (MemoryGovernor governor = MemoryGovernor.start()) {
            System.gc(); // its notification arrives on another thread; the reading is then non-zero
            for (int i = 0; i < 1000; i++) {
                GovernorProbe.sink = new byte[64 * 1024];
            }
            assertThat(governor.snapshot().heapMax()).isPositive();
        }
    }

    // ---- child JVMs with a 64 MB heap: the real collector, the real thresholds ---------------

    @Test
    void garbageAroundASmallLiveSetNeverThrottles() throws Exception {
        String result = runProbe("garbage");

        assertThat(result).startsWith("RESULT garbage events=0 ");
    }

    @Test
    void aLiveSetGrowingPastEightyPercentThrottlesAndDroppingItReleases() throws Exception {
        String result = runProbe("grow");

        assertThat(result).startsWith("RESULT grow throttled=true released=true events=1 ");
        double occupancy = Double.parseDouble(
                result.substring(result.indexOf("occupancy=") + 10).strip());
        assertThat(occupancy).isGreaterThan(MemoryGovernor.DEFAULT_ENGAGE_ABOVE);
    }

    private static String runProbe(String mode) throws IOException, InterruptedException, ExecutionException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-Xmx64m",
                        "-Xms16m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        GovernorProbe.class.getName(),
                        mode)
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not finish");
        }
        String out = output.get();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow(() -> new AssertionError(out));
    }
}
