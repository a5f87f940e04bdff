package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Chunks that score alike are listed by document path and chunk ordinal, on the bundled PostgreSQL: never
 * by row id, which two imports of the same files hand out in whatever order their documents finish.
 * The documents here are stored last path first and each one's chunks last ordinal first, so the row ids
 * run against the expected order.
 */
@ResourceLock(TestDatabase.LOCK)
class TiedRanksTest {

    private static final String TEXT = "The storm in March flooded the valley below the old mill.";

    /** Every chunk below, in the order ties must come out: path, then ordinal. */
    private static final List<String> IN_ORDER =
            List.of("/docs/a.md#0", "/docs/a.md#1", "/docs/b.md#0", "/docs/b.md#1", "/docs/c.md#0", "/docs/c.md#1");

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    /** One vector for every chunk: the vector list ties as well. */
    private final float[] vector = unitVector(new Random(5), DIM);

    @BeforeEach
    void threeDocumentsOfTheSameTwoChunksStoredBackwards() {
        TestDatabase.resetWithMiniLmActive();
        for (String path : List.of("/docs/c.md", "/docs/b.md", "/docs/a.md")) {
            long id = store.upsertDocument(document(path, path)).id();
            store.replaceChunks(id, MINILM, List.of(chunk(1, TEXT, vector), chunk(0, TEXT, vector)));
        }
        List<Long> ids = store.fullTextSearch("storm valley", 10, null, 0).stream()
                .map(ChunkHit::chunkId)
                .toList();
        assertThat(ids)
                .as("the row ids run against path order")
                .isNotEqualTo(ids.stream().sorted().toList());
    }

    @Test
    void tiedTextScoresAreListedByPathAndOrdinal() {
        List<ChunkHit> hits = store.fullTextSearch("storm valley", 10, null, 0);
        assertThat(hits)
                .extracting(ChunkHit::score)
                .containsOnly(hits.getFirst().score());
        assertThat(names(hits)).containsExactlyElementsOf(IN_ORDER);
        assertThat(names(store.fullTextSearch("\"storm in March\"", 10, null, 0)))
                .as("search syntax too")
                .containsExactlyElementsOf(IN_ORDER);
    }

    @Test
    void aListThatEndsAmongTiesKeepsTheFirstByPathAndOrdinal() {
        assertThat(names(store.fullTextSearch("storm valley", 3, null, 0)))
                .containsExactlyElementsOf(IN_ORDER.subList(0, 3));
        assertThat(names(store.fullTextSearch("storm valley", 2, null, 1)))
                .as("a document's tied chunks under the cap a document: its first by ordinal")
                .containsExactly("/docs/a.md#0", "/docs/b.md#0");
    }

    @Test
    void bothHalvesOfAHybridSearchBreakTiesAlike() {
        HybridHits hybrid = store.hybridSearch("storm valley", () -> vector, 10, null, 0);
        assertThat(names(hybrid.text())).containsExactlyElementsOf(IN_ORDER);
        assertThat(names(hybrid.vector())).containsExactlyElementsOf(IN_ORDER);
        assertThat(names(store.vectorSearch(vector, 10, null))).containsExactlyElementsOf(IN_ORDER);
        assertThat(names(store.hybridSearch("storm valley", () -> vector, 4, null, 0)
                        .text()))
                .containsExactlyElementsOf(IN_ORDER.subList(0, 4));
    }

    @Test
    void aScopedSearchBreaksTiesAlike() {
        long[] scope = store.documentsIn(SearchScope.ALL);
        long[] twoOfThem = {scope[0], scope[1]};
        List<String> expected = new ArrayList<>(IN_ORDER);
        List<ChunkHit> all = store.fullTextSearch("storm valley", 10, null, 0);
        expected.retainAll(names(all.stream()
                .filter(h -> h.documentId() == twoOfThem[0] || h.documentId() == twoOfThem[1])
                .toList()));
        assertThat(names(store.fullTextSearch("storm valley", 10, twoOfThem, 0)))
                .containsExactlyElementsOf(expected);
        assertThat(names(store.hybridSearch("storm valley", () -> vector, 10, twoOfThem, 0)
                        .vector()))
                .containsExactlyElementsOf(expected);
    }

    private static List<String> names(List<ChunkHit> hits) {
        return hits.stream().map(h -> h.path() + "#" + ordinal(h)).toList();
    }

    /** The fixture's chunk {@code n} starts at {@code n * 100}. */
    private static int ordinal(ChunkHit h) {
        return h.charStart() / 100;
    }
}
