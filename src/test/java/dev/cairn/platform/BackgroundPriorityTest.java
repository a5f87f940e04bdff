package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

    private final ThreadFactory plain =
            Thread.ofPlatform().name("test-background-", 1).factory();

    @BeforeEach
    void onLinux() {
        assumeTrue(BackgroundPriority.currentNice().isPresent(), "thread nice values are a Linux feature");
    }

    @Test
    void aLoweredThreadRunsAtNiceTenAndTheThreadsItStartsInheritIt() throws Exception {
        int callerBefore = BackgroundPriority.currentNice().orElseThrow();

        FutureTask<int[]> work = new FutureTask<>(() -> {
            int own = BackgroundPriority.currentNice().orElseThrow();
            // A thread started by native code (ONNX Runtime's workers) is what matters; a Java thread shows the same
            // inheritance.
            CompletableFuture<Integer> child = new CompletableFuture<>();
            Thread.ofPlatform()
                    .start(() -> child.complete(BackgroundPriority.currentNice().orElseThrow()))
                    .join();
            return new int[] {own, child.get(), Thread.currentThread().getPriority()};
        });
        BackgroundPriority.lowered(plain).newThread(work).start();
        int[] seen = work.get();

        assertThat(seen[0]).as("the lowered thread's nice value").isEqualTo(BackgroundPriority.NICE);
        assertThat(seen[1]).as("a thread it starts").isEqualTo(BackgroundPriority.NICE);
        assertThat(seen[2]).as("Java priority, which Windows honours").isEqualTo(Thread.MIN_PRIORITY);
        assertThat(BackgroundPriority.currentNice())
                .as("the caller is untouched")
                .isEqualTo(Optional.of(callerBefore));
    }

    @Test
    void aVirtualThreadIsNeverLoweredBecauseItsCarrierWouldBe() throws Exception {
        int callerNice = BackgroundPriority.currentNice().orElseThrow();
        CompletableFuture<Boolean> lowered = new CompletableFuture<>();
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        Thread.ofVirtual()
                .start(() -> {
                    lowered.complete(BackgroundPriority.lowerCurrentThread());
                    nice.complete(BackgroundPriority.currentNice().orElseThrow());
                })
                .join();

        assertThat(lowered.get()).isFalse();
        assertThat(nice.get())
                .as("the carrier thread's nice value, as every thread here started")
                .isEqualTo(callerNice);
    }
}
