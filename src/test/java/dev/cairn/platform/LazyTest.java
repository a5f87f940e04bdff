package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void callersArrivingDuringTheBuildWaitForTheSameValue() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Lazy<Object> lazy = new Lazy<>(() -> {
            builds.incrementAndGet();
            building.countDown();
            await(finish);
            return new Object();
        });
        List<Future<Object>> values = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            values.add(callers.submit(lazy::get));
            building.await();
            for (int i = 0; i < 20; i++) {
                values.add(callers.submit(lazy::get));
            }
            finish.countDown();
            for (Future<Object> v : values) {
                assertThat(v.get()).isSameAs(values.getFirst().get());
            }
        }
        assertThat(builds).hasValue(1);
        assertThat(lazy.buildTime()).isPresent();
    }

    @Test
    void aFailedBuildIsReportedAndTheNextCallTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("model file missing");
            }
            return "loaded";
        });

        assertThatThrownBy(lazy::get).hasMessage("model file missing");
        assertThat(lazy.isBuilt()).isFalse();
        assertThat(lazy.get()).isEqualTo("loaded");
    }

    @Test
    void peekingNeverBuildsTheValue() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>(() -> "built " + builds.incrementAndGet());

        assertThat(lazy.peek()).isEmpty();
        assertThat(builds).hasValue(0);
        assertThat(lazy.get()).isEqualTo("built 1");
        assertThat(lazy.peek()).contains("built 1");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
