package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.sha256;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Search within part of the library, on the bundled PostgreSQL: the scope's rules, and every search path keeping to it. */
@ResourceLock(TestDatabase.LOCK)
class SearchScopeTest {

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    private final Random random = new Random(7);
    private long notes;
    private long paper;
    private long manual;
    private long old;

    @BeforeEach
    void library() {
        TestDatabase.resetWithMiniLmActive();
        notes = indexed("/home/ana/work/notes.md", "2026-11-20T10:00:00Z", 3);
        paper = indexed("/home/ana/work/papers/glaciers.PDF", "2026-11-25T10:00:00Z", 3);
        manual = indexed("/home/ana/workshop/manual.pdf", "2026-10-01T10:00:00Z", 3);
        old = indexed("/home/ana/archive/old.txt", "2019-05-01T10:00:00Z", 3);
    }

    @Test
    void eachRuleKeepsItsDocumentsAndTheRulesHoldTogether() {
        assertThat(store.documentsIn(SearchScope.ALL)).containsExactly(notes, paper, manual, old);
        assertThat(in(List.of(Path.of("/home/ana/work")), Set.of(), null, Set.of()))
                .as("a folder takes in its subfolders, never a sibling that starts alike")
                .containsExactly(notes, paper);
        assertThat(in(List.of(Path.of("/home/ana/work/notes.md")), Set.of(), null, Set.of()))
                .containsExactly(notes);
        assertThat(in(List.of(), Set.of("pdf"), null, Set.of()))
                .as("types ignore case")
                .containsExactly(paper, manual);
        assertThat(in(List.of(), Set.of(".TXT", "md"), null, Set.of())).containsExactly(notes, old);
        assertThat(in(List.of(), Set.of(), Instant.parse("2026-11-01T00:00:00Z"), Set.of()))
                .containsExactly(notes, paper);
        assertThat(in(List.of(), Set.of(), null, Set.of(manual, old))).containsExactly(manual, old);
        assertThat(in(
                        List.of(Path.of("/home/ana/work"), Path.of("/home/ana/workshop")),
                        Set.of("pdf"),
                        Instant.parse("2026-11-01T00:00:00Z"),
                        Set.of()))
                .as("all rules at once")
                .containsExactly(paper);
        assertThat(in(List.of(Path.of("/home/ana/archive")), Set.of("pdf"), null, Set.of()))
                .as("nothing in scope")
                .isEmpty();
    }

    @Test
    void everySearchPathKeepsToTheScopeAlsoThroughAnApproximateIndex() {
        long[] work = in(List.of(Path.of("/home/ana/work")), Set.of(), null, Set.of());
        float[] nearOld = store.chunksOf(old).getFirst().embedding(); // the best match lies outside the scope

        for (boolean indexed : new boolean[] {false, true}) {
            store.useVectorIndex(indexed ? new VectorIndex.Hnsw(16, 64) : new VectorIndex.None());
            List<ChunkHit> vector = store.vectorSearch(nearOld, 10, work);
            List<ChunkHit> text = store.fullTextSearch("passage", 10, work, 0);
            HybridHits hybrid = store.hybridSearch("passage", () -> nearOld, 10, work, 0);

            assertThat(vector)
                    .as("vector, index %s", indexed)
                    .hasSize(6)
                    .allSatisfy(h -> assertThat(work).contains(h.documentId()));
            assertThat(text)
                    .as("text, index %s", indexed)
                    .hasSize(6)
                    .allSatisfy(h -> assertThat(work).contains(h.documentId()));
            assertThat(hybrid.vector())
                    .hasSize(6)
                    .allSatisfy(h -> assertThat(work).contains(h.documentId()));
            assertThat(hybrid.text())
                    .hasSize(6)
                    .allSatisfy(h -> assertThat(work).contains(h.documentId()));
            assertThat(store.vectorSearch(nearOld, 1).getFirst().documentId())
                    .as("unscoped, the best match is outside")
                    .isEqualTo(old);
        }
    }

