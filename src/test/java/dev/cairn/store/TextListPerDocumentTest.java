package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The full-text list's cap of chunks a document, on the bundled PostgreSQL: a long document rich in a
 * query's words keeps its best few chunks in the list and leaves the rest of it to other documents.
 */
@ResourceLock(TestDatabase.LOCK)
class TextListPerDocumentTest {

    /** Chunks of the manual, each saying "cairn" between one and four times. */
    private static final int MANUAL_CHUNKS = 40;

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    private final Random random = new Random(21);
    private long manual;
    private final List<Long> notes = new ArrayList<>();

    @BeforeEach
    void aLongManualAndSixShortNotes() {
        TestDatabase.resetWithMiniLmActive();
        List<NewChunk> chunks = new ArrayList<>();
        for (int i = 0; i < MANUAL_CHUNKS; i++) {
            // Chunks 5 and 30 say it most: they are the manual's best two.
            int times = i == 5 || i == 30 ? 6 : 1 + i % 4;
            chunks.add(chunk(i, "Section " + i + ": " + "a cairn of stones marks the route. ".repeat(times), vector()));
        }
        manual = indexed("/docs/manual.md", chunks);
        for (int i = 0; i < 6; i++) {
            notes.add(indexed(
                    "/docs/note-" + i + ".md",
                    List.of(chunk(0, "Note " + i + ": we passed a cairn near the hut, then lunch.", vector()))));
        }
    }

    @Test
    void aWholeLibrarySearchKeepsADocumentsBestChunksAndMakesRoomForOthers() {
        List<ChunkHit> uncapped = store.fullTextSearch("cairn stones route", 20, null, 0);
        assertThat(perDocument(uncapped))
                .as("without the cap the manual fills the list")
                .containsExactly(Map.entry(manual, 20L));

        List<ChunkHit> capped = store.fullTextSearch("cairn stones route", 20, null, 2);
        assertThat(perDocument(capped).get(manual)).isEqualTo(2);
        assertThat(capped.stream().filter(h -> h.documentId() == manual))
                .extracting(h -> h.text().substring(0, h.text().indexOf(':')))
                .as("the manual's two best chunks, not any two")
                .containsExactlyInAnyOrder("Section 5", "Section 30");
        assertThat(perDocument(capped).keySet()).containsAll(notes).hasSize(7);
        assertThat(capped).extracting(ChunkHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void theHybridTextHalfAndSearchSyntaxAreCappedAlike() {
        HybridHits hybrid = store.hybridSearch("cairn stones route", this::vector, 20, null, 2);
        assertThat(perDocument(hybrid.text()).get(manual)).isEqualTo(2);
        assertThat(perDocument(hybrid.text()).keySet()).containsAll(notes);
        assertThat(hybrid.vector()).as("the vector half is not capped").hasSize(20);

        List<ChunkHit> syntax = store.fullTextSearch("\"a cairn\" -lunch", 20, null, 3);
        assertThat(perDocument(syntax)).containsExactly(Map.entry(manual, 3L));
    }

    @Test
    void aSearchWithinOneDocumentAskedWithoutACapGetsAllOfItsMatches() {
        long[] onlyTheManual = {manual};
        assertThat(store.fullTextSearch("cairn stones route", 50, onlyTheManual, 0))
                .hasSize(MANUAL_CHUNKS)
                .allSatisfy(h -> assertThat(h.documentId()).isEqualTo(manual));
        assertThat(store.hybridSearch("cairn", this::vector, 50, onlyTheManual, 0)
                        .text())
                .hasSize(MANUAL_CHUNKS);
        assertThat(store.fullTextSearch("cairn stones route", 50))
                .as("nor does a caller of the plain search get a cap")
                .hasSize(MANUAL_CHUNKS + notes.size());
    }

    @Test
    void aNegativeCapIsRefused() {
        assertThatThrownBy(() -> store.fullTextSearch("cairn", 10, null, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perDocument");
    }

    private static Map<Long, Long> perDocument(List<ChunkHit> hits) {
        return hits.stream().collect(Collectors.groupingBy(ChunkHit::documentId, Collectors.counting()));
    }

    private long indexed(String path, List<NewChunk> chunks) {
        long id = store.upsertDocument(document(path, path)).id();
        store.replaceChunks(id, MINILM, chunks);
        return id;
    }

    private float[] vector() {
        return unitVector(random, DIM);
    }
}
