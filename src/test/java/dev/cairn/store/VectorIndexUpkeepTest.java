package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class VectorIndexUpkeepTest {

    private static final VectorIndex HNSW = new VectorIndex.Hnsw(16, 64);

    private final DataSource dataSource = TestDatabase.dataSource();
    private final ChunkStore store = new ChunkStore(dataSource);
    private final AtomicReference<IndexTuner.Kind> setting = new AtomicReference<>(IndexTuner.Kind.AUTO);
    private final List<Runnable> queued = new ArrayList<>();
    private final VectorIndexUpkeep upkeep = new VectorIndexUpkeep(dataSource, store, setting::get, queued::add);

    @BeforeEach
    void emptyDatabaseWithActiveModel() {
        TestDatabase.resetWithMiniLmActive();
    }

    @AfterEach
    void noIndexNorTunedSettingsForTheOtherTests() {
        upkeep.close();
        store.useVectorIndex(new VectorIndex.None());
        store.useSearchSettings(SearchSettings.PGVECTOR_DEFAULTS, true);
        store.close();
    }

    @Test
    void aLibraryPastTheThresholdGetsHnswOnlyOnceEveryChunkHasItsVector() throws SQLException {
        addChunksWithoutVectors(1_200, 1);

        assertThat(upkeep.check())
                .as("while chunks wait for their vectors")
                .isEqualTo(new VectorIndexUpkeep.Deferred(VectorIndexUpkeep.Reason.EMBEDDING));
        assertThat(store.vectorIndexDefinition()).isEmpty();

        giveEveryChunkAVector(1);
        VectorIndexUpkeep.Outcome outcome = upkeep.check();

        assertThat(outcome).isInstanceOfSatisfying(VectorIndexUpkeep.Built.class, built -> {
            assertThat(built.index()).isEqualTo(HNSW);
            assertThat(built.vectors()).isEqualTo(1_200);
            assertThat(built.recall()).isGreaterThanOrEqualTo(0.95);
        });
        assertThat(VectorIndex.parse(store.vectorIndexDefinition().orElseThrow()))
                .isEqualTo(HNSW);
        assertThat(upkeep.known()).contains(new VectorIndexUpkeep.State(HNSW, Optional.empty()));
        assertThat(upkeep.state()).isEqualTo(new VectorIndexUpkeep.State(HNSW, Optional.empty()));
    }

    @Test
    void aSmallLibraryKeepsTheExactScan() {
        addChunks(500, 2);

        assertThat(upkeep.check()).isEqualTo(new VectorIndexUpkeep.Kept(new VectorIndex.None(), 500));
        assertThat(store.vectorIndexDefinition()).isEmpty();
    }

    @Test
    void aLibraryThatGrowsKeepsItsGraphAndASecondTriggerBuildsNothing() throws SQLException, InterruptedException {
        addChunks(1_500, 3);
        assertThat(upkeep.check()).isInstanceOf(VectorIndexUpkeep.Built.class);
        long built = indexOid();

        assertThat(upkeep.check()).isEqualTo(new VectorIndexUpkeep.Kept(HNSW, 1_500));
        addChunks(600, 4);
        assertThat(upkeep.check())
                .as("about: an estimate, which may lag the writes")
                .isInstanceOfSatisfying(
                        VectorIndexUpkeep.Kept.class, k -> assertThat(k.index()).isEqualTo(HNSW));
        // ANALYZE (SKIP_LOCKED) analyses nothing while autovacuum works on the table (false): ask again until it has.
        await(store::refreshStatistics);
        assertThat(upkeep.check()).isEqualTo(new VectorIndexUpkeep.Kept(HNSW, 2_100));

        assertThat(indexOid()).as("the same index, not a rebuild").isEqualTo(built);
    }

    @Test
    void requestsWhileACheckIsWaitingMakeOneCheckAndOneBuild() throws SQLException {
        addChunks(1_100, 5);

        upkeep.request();
        upkeep.request();
        upkeep.request();
        assertThat(queued).as("one check asked of the executor").hasSize(1);
        queued.getFirst().run();
        long built = indexOid();

        upkeep.request();
        assertThat(queued).hasSize(2);
        queued.getLast().run();

        assertThat(VectorIndex.parse(store.vectorIndexDefinition().orElseThrow()))
                .isEqualTo(HNSW);
        assertThat(indexOid()).isEqualTo(built);
    }

    @Test
    void whileAnotherProcessHoldsTheBuildNothingIsBuiltHere() throws SQLException {
        addChunks(1_100, 6);
        try (Connection other = dataSource.getConnection();
                Statement st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(5502, 2)");

            assertThat(upkeep.check())
                    .isEqualTo(new VectorIndexUpkeep.Deferred(VectorIndexUpkeep.Reason.BUILT_ELSEWHERE));
            assertThat(store.vectorIndexDefinition()).isEmpty();

            st.execute("SELECT pg_advisory_unlock(5502, 2)");
        }
        assertThat(upkeep.check()).isInstanceOf(VectorIndexUpkeep.Built.class);
    }

    @Test
    void anIndexUnderTheBuildsNameIsABuildOnlyWhileItsBuilderHoldsTheLock() throws SQLException {
        addChunks(1_100, 8);
        try (Connection other = dataSource.getConnection();
                Statement st = other.createStatement()) {
            st.execute(VectorIndex.createStatement(HNSW, VectorIndex.BUILD_NAME, false));
            assertThat(upkeep.state().building())
                    .as("a leftover of a killed build")
                    .isEmpty();

            st.execute("SELECT pg_advisory_lock(5502, 2)");
            assertThat(upkeep.state())
                    .isEqualTo(new VectorIndexUpkeep.State(new VectorIndex.None(), Optional.of(HNSW)));
            st.execute("SELECT pg_advisory_unlock(5502, 2)");
        }
        assertThat(upkeep.check()).as("the next build drops the leftover").isInstanceOf(VectorIndexUpkeep.Built.class);
        assertThat(upkeep.state()).isEqualTo(new VectorIndexUpkeep.State(HNSW, Optional.empty()));
    }

    @Test
    void closingWhileACheckLooksBuildsNothing() {
        addChunks(1_100, 9);
        VectorIndexUpkeep[] self = new VectorIndexUpkeep[1];
        // The setting is read after the lock is taken: closing then must still stop the build to come.
        self[0] = new VectorIndexUpkeep(
                dataSource,
                store,
                () -> {
                    self[0].close();
                    return IndexTuner.Kind.AUTO;
                },
                Runnable::run);

        assertThat(self[0].check()).isEqualTo(new VectorIndexUpkeep.Deferred(VectorIndexUpkeep.Reason.CLOSED));
        assertThat(store.vectorIndexDefinition()).isEmpty();
    }

    @Test
    void closingDuringABuildStopsAllOfItAndTheNextStartFindsTheLibrarySound() throws Exception {
        addChunks(1_100, 10);
        VectorIndexUpkeep background = new VectorIndexUpkeep(dataSource, store, setting::get);
        try (Connection writer = dataSource.getConnection();
                Statement st = writer.createStatement()) {
            // An import's transaction in flight: the build waits for it, so it is in progress while this is open.
            writer.setAutoCommit(false);
            st.execute("LOCK TABLE chunks IN ROW EXCLUSIVE MODE");
            background.request();
            awaitActivity("query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'");

            background.close();

            assertThat(activity("query LIKE '%INDEX CONCURRENTLY%' AND state = 'active'"))
                    .as("nothing of the build runs on, not even a drop of its leftover (it would wait for the import)")
                    .isZero();
            assertThat(background.known())
                    .contains(new VectorIndexUpkeep.State(new VectorIndex.None(), Optional.empty()));
            writer.commit();
        }
        assertThat(invalidIndexesOnChunks()).as("the stopped build's leftover").isEqualTo(1);
        assertThat(upkeep.state())
                .as("a leftover, not a build")
                .isEqualTo(new VectorIndexUpkeep.State(new VectorIndex.None(), Optional.empty()));

        assertThat(upkeep.check()).as("the next start").isInstanceOf(VectorIndexUpkeep.Built.class);
        assertThat(invalidIndexesOnChunks()).isZero();
        assertThat(upkeep.state()).isEqualTo(new VectorIndexUpkeep.State(HNSW, Optional.empty()));
    }

    @Test
    void aStoppedBuildsLeftoverIsDroppedAlsoWhereTheIndexIsKept() throws SQLException {
        addChunks(1_100, 11);
        assertThat(upkeep.check()).isInstanceOf(VectorIndexUpkeep.Built.class);
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute(VectorIndex.createStatement(HNSW, VectorIndex.BUILD_NAME, false));
        }

        assertThat(upkeep.check())
                .isInstanceOfSatisfying(
                        VectorIndexUpkeep.Kept.class, k -> assertThat(k.index()).isEqualTo(HNSW));
        assertThat(TestDatabase.longOf(
                        "SELECT count(*) FROM pg_class WHERE relname = '" + VectorIndex.BUILD_NAME + "'"))
                .isZero();
    }

    @Test
    void ofTwoProcessesOnOneLibraryOneBuildsAndTheOtherShowsItThenLearnsItsResultInTheBackground() throws Exception {
        addChunks(1_100, 12);
        AtomicInteger endedInA = new AtomicInteger();
        AtomicInteger endedInB = new AtomicInteger();
        VectorIndexUpkeep.State done = new VectorIndexUpkeep.State(HNSW, Optional.empty());
        try (ChunkStore storeB = new ChunkStore(dataSource);
                VectorIndexUpkeep a =
                        new VectorIndexUpkeep(dataSource, store, setting::get).afterBuild(endedInA::incrementAndGet);
                VectorIndexUpkeep b =
                        new VectorIndexUpkeep(dataSource, storeB, setting::get).afterBuild(endedInB::incrementAndGet);
                Connection writer = dataSource.getConnection();
                Statement st = writer.createStatement()) {
            writer.setAutoCommit(false);
            st.execute("LOCK TABLE chunks IN ROW EXCLUSIVE MODE");
            a.request();
            awaitActivity("query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'");

            assertThat(b.check())
                    .as("the command line's check returns at once")
                    .isEqualTo(new VectorIndexUpkeep.Deferred(VectorIndexUpkeep.Reason.BUILT_ELSEWHERE));
            assertThat(b.known()).contains(new VectorIndexUpkeep.State(new VectorIndex.None(), Optional.of(HNSW)));
            b.request(); // the window's: waits for the build off the caller's thread, trying the lock now and then
            awaitActivity("state = 'idle' AND query LIKE 'SELECT pg_try_advisory_lock%'");

            writer.commit();
            await(() -> done.equals(a.known().orElseThrow())
                    && done.equals(b.known().orElseThrow())
                    && endedInB.get() > 0);
        }
        assertThat(endedInA).as("A built once").hasValue(1);
        assertThat(endedInB).as("B saw the build end and built nothing itself").hasValue(1);
        assertThat(invalidIndexesOnChunks()).isZero();
    }

    @Test
    void releasingTheBuildsLockWhereItIsNotHeldIsReported() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertThat(VectorIndexUpkeep.unlock(c)).isFalse();
        }
    }

    @Test
    void choosingNoneDropsTheIndexAndChoosingIvfFlatReplacesIt() {
        addChunks(2_000, 7);
        assertThat(upkeep.check()).isInstanceOf(VectorIndexUpkeep.Built.class);

        setting.set(IndexTuner.Kind.NONE);
        assertThat(upkeep.check())
                .isInstanceOfSatisfying(
                        VectorIndexUpkeep.Built.class,
                        b -> assertThat(b.index()).isEqualTo(new VectorIndex.None()));
        assertThat(store.vectorIndexDefinition()).isEmpty();
        assertThat(upkeep.check()).isEqualTo(new VectorIndexUpkeep.Kept(new VectorIndex.None(), 2_000));

        setting.set(IndexTuner.Kind.IVFFLAT);
        assertThat(upkeep.check())
                .isInstanceOfSatisfying(
                        VectorIndexUpkeep.Built.class,
                        b -> assertThat(b.index()).isEqualTo(new VectorIndex.IvfFlat(2)));
        assertThat(VectorIndex.parse(store.vectorIndexDefinition().orElseThrow()))
                .isEqualTo(new VectorIndex.IvfFlat(2));
    }

    @Test
    void anIndexIsReplacedOnlyWhenItIsOfAnotherKindInvalidOrItsListsAreFarOff() {
        IndexTuner.Kind auto = IndexTuner.Kind.AUTO;
        assertThat(VectorIndexUpkeep.change(5_000, auto, new VectorIndex.None(), true))
                .contains(HNSW);
        assertThat(VectorIndexUpkeep.change(500_000, auto, HNSW, true))
                .as("a graph built with ef_construction 64 is kept as the library grows")
                .isEmpty();
        assertThat(VectorIndexUpkeep.change(500, auto, HNSW, true))
                .as("a library that shrank keeps its index")
                .isEmpty();
        assertThat(VectorIndexUpkeep.change(5_000, auto, HNSW, false)).contains(HNSW);
        assertThat(VectorIndexUpkeep.change(5_000, auto, new VectorIndex.IvfFlat(5), true))
                .contains(HNSW);

        IndexTuner.Kind ivf = IndexTuner.Kind.IVFFLAT;
        assertThat(VectorIndexUpkeep.change(15_000, ivf, new VectorIndex.IvfFlat(10), true))
                .isEmpty();
        assertThat(VectorIndexUpkeep.change(20_000, ivf, new VectorIndex.IvfFlat(10), true))
                .contains(new VectorIndex.IvfFlat(20));
        assertThat(VectorIndexUpkeep.change(5_000, IndexTuner.Kind.HNSW, new VectorIndex.IvfFlat(5), true))
                .contains(HNSW);

        assertThat(VectorIndexUpkeep.change(5_000, IndexTuner.Kind.NONE, HNSW, true))
                .contains(new VectorIndex.None());
        assertThat(VectorIndexUpkeep.change(5_000, IndexTuner.Kind.NONE, new VectorIndex.None(), true))
                .isEmpty();
    }

    private void addChunks(int n, int seed) {
        Fixtures.addRandomChunks(store, n, seed);
    }

    /** Chunks whose vectors are still to come, as text-first storing or a switch of model leaves them. */
    private void addChunksWithoutVectors(int n, int seed) throws SQLException {
        addChunks(n, seed);
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE chunks SET embedding = NULL");
        }
    }

    /** What the embedding stage does, through the same call, with random vectors instead of the model's. */
    private void giveEveryChunkAVector(int seed) throws SQLException {
        Random random = new Random(seed);
        Map<Long, float[]> vectors = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM chunks WHERE embedding IS NULL")) {
            while (rs.next()) {
                vectors.put(rs.getLong(1), unitVector(random, DIM));
            }
        }
        store.updateEmbeddings(MINILM, vectors);
    }

    private static long invalidIndexesOnChunks() throws SQLException {
        return TestDatabase.longOf(
                "SELECT count(*) FROM pg_index WHERE indrelid = 'chunks'::regclass AND NOT indisvalid");
    }

    /** Backends of other sessions in the state {@code where} names. */
    private static long activity(String where) throws SQLException {
        return TestDatabase.longOf("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND " + where);
    }

    private static void awaitActivity(String where) throws Exception {
        await(() -> {
            try {
                return activity(where) > 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits for a state, not a time: the deadline only keeps a broken build from hanging the run. */
    private static void await(BooleanSupplier state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!state.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the state never came");
            }
            Thread.sleep(20);
        }
    }

    private static long indexOid() throws SQLException {
        return TestDatabase.longOf("SELECT to_regclass('" + VectorIndex.NAME + "')::oid");
    }
}
