package dev.cairn.store;

import static dev.cairn.store.Fixtures.BGE;
import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.sha256;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class EmbeddingCacheTableTest {

    private final EmbeddingCacheTable cache = new EmbeddingCacheTable(TestDatabase.dataSource());

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.reset();
    }

    @Test
    void storedVectorsComeBackExactlyAndOnlyForTheirModel() {
        Random random = new Random(11);
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            vectors.put(sha256("text " + i), unitVector(random, DIM));
        }

        cache.putAll(MINILM, vectors);

        String missing = sha256("never embedded");
        List<String> wanted = List.of(sha256("text 0"), sha256("text 500"), sha256("text 999"), missing);
        Map<String, float[]> found = cache.getAll(MINILM, wanted);
        assertThat(found).containsOnlyKeys(sha256("text 0"), sha256("text 500"), sha256("text 999"));
        found.forEach((sha, vector) -> assertThat(vector).containsExactly(vectors.get(sha)));
        assertThat(cache.getAll(MINILM, vectors.keySet())).hasSize(1_000);
        assertThat(cache.getAll(BGE, wanted)).isEmpty();
        try (ChunkStore store = new ChunkStore(TestDatabase.dataSource())) {
            assertThat(store.stats().cachedEmbeddings()).isEqualTo(1_000);
        }
    }

    @Test
    void vectorsOfTextsStartsAreKeptApartFromWholeTextsAndForgottenWithTheirModel() {
        String sha = sha256("a long passage");
        float[] whole = unitVector(new Random(2), DIM);
        float[] start = unitVector(new Random(3), DIM);
        cache.putAll(MINILM, Map.of(sha, whole));
        cache.readingAtMost(128).putAll(MINILM, Map.of(sha, start));

        assertThat(cache.getAll(MINILM, List.of(sha)).get(sha)).containsExactly(whole);
        assertThat(cache.readingAtMost(128).getAll(MINILM, List.of(sha)).get(sha))
                .containsExactly(start);
        assertThat(cache.readingAtMost(64).getAll(MINILM, List.of(sha))).isEmpty();

        assertThat(EmbeddingCacheTable.forget(TestDatabase.dataSource(), MINILM))
                .isEqualTo(2);
        assertThat(cache.readingAtMost(128).getAll(MINILM, List.of(sha))).isEmpty();
    }

    @Test
    void storingATextAgainKeepsTheFirstVector() {
        String sha = sha256("same text");
        float[] first = unitVector(new Random(1), DIM);
        cache.putAll(MINILM, Map.of(sha, first));

        cache.putAll(
                MINILM, Map.of(sha, unitVector(new Random(2), DIM), sha256("other"), unitVector(new Random(3), DIM)));

        assertThat(cache.getAll(MINILM, List.of(sha)).get(sha)).containsExactly(first);
        assertThat(cache.getAll(MINILM, List.of(sha256("other")))).hasSize(1);
    }

    @Test
    void hashesMatchWhateverTheirHexCase() {
        String sha = sha256("case");
        cache.putAll(MINILM, Map.of(sha.toUpperCase(), new float[] {1, 2, 3}));

        assertThat(cache.getAll(MINILM, List.of(sha))).containsOnlyKeys(sha);
    }

    @Test
    void emptyRequestsNeedNoDatabaseAndBadHashesAreRefusedClearly() {
        assertThat(cache.getAll(MINILM, List.of())).isEmpty();
        cache.putAll(MINILM, Map.of());

        assertThatThrownBy(() -> cache.getAll(MINILM, List.of("not-a-hash")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> cache.putAll(MINILM, Map.of(sha256("x"), new float[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 dimensions");
    }
}
