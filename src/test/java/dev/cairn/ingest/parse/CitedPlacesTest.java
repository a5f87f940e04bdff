package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.Embedder;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.LibraryTest;
import dev.cairn.platform.Phrase;
import dev.cairn.search.Reranker;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What each parser stores as a chunk's place reaches search and its citations, named by the kind of
 * document: "slide 2", "sheet Budget, rows 2-5", "chapter ...", "rows 2-3", "p. 2".
 */
class CitedPlacesTest extends LibraryTest {

    @Test
    void searchHitsNameTheirPlaceByTheKindOfDocument() throws Exception {
        TestOffice.pptx(dir.resolve("harbour.pptx"), "Harbour Plans");
        TestOffice.xlsx(dir.resolve("household.xlsx"));
        TestBooks.epub(
                dir.resolve("voyage.epub"),
                "The Voyage",
                "R. Mariner",
                List.of(
                        new TestBooks.Chapter(
                                "c1.xhtml", "I. The Harbour", "<h1>I. The Harbour</h1><p>Gulls over the quay.</p>"),
                        new TestBooks.Chapter(
                                "c2.xhtml",
                                "II. The Storm",
                                "<h1>II. The Storm</h1><p>The mainsail tore at midnight.</p>")),
                true);
        Files.writeString(dir.resolve("crew.csv"), "name,role\nIsolde,navigator\nTomas,cook\n");
        TestDocuments.pdf(
                dir.resolve("log.pdf"),
                List.of(List.of("Day one: calm seas."), List.of("Day two: the lighthouse keeper waved.")),
                null,
                null);
        Embedder embedder = cachingEmbedder();
        new IngestPipeline(parsers, embedder, store, governor, IngestPipeline.Options.defaults())
                .ingest(List.of(dir), false, new IngestControl(), IngestPipeline.Listener.NONE);
        Searcher searcher = new Searcher(store, embedder, Searcher.Policy.DEFAULT);

        assertThat(Phrase.english(first(searcher, "boats moored rose").place())).isEqualTo("slide 2");
        assertThat(Phrase.english(first(searcher, "mention March").place()))
                .as("speaker notes")
                .isEqualTo("slide 2");
        // Every word of the query in the notes' text outranks one of them in a chapter's heading
        // ("II. The Storm", weighted as a heading).
        assertThat(Phrase.english(first(searcher, "storm in March").place()))
                .as("speaker notes")
                .isEqualTo("slide 2");
        assertThat(Phrase.english(searcher.search("storm in March", 3, Searcher.Mode.HYBRID)
                        .getFirst()
                        .place()))
                .as("speaker notes, hybrid")
                .isEqualTo("slide 2");
        // The full-text ranking itself sees it, not only the rerank: each of the query's words counts by itself,
        // saturated, so two of them in the notes outweigh one in a heading (docs/decisions/0025, stop 22, lang8).
        Searcher fusedOnly = new Searcher(store, embedder, Searcher.Policy.DEFAULT, Reranker.NONE);
        assertThat(Phrase.english(first(fusedOnly, "storm in March").place()))
                .as("speaker notes, without the rerank")
                .isEqualTo("slide 2");
        assertThat(Phrase.english(first(searcher, "rent monthly").place())).startsWith("sheet Budget, row");
        assertThat(Phrase.english(first(searcher, "mainsail tore midnight").place()))
                .isEqualTo("chapter II. The Storm");
        assertThat(Phrase.english(first(searcher, "Isolde navigator").place())).startsWith("row");
        assertThat(Phrase.english(first(searcher, "lighthouse keeper waved").place()))
                .isEqualTo("p. 2");
    }

    private static SearchHit first(Searcher searcher, String words) {
        List<SearchHit> hits = searcher.search(words, 3, Searcher.Mode.TEXT);
        assertThat(hits).as(words).isNotEmpty();
        return hits.getFirst();
    }
}
