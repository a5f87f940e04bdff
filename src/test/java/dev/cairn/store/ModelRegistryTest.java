package dev.cairn.store;

import static dev.cairn.store.Fixtures.BGE;
import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class ModelRegistryTest {

    private final ModelRegistry registry = new ModelRegistry(TestDatabase.dataSource());

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    private final Random random = new Random(21);

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.reset();
    }

    @Test
    void theFirstModelNeedsNoReembedding() {
        assertThat(registry.active()).isEmpty();

        Activation activation = registry.activate(MINILM, DIM);

        assertThat(activation.reembedNeeded()).isFalse();
        assertThat(activation.previousModelId()).isNull();
        assertThat(activation.columnResized()).isFalse();
        assertThat(registry.active()).contains(new EmbeddingModel(MINILM, DIM));
        assertThat(registry.activate(MINILM, DIM).reembedNeeded()).isFalse();
    }

    @Test
    void switchingModelsMakesOldChunksStaleUntilTheyAreReembedded() {
        registry.activate(MINILM, DIM);
        long documentId = indexedDocumentWithChunks(3, MINILM);

        Activation activation = registry.activate(BGE, DIM);

        assertThat(activation.reembedNeeded()).isTrue();
        assertThat(activation.staleChunks()).isEqualTo(3);
        assertThat(activation.previousModelId()).isEqualTo(MINILM);
        assertThat(activation.columnResized()).isFalse();
        assertThat(store.vectorSearch(unitVector(random, DIM), 10))
                .as("old vectors never meet new queries")
                .isEmpty();
        assertThat(store.fullTextSearch("chunk", 10))
                .as("text search needs no vectors")
                .hasSize(3);
        assertThatThrownBy(() ->
                        store.replaceChunks(documentId, MINILM, List.of(chunk(0, "late", unitVector(random, DIM)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must not mix");

        List<StoredChunk> stale = store.staleChunks(100);
        assertThat(stale).hasSize(3).allSatisfy(c -> assertThat(c.modelId()).isEqualTo(MINILM));
        Map<Long, float[]> reembedded =
                stale.stream().collect(Collectors.toMap(StoredChunk::chunkId, c -> unitVector(random, DIM)));
        assertThatThrownBy(() -> store.updateEmbeddings(MINILM, reembedded)).isInstanceOf(IllegalStateException.class);
        assertThat(store.updateEmbeddings(BGE, reembedded)).isEqualTo(3);
        assertThat(store.updateEmbeddings(BGE, Map.of(987_654L, unitVector(random, DIM))))
                .as("a chunk deleted meanwhile is skipped")
                .isZero();

        assertThat(store.staleChunks(100)).isEmpty();
        long first = stale.getFirst().chunkId();
        assertThat(store.vectorSearch(reembedded.get(first), 1))
                .extracting(ChunkHit::chunkId)
                .containsExactly(first);
        assertThat(registry.activate(BGE, DIM).reembedNeeded()).isFalse();
    }

    @Test
    void aModelOfAnotherDimensionResizesTheVectorColumn() {
        registry.activate(MINILM, DIM);
        long documentId = indexedDocumentWithChunks(2, MINILM);

        Activation activation = registry.activate("bge-base-en-v15", 768);

        assertThat(activation.columnResized()).isTrue();
        assertThat(activation.staleChunks()).isEqualTo(2);
        assertThat(store.chunksOf(documentId))
                .allSatisfy(c -> assertThat(c.embedding()).isNull());
        DocumentRecord reindexed =
                store.replaceChunks(documentId, "bge-base-en-v15", List.of(chunk(0, "wide", unitVector(random, 768))));
        assertThat(reindexed.status()).isEqualTo(DocumentStatus.INDEXED);
        assertThat(store.vectorSearch(unitVector(random, 768), 5)).hasSize(1);

        Activation back = registry.activate(MINILM, DIM);
        assertThat(back.columnResized()).isTrue();
        assertThat(back.staleChunks()).isEqualTo(1);
    }

    @Test
    void aModelIdNamesOneDimensionForever() {
        registry.activate(MINILM, DIM);

        assertThatThrownBy(() -> registry.activate(MINILM, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registered with dimension 384");
        assertThatThrownBy(() -> registry.activate("huge", 20_000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.active()).contains(new EmbeddingModel(MINILM, DIM));
    }

    @Test
    void aStartWithTheActiveModelWaitsForNoImportAndASwitchHoldsNoneUp() throws Exception {
        registry.activate(MINILM, DIM);
        DocumentInfo openInfo = document("/docs/open.md", "open");
        CompletableFuture<Activation> switching;
        try (DocumentWrite open = store.beginDocument(openInfo, MINILM)) {
            open.append(List.of(chunk(0, "a document another process is still writing", null)));

            // Another Cairn process starting on this library activates the model it finds active.
            Activation start = CompletableFuture.supplyAsync(() -> registry.activate(MINILM, DIM))
                    .get(30, TimeUnit.SECONDS);
            assertThat(start.previousModelId()).isEqualTo(MINILM);

            // A real switch waits for the open write, but the import's next document, begun on the
            // thread that holds the open one, is not queued behind the switch (it used to wait forever).
            switching = CompletableFuture.supplyAsync(() -> registry.activate(BGE, DIM));
            Thread.sleep(500); // the switch is asking for its lock by now
            DocumentInfo nextInfo = document("/docs/next.md", "next");
            try (DocumentWrite next = store.beginDocument(nextInfo, MINILM)) {
                next.append(List.of(chunk(0, "the next document of the same import", null)));
                next.commit(nextInfo);
            }
            assertThat(switching).as("the switch waits for the open write").isNotDone();
            open.commit(openInfo);
        }
        Activation switched = switching.get(30, TimeUnit.SECONDS);
        assertThat(switched.previousModelId()).isEqualTo(MINILM);
        assertThat(switched.staleChunks())
                .as("both documents wait for vectors of the new model")
                .isEqualTo(2);
    }

    private long indexedDocumentWithChunks(int count, String modelId) {
        long documentId =
                store.upsertDocument(document("/docs/model.md", "model")).id();
        store.replaceChunks(
                documentId,
                modelId,
                IntStream.range(0, count)
                        .mapToObj(i -> chunk(i, "chunk number " + i, unitVector(random, DIM)))
                        .toList());
        return documentId;
    }
}
