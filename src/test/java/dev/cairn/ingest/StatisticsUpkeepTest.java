package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The library's statistics are refreshed when its runs changed enough of it, and closing waits for a refresh. */
class StatisticsUpkeepTest extends LibraryTest {

    @Test
    void smallChangesAddUpUntilTheyAreWorthAnAnalysis() throws Exception {
        Path notes = Files.createDirectories(dir.resolve("notes"));
        for (int i = 0; i < 40; i++) {
            Files.writeString(notes.resolve("note" + i + ".txt"), "Hut number " + i + " sleeps twelve walkers.");
        }
        try (SemanticIndexer stage = new SemanticIndexer(store, model, 8);
                SemanticIndexer.Hold held = stage.holdForText();
                StatisticsUpkeep upkeep = new StatisticsUpkeep(store, Runnable::run)) {
            IngestPipeline pipeline = new IngestPipeline(
                            parsers, model, store, governor, IngestPipeline.Options.defaults(), stage)
                    .upkeepWith(upkeep);
            long before = analysesOfTheChunks();
            assertThat(store.analysedChunks()).as("emptied: never analysed").isNegative();

            assertThat(ingest(pipeline, notes).indexed()).isEqualTo(40);
            assertThat(analysesOfTheChunks()).as("a library never analysed").isEqualTo(before + 1);
            assertThat(store.analysedChunks()).isEqualTo(40);

            Files.writeString(notes.resolve("note1.txt"), "Hut one is closed for the winter.");
            assertThat(ingest(pipeline, notes.resolve("note1.txt")).indexed()).isEqualTo(1);
            assertThat(analysesOfTheChunks())
                    .as("one chunk of 40 changed: under 5%, left to add up")
                    .isEqualTo(before + 1);

            Files.writeString(notes.resolve("note2.txt"), "Hut two has a new roof.");
            assertThat(ingest(pipeline, notes.resolve("note2.txt")).indexed()).isEqualTo(1);
            assertThat(analysesOfTheChunks())
                    .as("two chunks of 40 together: 5%")
                    .isEqualTo(before + 2);

            assertThat(ingest(pipeline, notes).skipped()).isEqualTo(40);
            assertThat(analysesOfTheChunks()).as("nothing changed").isEqualTo(before + 2);
        }
    }

    @Test
    void closingWaitsForTheAnalysisInProgressAndTakesNoMoreRuns() throws Exception {
        StatisticsUpkeep upkeep = new StatisticsUpkeep(store);
        long before = analysesOfTheChunks();
        Thread closing;
        // The refresh first folds the word counts, which waits for this lock: it is in progress while it is held.
        try (Connection c = TestDatabase.dataSource().getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE lexeme_counts IN EXCLUSIVE MODE");
            upkeep.afterRun(changedOneDocument());
            awaitAnalyzeWaiting();
            closing = Thread.ofPlatform().start(upkeep::close);
            closing.join(500);
            assertThat(closing.isAlive()).as("close waits for the analysis").isTrue();
            c.commit();
        }
        closing.join(30_000);
        assertThat(closing.isAlive()).isFalse();
        assertThat(analysesOfTheChunks()).as("it ended before close returned").isEqualTo(before + 1);

        upkeep.afterRun(changedOneDocument());
        assertThat(analysesOfTheChunks()).as("closed: no more").isEqualTo(before + 1);
    }

    @Test
    void closingStopsAnAnalysisThatHasNotBegun() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        Thread[] worker = new Thread[1];
        StatisticsUpkeep upkeep = new StatisticsUpkeep(
                store,
                work -> worker[0] = Thread.ofPlatform().start(() -> {
                    try {
                        closed.await(); // the analysis would begin only after close()
                    } catch (InterruptedException e) {
                        return;
                    }
                    work.run();
                }));
        long before = analysesOfTheChunks();
        upkeep.afterRun(changedOneDocument());
        Thread closing = Thread.ofPlatform().start(upkeep::close);
        while (closing.getState() != Thread.State.TIMED_WAITING && closing.isAlive()) {
            Thread.onSpinWait();
        }
        closed.countDown();
        closing.join(30_000);
        worker[0].join(30_000);
        assertThat(closing.isAlive()).isFalse();
        assertThat(analysesOfTheChunks())
                .as("a quitting app starts no analysis")
                .isEqualTo(before);
    }

    @Test
    void anAnalysisDuringAVectorIndexBuildIsPutOffNotWaitedForAndFollowsTheBuild() throws Exception {
        StatisticsUpkeep upkeep = new StatisticsUpkeep(store, Runnable::run);
        long before = analysesOfTheChunks();
        // CREATE INDEX CONCURRENTLY holds this lock on the chunks for the whole build, as ANALYZE needs it.
        try (Connection c = TestDatabase.dataSource().getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE chunks IN SHARE UPDATE EXCLUSIVE MODE");

            upkeep.afterRun(changedOneDocument()); // on this thread: returns once analysed or put off
            assertThat(analysesOfTheChunks()).as("put off, not waited for").isEqualTo(before);
            upkeep.retry();
            assertThat(analysesOfTheChunks())
                    .as("the build still holds the chunks")
                    .isEqualTo(before);

            c.commit();
        }
        upkeep.retry();
        assertThat(analysesOfTheChunks()).as("the build ended").isEqualTo(before + 1);
        upkeep.retry();
        assertThat(analysesOfTheChunks()).as("nothing waits any more").isEqualTo(before + 1);
        upkeep.close();
    }

    /** Until the upkeep's refresh waits for the lock the test holds. */
    private static void awaitAnalyzeWaiting() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = TestDatabase.dataSource().getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE query LIKE '%DELETE FROM lexeme_counts%' AND wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the analysis never began");
    }

    @Test
    void aChangeIsWorthAnAnalysisFromFivePercentOfTheAnalysedChunks() {
        assertThat(StatisticsUpkeep.needed(1, -1)).as("never analysed").isTrue();
        assertThat(StatisticsUpkeep.needed(1, 0)).isTrue();
        assertThat(StatisticsUpkeep.needed(499, 10_000)).isFalse();
        assertThat(StatisticsUpkeep.needed(500, 10_000)).isTrue();
    }

    private static IngestSummary changedOneDocument() {
        return new IngestSummary(1, 0, 0, 0, List.of(), 1, Duration.ofSeconds(1), 0, 0, false);
    }

    private IngestSummary ingest(IngestPipeline pipeline, Path path) throws InterruptedException {
        return pipeline.ingestText(List.of(path), false, new IngestControl(), IngestPipeline.Listener.NONE);
    }

    /** ANALYZE runs on the chunks table asked for by name; autovacuum's own are counted apart. */
    private static long analysesOfTheChunks() throws SQLException {
        return TestDatabase.longOf("SELECT analyze_count FROM pg_stat_user_tables WHERE relid = 'chunks'::regclass");
    }
}
