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
