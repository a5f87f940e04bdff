package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class VectorIndexTest {

    private final DataSource dataSource = TestDatabase.dataSource();
    private final ChunkStore store = new ChunkStore(dataSource);

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
    void anHnswIndexServesVectorSearchWithHighRecallAndCanBeDroppedAgain() throws SQLException {
        Random random = new Random(31);
        long documentId = store.upsertDocument(document("/docs/ann.md", "ann")).id();
        store.replaceChunks(
                documentId,
                MINILM,
                IntStream.range(0, 2_000)
                        .mapToObj(i -> chunk(i, "ann " + i, unitVector(random, DIM)))
                        .toList());
        List<float[]> queries =
                IntStream.range(0, 10).mapToObj(i -> unitVector(random, DIM)).toList();
        List<Set<Long>> exact = new ArrayList<>();
        queries.forEach(q -> exact.add(ids(store.vectorSearch(q, 10))));

        store.useVectorIndex(new VectorIndex.Hnsw(16, 64));

        assertThat(store.vectorIndexDefinition())
                .hasValueSatisfying(def -> assertThat(def)
                        .contains("hnsw")
                        .contains("vector_cosine_ops")
                        .contains("m='16'")
                        .contains("ef_construction='64'"));
        assertThat(plan(queries.getFirst())).contains(VectorIndex.NAME);
        // Random 384-d vectors are HNSW's hardest case: pgvector's default ef_search of 40 finds
        // about 3 in 4 of the true top-10 here; IndexTuner chooses this number from a target.
        store.useSearchSettings(new SearchSettings(100, 1), false);
        int found = 0;
        for (int i = 0; i < queries.size(); i++) {
            Set<Long> approximate = ids(store.vectorSearch(queries.get(i), 10));
            approximate.retainAll(exact.get(i));
            found += approximate.size();
        }
        assertThat(found / 100.0).as("recall@10").isGreaterThanOrEqualTo(0.8);

        store.useVectorIndex(new VectorIndex.None());
        assertThat(store.vectorIndexDefinition()).isEmpty();
        assertThat(plan(queries.getFirst())).doesNotContain(VectorIndex.NAME);
    }

    @Test
    void anIvfFlatIndexReplacesTheHnswIndex() {
        store.useVectorIndex(new VectorIndex.Hnsw(8, 32));

        store.useVectorIndex(new VectorIndex.IvfFlat(4));

        assertThat(store.vectorIndexDefinition())
                .hasValueSatisfying(def -> assertThat(def).contains("ivfflat").contains("lists='4'"));
    }

    @Test
    void impossibleIndexParametersAreRefusedBeforeAnySql() {
        assertThatThrownBy(() -> new VectorIndex.Hnsw(16, 20)).hasMessageContaining("at least twice m");
        assertThatThrownBy(() -> new VectorIndex.Hnsw(1, 64)).hasMessageContaining("m must be");
        assertThatThrownBy(() -> new VectorIndex.IvfFlat(0)).hasMessageContaining("lists must be");
    }

    private String plan(float[] query) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("EXPLAIN SELECT id FROM chunks ORDER BY embedding <=> ? LIMIT 10")) {
            ps.setObject(1, new com.pgvector.PGvector(query));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static Set<Long> ids(List<ChunkHit> hits) {
        Set<Long> ids = new HashSet<>();
        hits.forEach(h -> ids.add(h.chunkId()));
        return ids;
    }
}
