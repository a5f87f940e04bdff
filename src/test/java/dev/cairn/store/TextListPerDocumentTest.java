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
        List<ChunkHit> first = capped.subList(0, 8);
        assertThat(perDocument(first).get(manual)).isEqualTo(2);
        assertThat(first.stream().filter(h -> h.documentId() == manual))
                .extracting(h -> h.text().substring(0, h.text().indexOf(':')))
                .as("the manual's two best chunks, not any two")
                .containsExactlyInAnyOrder("Section 5", "Section 30");
        assertThat(perDocument(first).keySet()).containsAll(notes).hasSize(7);
        assertThat(first).extracting(ChunkHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(capped.subList(8, capped.size()))
                .as("the manual's further chunks fill the places no other document takes, after them")
                .hasSize(12)
                .allSatisfy(h -> assertThat(h.documentId()).isEqualTo(manual))
                .extracting(ChunkHit::score)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void theHybridTextHalfAndSearchSyntaxAreCappedAlike() {
        HybridHits hybrid = store.hybridSearch("cairn stones route", this::vector, 20, null, 2);
        assertThat(perDocument(hybrid.text().subList(0, 8)).get(manual)).isEqualTo(2);
        assertThat(perDocument(hybrid.text().subList(0, 8)).keySet()).containsAll(notes);
        assertThat(hybrid.vector()).as("the vector half is not capped").hasSize(20);

        List<ChunkHit> syntax = store.fullTextSearch("\"a cairn\" -lunch", 20, null, 3);
        assertThat(syntax)
                .as("only the manual matches: its best three, then the rest of its chunks fill the list")
                .hasSize(20)
                .allSatisfy(h -> assertThat(h.documentId()).isEqualTo(manual));
        assertThat(syntax.subList(0, 3))
                .extracting(h -> h.text().substring(0, h.text().indexOf(':')))
                .contains("Section 5", "Section 30");
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
