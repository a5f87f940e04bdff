package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Cairn;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of the bundled PostgreSQL in the middle of an import, with the real server and model: the
 * batch stops instead of parsing every remaining file against a dead database, says once what
 * happened and what to do, and reports no file as failed for a reason that is not its own.
 */
class DatabaseLossTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(
            value = 5,
            unit = TimeUnit.MINUTES,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang must fail, not stall the build
    void aBatchWhoseDatabaseIsKilledStopsAndSaysItOnce() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(
                    corpus.resolve("walk-%03d.txt".formatted(i)),
                    ("Walk %d climbs from the valley to the hut at waypoint %d and returns by the lake. "
                                    .formatted(i, i))
                            .repeat(20));
        }
        AppDirs dirs = new AppDirs(dir.resolve("data"));
        try (Cairn cairn = Cairn.open(dirs, null)) {
            IngestPipeline pipeline = cairn.pipeline(cairn.ingestOptions());
            CountDownLatch someStored = new CountDownLatch(20);
            AtomicInteger failed = new AtomicInteger();
            IngestControl control = new IngestControl();
            CompletableFuture<IngestSummary> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return pipeline.ingestText(List.of(corpus), false, control, new IngestPipeline.Listener() {
                        @Override
                        public void result(IngestResult result) {
                            if (result instanceof IngestResult.Failed) {
                                failed.incrementAndGet();
                            }
                            someStored.countDown();
                        }
                    });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(someStored.await(120, TimeUnit.SECONDS)).isTrue();

            long postmaster = Long.parseLong(Files.readAllLines(dirs.pgData().resolve("postmaster.pid"))
                    .getFirst()
                    .strip());
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
            long killedAt = System.nanoTime();
            IngestSummary summary = run.get(120, TimeUnit.SECONDS);
            double secondsAfterKill = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf(
                    "DatabaseLossTest: stopped %.1f s after the kill; %d indexed, %d failed; %s%n",
                    secondsAfterKill, summary.indexed(), summary.failed(), summary.stopped());

            assertThat(failed.get()).as("no file blamed for the database").isZero();
            assertThat(summary.failed()).isZero();
            if (summary.stopped() != null) {
                assertThat(Phrase.english(summary.stopped()))
                        .startsWith("The library's database stopped answering")
                        .endsWith((300 - summary.indexed()) + " files are left.");
                assertThat(summary.indexed())
                        .as("the batch stopped, it did not go through every file")
                        .isLessThan(300);
            } else {
                assertThat(summary.indexed())
                        .as("the server came back and the batch carried on")
                        .isEqualTo(300);
            }
        }
    }
}
