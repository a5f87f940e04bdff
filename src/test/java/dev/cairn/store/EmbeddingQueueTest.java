package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The embedding stage's writes: a batch's vectors travel as binary {@code float4[]} and must land
 * on their own chunks bit for bit, as pgvector's text form did, and stay in the chunk's row.
 */
@ResourceLock(TestDatabase.LOCK)
class EmbeddingQueueTest {

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    @BeforeEach
    void aLibraryWithTheMiniLmActive() {
        TestDatabase.resetWithMiniLmActive();
    }

    @Test
    void aBatchsVectorsLandOnTheirChunksBitForBit() throws SQLException {
        DocumentInfo info = document("/docs/floats.md", "floats");
        long documentId;
        try (DocumentWrite write = store.beginDocument(info, MINILM)) { // text first, as an import stores it
            // About a kilobyte of words that do not compress: with its vector a row passes PostgreSQL's 2 kB
            // threshold, so without V14 the vector would move out to TOAST.
            Random words = new Random(7);
            write.append(List.of(
                    chunk(0, incompressible(words), null),
                    chunk(1, incompressible(words), null),
                    chunk(2, incompressible(words), null)));
            documentId = write.commit(info).id();
        }
        Random random = new Random(5);
        float[] awkward = unitVector(random, DIM);
        // values whose shortest decimal is long or odd: a printed and parsed vector could lose them
        awkward[0] = Float.MIN_VALUE;
        awkward[1] = -0.0f;
        awkward[2] = Float.MAX_VALUE;
        awkward[3] = 1f / 3;
        awkward[4] = Math.nextUp(0.1f);
        awkward[5] = -Float.MIN_NORMAL;

        List<float[]> sent = new ArrayList<>();
        try (EmbeddingQueue queue = store.embeddingQueue()) {
            try (EmbeddingQueue.Batch batch = queue.claim(MINILM, 10)) {
                assertThat(batch.chunks()).hasSize(3);
                sent.add(awkward);
                sent.add(unitVector(random, DIM));
                sent.add(unitVector(random, DIM));
                batch.complete(sent);
            }
            assertThat(queue.coverage()).isEqualTo(new EmbeddingQueue.Coverage(3, 0));
        }

        assertThat(toastBytes())
                .as("the vectors stay in their rows (V14), not moved out to TOAST")
                .isZero();
        List<StoredChunk> stored = store.chunksOf(documentId);
        for (int i = 0; i < 3; i++) {
            float[] back = stored.get(i).embedding();
            assertThat(back).hasSize(DIM);
            for (int d = 0; d < DIM; d++) {
                assertThat(Float.floatToRawIntBits(back[d]))
                        .as("chunk %d, component %d", i, d)
                        .isEqualTo(Float.floatToRawIntBits(sent.get(i)[d]));
            }
        }
    }

    @Test
    void aVectorOfAnotherSizeIsRefusedAndItsBatchWaitsAgain() {
        DocumentInfo info = document("/docs/size.md", "size");
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(List.of(chunk(0, "only", null)));
            write.commit(info);
        }
        try (EmbeddingQueue queue = store.embeddingQueue()) {
            try (EmbeddingQueue.Batch batch = queue.claim(MINILM, 10)) {
                assertThatThrownBy(() -> batch.complete(List.of(new float[] {1, 2, 3})))
                        .hasMessageContaining("has 3 dimensions");
            }
            assertThat(queue.coverage().waiting()).isEqualTo(1);
        }
    }

    @Test
    void writingALibrarysVectorsLeavesTheFullTextIndexsPendingListShort() throws SQLException {
        // Each vector's UPDATE adds its chunk's words to the GIN index's pending list again, which every
        // search scans whole: the queue's session merges it at 256 kB (32 pages) instead of 4 MB.
        DocumentInfo info = document("/docs/many-words.md", "many words");
        Random words = new Random(11);
        int chunks = 300; // about 100 words each: some 800 kB of pending entries, were they left unmerged
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            List<NewChunk> batch = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                batch.add(chunk(i, incompressible(words), null));
            }
            write.append(batch);
            write.commit(info);
        }
        TestDatabase.longOf("SELECT gin_clean_pending_list('chunks_tsv')"); // the import's own entries merged
        Random random = new Random(3);
        try (EmbeddingQueue queue = store.embeddingQueue()) {
            while (queue.coverage().waiting() > 0) {
                try (EmbeddingQueue.Batch batch = queue.claim(MINILM, 32)) {
                    batch.complete(batch.chunks().stream()
                            .map(c -> unitVector(random, DIM))
                            .toList());
                }
            }
        }
        assertThat(TestDatabase.longOf("SELECT gin_clean_pending_list('chunks_tsv')"))
                .as("pages left in the pending list after %d vectors", chunks)
                .isLessThanOrEqualTo(EmbeddingQueue.PENDING_LIST_KB / 8);
    }

    @Test
    void vectorsWrittenMoveTheSearchGenerationButNotTheDocumentOne() {
        DocumentInfo info = document("/docs/generations.md", "generations");
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(List.of(chunk(0, "first", null), chunk(1, "second", null)));
            write.commit(info);
        }
        long generation = store.generation();
        long documents = store.documentGeneration();
        try (EmbeddingQueue queue = store.embeddingQueue();
                EmbeddingQueue.Batch batch = queue.claim(MINILM, 10)) {
            Random random = new Random(2);
            batch.complete(List.of(unitVector(random, DIM), unitVector(random, DIM)));
        }
        assertThat(store.generation()).as("cached results are stale").isGreaterThan(generation);
        assertThat(store.documentGeneration())
                .as("the documents are as they were")
                .isEqualTo(documents);

        store.upsertDocument(document("/docs/another.md", "another"));
        assertThat(store.documentGeneration()).isGreaterThan(documents);
    }

    private static long toastBytes() throws SQLException {
        return TestDatabase.longOf("SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'chunks'");
    }

    private static String incompressible(Random random) {
        StringBuilder text = new StringBuilder(1100);
        while (text.length() < 1000) {
            for (int i = 0; i < 8; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append(' ');
        }
        return text.toString().strip();
    }
}
