package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.Embedder;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.ScannedPages;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.Phrase;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A scanned PDF through the whole pipeline and the bundled PostgreSQL: waiting for Tesseract, then found by search. */
class OcrIngestTest extends LibraryTest {

    private Embedder embedder;

    @BeforeEach
    void cacheVectors() {
        embedder = cachingEmbedder();
    }

    private final List<String> ocrPages = new java.util.concurrent.CopyOnWriteArrayList<>();

    private IngestSummary ingest(Parsers with) throws InterruptedException {
        return new IngestPipeline(with, embedder, store, governor, IngestPipeline.Options.defaults())
                .ingest(List.of(dir), false, new IngestControl(), new IngestPipeline.Listener() {
                    @Override
                    public void ocrPage(Path file, int page, int pages) {
                        ocrPages.add(file.getFileName() + " " + page + "/" + pages);
                    }
                });
    }

    private DocumentRecord stored(Path file) {
        return store.findByPath(file.toString()).orElseThrow();
    }

    @Test
    void aScanWaitsForTesseractAndIsIndexedOnceItIsThere() throws Exception {
        ScannedPages.assumeTesseract();
        Path scan = ScannedPages.pdf(dir.resolve("scan.pdf"), null);
        Path broken = Files.writeString(dir.resolve("broken.pdf"), "%PDF-1.7 this is no PDF");
        Files.writeString(dir.resolve("note.txt"), "The ferry leaves the harbour at nine.");

        try (Parsers without = Parsers.create(
                Tesseract.configured(dir.resolve("no-such-tesseract").toString()))) {
            IngestSummary first = ingest(without);
            assertThat(first.indexed()).isEqualTo(1);
            assertThat(stored(scan).status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(Phrase.english(stored(scan).error()))
                    .isEqualTo("scanned page, no text layer: install Tesseract to read it");

            IngestSummary again = ingest(without);
            assertThat(again.skipped())
                    .as("nothing changed, and Tesseract is still missing")
                    .isEqualTo(3);
        }

        IngestSummary withTesseract = ingest(parsers);

        assertThat(withTesseract.indexed()).as("only the scan is read again").isEqualTo(1);
        assertThat(withTesseract.skipped()).isEqualTo(2);
        assertThat(stored(scan).status()).isEqualTo(DocumentStatus.INDEXED);
        assertThat(ocrPages).as("progress per OCR page").containsExactly("scan.pdf 1/1");
        assertThat(stored(broken).status()).isEqualTo(DocumentStatus.FAILED);
        List<SearchHit> hits = new Searcher(store, embedder, Searcher.Policy.DEFAULT)
                .search("lighthouse keeper", 3, Searcher.Mode.TEXT);
        assertThat(hits).isNotEmpty();
        assertThat(Path.of(hits.getFirst().path()).getFileName().toString()).isEqualTo("scan.pdf");
        assertThat(hits.getFirst().page()).isEqualTo(1);
        assertThat(hits.getFirst().text()).contains("lighthouse keeper climbs the tower");
    }
}