    @Test
    void aScopeThatTakesInTheWholeLibraryFindsWhatTheWholeLibraryFindsAndNoMoreOnceItGrows() {
        long[] everything = in(List.of(Path.of("/home/ana")), Set.of(), null, Set.of());
        assertThat(everything).containsExactly(notes, paper, manual, old);
        float[] nearOld = store.chunksOf(old).getFirst().embedding();
        assertThat(ids(store.hybridSearch("passage", () -> nearOld, 20, everything, 0)
                        .vector()))
                .isEqualTo(ids(store.hybridSearch("passage", nearOld, 20).vector()));
        assertThat(ids(store.fullTextSearch("passage", 20, everything, 0)))
                .isEqualTo(ids(store.fullTextSearch("passage", 20)));

        // A document added afterwards is outside the ids resolved before it: the filter applies again.
        long added = indexed("/srv/shared/new.md", "2026-11-30T10:00:00Z", 3);
        float[] nearAdded = store.chunksOf(added).getFirst().embedding();
        assertThat(store.vectorSearch(nearAdded, 20, everything))
                .hasSize(12)
                .allSatisfy(h -> assertThat(everything).contains(h.documentId()));
    }

    @Test
    void aDocumentAnotherProcessAddsStaysOutOfAScopeThatTookInTheWholeLibrary() {
        long[] everything = in(List.of(Path.of("/home/ana")), Set.of(), null, Set.of());
        assertThat(ids(store.fullTextSearch("passage", 20, everything, 0))).hasSize(12);

        long added; // written through a store of its own, as another Cairn process would: this store's count stays
        try (ChunkStore elsewhere = new ChunkStore(TestDatabase.dataSource())) {
            added = indexed(elsewhere, "/home/ana/private/diary.md", "2026-11-30T10:00:00Z", 3);
        }
        float[] nearAdded = store.chunksOf(added).getFirst().embedding();

        assertThat(store.fullTextSearch("passage", 20, everything, 0))
                .hasSize(12)
                .allSatisfy(h -> assertThat(everything).contains(h.documentId()));
        assertThat(store.vectorSearch(nearAdded, 20, everything))
                .allSatisfy(h -> assertThat(everything).contains(h.documentId()));
        HybridHits hybrid = store.hybridSearch("passage", () -> nearAdded, 20, everything, 0);
        assertThat(hybrid.vector()).allSatisfy(h -> assertThat(everything).contains(h.documentId()));
        assertThat(hybrid.text())
                .hasSize(12)
                .allSatisfy(h -> assertThat(everything).contains(h.documentId()));
    }

    private static List<Long> ids(List<ChunkHit> hits) {
        return hits.stream().map(ChunkHit::chunkId).toList();
    }

    @Test
    void theScopeIsSaidInWords() {
        SearchScope scope = new SearchScope(
                List.of(Path.of("/home/ana/work")),
                Set.of("pdf", "docx"),
                Instant.parse("2026-11-01T00:00:00Z"),
                Set.of());

        assertThat(Phrase.english(scope.describe()))
                .isEqualTo("in /home/ana/work, of type docx or pdf, changed since 2026-11-01");
        assertThat(Phrase.english(SearchScope.ALL.describe())).isEqualTo("the whole library");
        assertThat(Phrase.english(new SearchScope(List.of(), Set.of(), null, Set.of(4L)).describe()))
                .isEqualTo("document 4");
        assertThat(Phrase.show(scope.describe(), java.util.Locale.GERMAN))
                .isEqualTo("in /home/ana/work, vom Typ docx oder pdf, geändert seit 2026-11-01");
    }

    private long[] in(List<Path> places, Set<String> types, Instant since, Set<Long> documents) {
        return store.documentsIn(new SearchScope(places, types, since, documents));
    }

    private long indexed(String path, String mtime, int chunks) {
        return indexed(store, path, mtime, chunks);
    }

    private long indexed(ChunkStore store, String path, String mtime, int chunks) {
        DocumentInfo info = new DocumentInfo(path, sha256(path), "text/plain", 100, Instant.parse(mtime), null, null);
        long id = store.upsertDocument(info).id();
        List<NewChunk> rows = new ArrayList<>();
        IntStream.range(0, chunks)
                .forEach(i -> rows.add(chunk(i, "A passage number " + i + " of " + path, unitVector(random, DIM))));
        store.replaceChunks(id, Fixtures.MINILM, rows);
        return id;
    }
}
