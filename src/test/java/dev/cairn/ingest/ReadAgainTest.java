package dev.cairn.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.Embedder;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.ScannedPages;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.ingest.parse.TestMail;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unchanged files that are read again all the same, once: mail read by an older reader of its
 * format, and mail whose scanned attachment waited for Tesseract, once Tesseract is there.
 */
class ReadAgainTest extends LibraryTest {

    private Embedder embedder;

    @BeforeEach
    void cacheVectors() {
        embedder = cachingEmbedder();
    }

    private IngestSummary ingest(Parsers with) throws InterruptedException {
        return new IngestPipeline(with, embedder, store, governor, IngestPipeline.Options.defaults())
                .ingest(List.of(dir), false, new IngestControl(), IngestPipeline.Listener.NONE);
    }

    private DocumentRecord stored(Path file) {
        return store.findByPath(file.toString()).orElseThrow();
    }

    /** A message with a scanned page attached as {@code log.pdf}. */
    private Path mailWithAScan() throws Exception {
        Path scan = ScannedPages.pdf(Files.createTempDirectory(dir, "scans").resolve("scan.pdf"), null);
        Path mail = TestMail.eml(
                dir.resolve("lighthouse.eml"),
                "Lighthouse log",
                "The scanned log is attached.",
                Map.of("log.pdf", Files.readAllBytes(scan)));
        Files.delete(scan);
        return mail;
    }

    private Parsers withoutTesseract() {
        return Parsers.create(
                Tesseract.configured(dir.resolve("no-such-tesseract").toString()));
    }

    @Test
    void mailReadByAnOlderReaderIsReadAgainOnceAndOtherFilesAreNot() throws Exception {
        Path mail = TestMail.eml(
                dir.resolve("tides.eml"),
                "Tide readings",
                "The readings are attached.",
                Map.of("gauge.md", "# Gauge\n\nThe gauge at Peniche read four metres.\n".getBytes(UTF_8)));
        Path note = Files.writeString(dir.resolve("note.txt"), "The ferry leaves the harbour at nine.");
        assertThat(ingest(parsers).indexed()).isEqualTo(2);
        assertThat(stored(mail).readerVersion()).isEqualTo(Parsers.readerVersion("message/rfc822"));
        assertThat(stored(mail).readerVersion())
                .as("mail's reader was changed once")
                .isEqualTo(2);
        assertThat(stored(note).readerVersion()).isEqualTo(1);

        // A library from before: every document read by its format's first reader, attachments inline.
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("DELETE FROM documents WHERE parent_id IS NOT NULL");
            st.execute("UPDATE documents SET reader_version = 1");
        }
        assertThat(store.partsOf(stored(mail).id())).isEmpty();

        IngestSummary again = ingest(parsers);
        assertThat(again.indexed()).as("the mail, read by the old reader").isEqualTo(1);
        assertThat(again.skipped()).as("the note: its reader did not change").isEqualTo(1);
        assertThat(stored(mail).readerVersion()).isEqualTo(2);
        assertThat(store.partsOf(stored(mail).id()))
                .extracting(DocumentRecord::path, DocumentRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(mail + "#1/gauge.md", DocumentStatus.INDEXED));

        assertThat(ingest(parsers).skipped()).as("once: now both are current").isEqualTo(2);
    }

    @Test
    void anAttachmentThatWaitedForTesseractIsReadOnceTesseractIsThere() throws Exception {
        ScannedPages.assumeTesseract();
        Path mail = mailWithAScan();
        // Enough files that the run reads the library's documents in one query up front.
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("note" + i + ".txt"), "Note " + i + ": the ferry leaves at nine.");
        }
        Path attachment = Path.of(mail + "#1/log.pdf");

        try (Parsers without = withoutTesseract()) {
            assertThat(ingest(without).indexed()).isEqualTo(41);
            assertThat(stored(mail).status()).isEqualTo(DocumentStatus.INDEXED);
            assertThat(stored(attachment).status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(stored(attachment).error()).isEqualTo(Tesseract.MISSING);

            assertThat(ingest(without).skipped())
                    .as("nothing changed, and Tesseract is still missing")
                    .isEqualTo(41);
        }

        IngestSummary withTesseract = ingest(parsers);
        assertThat(withTesseract.indexed()).as("only the message is read again").isEqualTo(1);
        assertThat(withTesseract.skipped()).isEqualTo(40);
        assertThat(stored(attachment).status()).isEqualTo(DocumentStatus.INDEXED);
        List<SearchHit> hits = new Searcher(store, embedder, Searcher.Policy.DEFAULT)
                .search("granite walls shield the lamp", 3, Searcher.Mode.TEXT);
        assertThat(hits)
                .as("the scanned page's words, read by Tesseract")
                .extracting(SearchHit::path)
                .contains(attachment.toString());

        assertThat(ingest(parsers).skipped())
                .as("read once: nothing waits any more")
                .isEqualTo(41);
    }

    @Test
    void aFewFilesAreCheckedOneByOneForAttachmentsThatWaitedForTesseract() throws Exception {
        ScannedPages.assumeTesseract();
        Path mail = mailWithAScan();
        try (Parsers without = withoutTesseract()) {
            assertThat(ingest(without).indexed()).isEqualTo(1);
        }
        assertThat(stored(Path.of(mail + "#1/log.pdf")).error()).isEqualTo(Tesseract.MISSING);

        assertThat(ingest(parsers).indexed()).isEqualTo(1);
        assertThat(stored(Path.of(mail + "#1/log.pdf")).status()).isEqualTo(DocumentStatus.INDEXED);
    }
}
