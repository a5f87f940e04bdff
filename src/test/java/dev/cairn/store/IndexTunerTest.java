package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pgvector.PGvector;
import dev.cairn.platform.Phrase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class IndexTunerTest {

    private final DataSource dataSource = TestDatabase.dataSource();
    private final ChunkStore store = new ChunkStore(dataSource);
    private final IndexTuner tuner = new IndexTuner(dataSource, store, IndexTuner.Options.DEFAULT);

    @BeforeEach
    void emptyDatabaseWithActiveModel() {
        TestDatabase.resetWithMiniLmActive();
    }

    @AfterEach
    void noIndexForTheOtherTests() {
        store.useVectorIndex(new VectorIndex.None());
        store.close();
    }

    @Test
    void anEmptyOrSmallLibraryKeepsTheExactScanAndALargerOneGetsHnsw() {
        assertThat(recommendationFor(0).index()).isEqualTo(new VectorIndex.None());

        addRandomChunks(500, 1);
        IndexTuner.Recommendation small = recommendationFor(500);
        assertThat(small.index()).isEqualTo(new VectorIndex.None());
        assertThat(Phrase.english(small.reason())).contains("exact scan");
        assertThat(Phrase.show(small.reason(), java.util.Locale.GERMAN)).contains("exakter Durchlauf");

        addRandomChunks(4_500, 2);
        IndexTuner.Recommendation larger = recommendationFor(5_000);
        assertThat(larger.index()).isEqualTo(new VectorIndex.Hnsw(16, 64));
        assertThat(Phrase.english(larger.reason())).contains("HNSW");

        assertThat(IndexTuner.recommend(2_000_000, IndexTuner.Kind.AUTO).index())
                .isEqualTo(new VectorIndex.Hnsw(16, 128));
    }

    @Test
    void ivfFlatIsNeverRecommendedNorBuiltOnAnEmptyOrTinyTable() {
        assertThat(IndexTuner.recommend(0, IndexTuner.Kind.IVFFLAT).index()).isEqualTo(new VectorIndex.None());
        assertThat(Phrase.english(
                        IndexTuner.recommend(500, IndexTuner.Kind.IVFFLAT).reason()))
                .contains("too few rows");
        assertThatThrownBy(() -> IndexTuner.ivfFlatLists(0))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                        .contains("at least "
                                + String.format(java.util.Locale.ENGLISH, "%,d", IndexTuner.IVFFLAT_MIN_ROWS)));

        assertThatThrownBy(() -> tuner.apply(new VectorIndex.IvfFlat(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("IVFFlat needs at least"))
                .satisfies(e -> assertThat(Phrase.show(e.getMessage(), java.util.Locale.GERMAN))
                        .contains("IVFFlat braucht mindestens"));
        assertThat(store.vectorIndexDefinition()).isEmpty();

        assertThat(IndexTuner.recommend(50_000, IndexTuner.Kind.IVFFLAT).index())
                .isEqualTo(new VectorIndex.IvfFlat(50));
        assertThat(IndexTuner.ivfFlatLists(4_000_000)).isEqualTo(2_000);
    }

    @Test
    void theChosenEfSearchReachesTheTargetRecallThroughTheStoresOwnSearches() {
        addRandomChunks(5_000, 3);
        tuner.apply(new VectorIndex.Hnsw(16, 64));

        IndexTuner.Tuning tuning = tuner.tune();

        assertThat(tuning.index()).isEqualTo(new VectorIndex.Hnsw(16, 64));
        assertThat(tuning.reachedTarget()).isTrue();
        assertThat(tuning.recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(tuning.settings().efSearch()).isGreaterThanOrEqualTo(IndexTuner.Options.DEFAULT.minEfSearch());
        assertThat(tuning.tried()).last().extracting(IndexTuner.Probe::settings).isEqualTo(tuning.settings());

        store.useSearchSettings(tuning.settings(), false);
        RecallProbe probe = new RecallProbe(dataSource, IndexTuner.Options.DEFAULT);
        List<float[]> queries = probe.sampleQueries(IndexTuner.Options.DEFAULT.sampleQueries());
        double found = 0;
        for (float[] q : queries) {
            Set<Long> exact = new HashSet<>(probe.exactTopK(q));
            Set<Long> approximate = new HashSet<>();
            store.vectorSearch(q, 10).forEach(h -> approximate.add(h.chunkId()));
            approximate.retainAll(exact);
            found += approximate.size() / 10.0;
        }
        assertThat(found / queries.size())
                .as("recall@10 of ChunkStore.vectorSearch")
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void theRecallMeasuredIsTheIndexsEvenWhereThePlannerWouldRatherScanTheTable() {
        addRandomChunks(5_000, 8);
        tuner.apply(new VectorIndex.Hnsw(16, 64));
        SearchSettings wide = new SearchSettings(1_000, 1);
        String query = RecallProbe.TOP_K
                .replace("LIMIT ?", "LIMIT 10")
                .replace("?", "'" + new PGvector(unitVector(new Random(9), DIM)) + "'");
        // Which one the planner prefers on 5,000 rows depends on whether the table has been analyzed yet;
        // a free sequential scan makes it prefer the scan either way.
        String freeScan = "SET LOCAL seq_page_cost = 0; SET LOCAL cpu_tuple_cost = 0; SET LOCAL cpu_operator_cost = 0";

        assertThat(plan(freeScan, null, query)).contains("Seq Scan on chunks").doesNotContain(VectorIndex.NAME);
        assertThat(plan(freeScan, wide, query)).contains("Index Scan using " + VectorIndex.NAME);
    }

    /** The plan of {@code query} after {@code set}, and the probe's own set-up for {@code probing} unless null. */
    private String plan(String set, SearchSettings probing, String query) {
        return Jdbc.inTransaction(dataSource, "explain", c -> {
            try (Statement st = c.createStatement()) {
                st.execute(set);
            }
            if (probing != null) {
                RecallProbe.searchTheIndex(c, probing);
            }
            StringBuilder plan = new StringBuilder();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        });
    }

    @Test
    void aMillionVectorBuildAsksForMoreMemoryThanTheServerDefaultButNeverMoreThanHalfWhatIsFree() {
        long million = IndexTuner.buildMemoryMb(1_000_000, 4 * 384, 16, 0);
        assertThat(million).as("graph of 1M 384-d vectors, m=16").isBetween(2_500L, 3_500L);
        assertThat(IndexTuner.buildMemoryMb(1_000_000, 4 * 384, 16, 4_000)).isEqualTo(2_000);
        assertThat(IndexTuner.buildMemoryMb(1_000, 4 * 384, 16, 4_000))
                .as("floor")
                .isEqualTo(64);
        assertThat(IndexTuner.buildMemoryMb(1_000_000, 2 * 384, 16, 0))
                .as("halfvec needs less")
                .isLessThan(million);
    }

    @Test
    void withoutAnIndexEverySearchIsExact() {
        addRandomChunks(200, 4);
        assertThat(tuner.tune().recall()).isEqualTo(1.0);
        assertThat(tuner.stats().rows()).isEqualTo(200);
    }

    @Test
    void searchesKeepAnsweringWhileTheIndexBuildsConcurrently() throws Exception {
        addRandomChunks(5_000, 5);
        Random random = new Random(6);
        List<float[]> queries =
                IntStream.range(0, 20).mapToObj(i -> unitVector(random, DIM)).toList();
        ExecutorService builder = Executors.newSingleThreadExecutor();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> build = tuner.applyInBackground(new VectorIndex.Hnsw(16, 64), builder);
            AtomicInteger answered = new AtomicInteger();
            List<Throwable> failures = new ArrayList<>();
            CompletableFuture<Void> searches = CompletableFuture.runAsync(
                    () -> {
                        int i = 0;
                        do {
                            try {
                                assertThat(store.vectorSearch(queries.get(i++ % queries.size()), 10))
                                        .hasSize(10);
                                answered.incrementAndGet();
                            } catch (Throwable t) {
                                failures.add(t);
                            }
                        } while (!build.isDone());
                    },
                    reader);

            build.get(2, TimeUnit.MINUTES);
            searches.get(2, TimeUnit.MINUTES);

            assertThat(failures).isEmpty();
            assertThat(answered).hasPositiveValue();
            assertThat(store.vectorIndexDefinition())
                    .hasValueSatisfying(def -> assertThat(def).contains("hnsw"));
            assertThat(tuner.stats().indexValid()).isTrue();
        } finally {
            builder.shutdownNow();
            reader.shutdownNow();
        }
    }

    @Test
    void anInvalidIndexLeftByAFailedConcurrentBuildIsDroppedAndRebuilt() throws SQLException {
        addRandomChunks(1_500, 7);
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // Many chunks share a document: this unique build fails and leaves an INVALID index behind.
            st.execute("CREATE UNIQUE INDEX CONCURRENTLY " + VectorIndex.NAME + " ON chunks (document_id)");
        } catch (SQLException expected) {
            assertThat(expected.getMessage()).contains("could not create unique index");
        }
        assertThat(tuner.stats().indexValid()).isFalse();

        tuner.apply(new VectorIndex.Hnsw(8, 32));

        assertThat(tuner.stats().indexValid()).isTrue();
        assertThat(tuner.currentIndex()).isEqualTo(new VectorIndex.Hnsw(8, 32));

        tuner.apply(new VectorIndex.None());
        assertThat(store.vectorIndexDefinition()).isEmpty();
    }

    @Test
    void aSettingThatIsKeptSurvivesANewStore() {
        store.useSearchSettings(new SearchSettings(123, 7), true);
        try (ChunkStore fresh = new ChunkStore(dataSource)) {
            assertThat(fresh.searchSettings()).isEqualTo(new SearchSettings(123, 7));
        } finally {
            store.useSearchSettings(SearchSettings.PGVECTOR_DEFAULTS, true);
        }
    }

    private IndexTuner.Recommendation recommendationFor(long expectedRows) {
        IndexTuner.IndexStats stats = tuner.stats();
        assertThat(stats.rows()).isEqualTo(expectedRows);
        return IndexTuner.recommend(stats.rows(), IndexTuner.Kind.AUTO);
    }

    private void addRandomChunks(int n, int seed) {
        Fixtures.addRandomChunks(store, n, seed);
    }
}
