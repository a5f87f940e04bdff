package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.CachingEmbedder;
import dev.cairn.embed.CountingEmbedder;
import dev.cairn.embed.Embedder;
import dev.cairn.ingest.parse.TestDocuments;
import dev.cairn.platform.Phrase;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import dev.cairn.store.EmbeddingCacheTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole pipeline on real files, the real model and the bundled PostgreSQL. */
class IngestPipelineTest extends LibraryTest {

    private CountingEmbedder counting;

    @BeforeEach
    void countModelCalls() {
        counting = new CountingEmbedder(model);
    }

    private IngestSummary ingest(IngestPipeline.Options options, boolean prune, Path... roots)
            throws InterruptedException {
        Embedder embedder = CachingEmbedder.builder(counting)
                .vectorCache(new EmbeddingCacheTable(ds))
                .build();
        return new IngestPipeline(parsers, embedder, store, governor, options)
                .ingest(List.of(roots), prune, new IngestControl(), IngestPipeline.Listener.NONE);
    }

    private IngestSummary ingest(Path... roots) throws InterruptedException {
        return ingest(IngestPipeline.Options.defaults(), false, roots);
    }

    private Path mixedFolder() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("stones.txt"), """
                A cairn is a human-made pile of stones raised as a marker.

                Hikers add a stone to a cairn as they pass, so the pile grows over the years.
                """);
        Files.writeString(corpus.resolve("notes.md"), """
                # Trail notes

                ## Weather

                Fog came down over the ridge in the afternoon and the cairns showed the way.
                """);
        Files.writeString(corpus.resolve("page.html"), """
                <html><head><title>Mountain huts</title><script>var tracking = 1;</script></head>
                <body><nav>Home | About</nav><main><h1>Mountain huts</h1>
                <p>The hut at the pass sleeps twelve walkers and is open from June to September.</p></main>
                <footer>Copyright</footer></body></html>
                """);
        TestDocuments.pdf(
                corpus.resolve("guide.pdf"),
                List.of(
                        List.of("Chapter one explains how to read a map and a compass."),
                        List.of("Chapter two is about glaciers and crevasses on the high route.")),
                List.of(),
                null);
        TestDocuments.docx(
                corpus.resolve("kit.docx"), "Kit list", List.of("Boots with a stiff sole.", "A warm hat and gloves."));
        Files.createDirectories(corpus.resolve("sub"));
        Files.writeString(corpus.resolve("sub/deep.txt"), "Marmots whistle when an eagle flies over the valley.");
        Files.write(corpus.resolve("empty.txt"), new byte[0]);
        Files.writeString(
                corpus.resolve("broken.pdf"),
                "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage, cut short",
                StandardCharsets.ISO_8859_1);
        Files.writeString(corpus.resolve(".hidden.txt"), "This file is hidden and must not be indexed.");
        return corpus;
    }

    @Test
    void aMixedFolderIndexesTheGoodFilesAndNamesTheBadOnes() throws Exception {
        Path corpus = mixedFolder();

        IngestSummary summary = ingest(corpus);

        assertThat(summary.indexed()).isEqualTo(6);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.failures())
                .extracting(f -> f.path().getFileName().toString())
                .containsExactlyInAnyOrder("empty.txt", "broken.pdf");
        assertThat(summary.failures())
                .allSatisfy(f -> assertThat(f.reason()).isNotBlank().doesNotContain("Exception"));
        Map<String, DocumentRecord> docs = store.listDocuments().stream()
                .collect(Collectors.toMap(d -> Path.of(d.path()).getFileName().toString(), d -> d));
        assertThat(docs).doesNotContainKey(".hidden.txt");
        assertThat(docs.get("guide.pdf").status()).isEqualTo(DocumentStatus.INDEXED);
        assertThat(docs.get("guide.pdf").pageCount()).isEqualTo(2);
        assertThat(docs.get("broken.pdf").status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(store.stats().chunks()).isEqualTo(summary.chunks());
        assertThat(store.chunksOf(docs.get("guide.pdf").id()))
                .extracting(c -> c.page())
                .contains(1, 2);
        assertThat(store.chunksOf(docs.get("page.html").id()))
                .allSatisfy(c -> assertThat(c.text()).doesNotContain("tracking", "Copyright"));
        // The text of a search hit is where the search says it is.
        assertThat(store.fullTextSearch("glaciers crevasses", 1))
                .singleElement()
                .satisfies(h -> assertThat(h.page()).isEqualTo(2));
    }

    @Test
    void aBatchOfTextFamiliesIndexesTheGoodFilesAndNamesTheBadOnes() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(corpus.resolve("guide.rst"), "Huts\n====\n\nThe hut at the col sleeps eight walkers.\n");
        Files.writeString(corpus.resolve("Route.java"), """
                class Route {
                    int ascentMetres() {
                        return 1450;
                    }
                }
                """);
        Files.writeString(corpus.resolve("huts.csv"), "hut,beds\nCabane du Trient,130\nRifugio Torino,150\n");
        byte[] garbage = new byte[2048];
        new java.util.Random(3).nextBytes(garbage);
        Files.write(corpus.resolve("garbage.py"), garbage);
        Files.write(corpus.resolve("empty.csv"), new byte[0]);
        Files.writeString(corpus.resolve("unclosed.csv"), "a,b\n1,\"never closed\n" + "x,y\n".repeat(300_000));

        IngestSummary summary = ingest(corpus);

        assertThat(summary.indexed()).isEqualTo(3);
        Map<String, String> reasons = summary.failures().stream()
                .collect(Collectors.toMap(f -> f.path().getFileName().toString(), f -> Phrase.english(f.reason())));
        assertThat(reasons).containsOnlyKeys("garbage.py", "empty.csv", "unclosed.csv");
        assertThat(reasons.get("garbage.py")).contains("binary data");
        assertThat(reasons.get("empty.csv")).contains("empty");
        assertThat(reasons.get("unclosed.csv")).contains("Row 2", "never closed");
        assertThat(store.fullTextSearch("Rifugio Torino", 1)).singleElement().satisfies(h -> {
            assertThat(h.heading()).isEqualTo("huts.csv, rows 2-3");
            assertThat(h.text()).contains("hut: Rifugio Torino; beds: 150");
        });
        assertThat(store.fullTextSearch("1450", 1))
                .singleElement()
                .satisfies(h ->
                        assertThat(h.heading()).isEqualTo("Route.java: class Route / ascentMetres(...) (lines 1-5)"));
        assertThat(store.fullTextSearch("walkers col", 1))
                .singleElement()
                .satisfies(h -> assertThat(h.heading()).isEqualTo("Huts"));
    }

    @Test
    void unchangedFilesAreSkippedWithoutTouchingTheModel() throws Exception {
        Path corpus = mixedFolder();
        IngestSummary first = ingest(corpus);
        int textsAfterFirst = counting.texts.get();

        IngestSummary second = ingest(corpus);

        assertThat(second.indexed()).isZero();
        assertThat(second.skipped()).isEqualTo(first.indexed() + first.failed());
        assertThat(counting.texts.get()).isEqualTo(textsAfterFirst);
    }

    @Test
    void reEmbeddingAnUnchangedCorpusCallsTheModelZeroTimes() throws Exception {
        Path corpus = mixedFolder();
        IngestSummary first = ingest(corpus);
        assertThat(counting.texts.get()).isPositive();
        // Forget the documents but keep the database's embedding cache; a fresh in-memory cache.
        store.listDocuments().forEach(d -> store.deleteDocument(d.id()));
        counting.texts.set(0);

        IngestSummary again = ingest(corpus);

        assertThat(again.indexed()).isEqualTo(first.indexed());
        assertThat(again.chunks()).isEqualTo(first.chunks());
        assertThat(counting.texts.get()).isZero();
    }

    @Test
    void aChangedFileIsReplacedAndPruneRemovesFilesThatAreGone() throws Exception {
        Path corpus = mixedFolder();
        ingest(corpus);
        Files.writeString(corpus.resolve("stones.txt"), "Cairns in Scotland often mark the summit of a hill.");
        Files.delete(corpus.resolve("notes.md"));

        IngestSummary summary = ingest(IngestPipeline.Options.defaults(), true, corpus);

        assertThat(summary.indexed()).isEqualTo(1);
        assertThat(summary.pruned()).isEqualTo(1);
        assertThat(store.findByPath(corpus.resolve("notes.md").toString())).isEmpty();
        DocumentRecord stones =
                store.findByPath(corpus.resolve("stones.txt").toString()).orElseThrow();
        assertThat(store.chunksOf(stones.id()))
                .singleElement()
                .satisfies(c -> assertThat(c.text()).contains("Scotland").doesNotContain("Hikers"));
    }

    @Test
    void aFailedFileIsNotRetriedUntilItChangesOrIsAskedFor() throws Exception {
        Path corpus = mixedFolder();
        ingest(corpus);

        IngestSummary again = ingest(corpus.resolve("broken.pdf"));
        assertThat(again.failed()).isZero();
        assertThat(again.skipped()).isEqualTo(1);

        IngestSummary retried =
                ingest(IngestPipeline.Options.defaults().withRetryFailed(true), false, corpus.resolve("broken.pdf"));
        assertThat(retried.failed()).isEqualTo(1);
    }

    @Test
    void cancellingStopsTakingFilesAndLeavesNoHalfStoredDocument() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i < 40; i++) {
            Files.writeString(
                    corpus.resolve("note-%02d.txt".formatted(i)),
                    ("Note %d describes stone number %d on the trail. ".formatted(i, i)).repeat(30));
        }
        IngestControl control = new IngestControl();
        Embedder embedder = CachingEmbedder.builder(counting)
                .vectorCache(new EmbeddingCacheTable(ds))
                .build();
        IngestSummary summary = new IngestPipeline(
                        parsers, embedder, store, governor, IngestPipeline.Options.defaults())
                .ingest(List.of(corpus), false, control, new IngestPipeline.Listener() {
                    @Override
                    public void result(IngestResult result) {
                        control.cancel();
                    }
                });

        assertThat(summary.cancelled()).isTrue();
        assertThat(summary.indexed()).isLessThan(40);
        for (DocumentRecord d : store.listDocuments()) {
            assertThat(d.status()).isEqualTo(DocumentStatus.INDEXED);
            assertThat(store.chunksOf(d.id())).isNotEmpty();
        }
    }
}
