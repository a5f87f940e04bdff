package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.Embedder;
import dev.cairn.ingest.parse.SourcePassages;
import dev.cairn.ingest.parse.TestDocuments;
import dev.cairn.ingest.parse.TestMail;
import dev.cairn.platform.Phrase;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * E-mail attachments as documents of their own, on the bundled PostgreSQL: stored with their message,
 * found and cited as "attachment of ...", replaced when the message changes and removed with it.
 */
class AttachmentIngestTest extends LibraryTest {

    private static final String SUBJECT = "Quarterly numbers";
    private Embedder embedder;
    private final List<String> parts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void cacheVectors() {
        embedder = cachingEmbedder();
    }

    private IngestSummary ingest(boolean prune) throws InterruptedException {
        return new IngestPipeline(parsers, embedder, store, governor, IngestPipeline.Options.defaults())
                .ingest(List.of(dir), prune, new IngestControl(), new IngestPipeline.Listener() {
                    @Override
                    public void part(Path file, String partOf, IngestResult result) {
                        parts.add(
                                file.getFileName() + " > " + result.path().getFileName() + ": " + Phrase.english(partOf)
                                        + ": " + result.getClass().getSimpleName());
                    }
                });
    }

    private List<SearchHit> search(String words) {
        return new Searcher(store, embedder, Searcher.Policy.DEFAULT).search(words, 5, Searcher.Mode.TEXT);
    }

    private Map<String, DocumentRecord> library() {
        Map<String, DocumentRecord> byName = new LinkedHashMap<>();
        store.listDocuments()
                .forEach(d -> byName.put(Path.of(d.path()).getFileName().toString(), d));
        return byName;
    }

    private Path message(Map<String, byte[]> attachments) throws Exception {
        return TestMail.eml(dir.resolve("numbers.eml"), SUBJECT, "The figures are attached.", attachments);
    }

    private byte[] pdf(String words) throws Exception {
        Path file = dir.getParent().resolve(dir.getFileName() + "-attachment.pdf");
        try {
            return Files.readAllBytes(TestDocuments.pdf(file, List.of(List.of(words)), null, null));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private byte[] docx(String title, List<String> entries) throws Exception {
        Path file = dir.getParent().resolve(dir.getFileName() + "-attachment.docx");
        try {
            return Files.readAllBytes(TestDocuments.docx(file, title, entries));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] zip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("photos/readme.txt"));
            zip.write("holiday photos".getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aMessagesAttachmentsAreDocumentsOfTheirOwnFoundAndCitedAsAttachmentsOfIt() throws Exception {
        Map<String, byte[]> attached = new LinkedHashMap<>();
        attached.put("report.pdf", pdf("The turbine yield in Aveiro rose by a third in October."));
        attached.put(
                "minutes.docx",
                docx("Minutes", List.of("# Decisions", "The committee chose the granite quarry near Braga.")));
        attached.put("photos.zip", zip());
        Path mail = message(attached);

        IngestSummary first = ingest(false);

        assertThat(first.indexed()).as("the file counts once").isEqualTo(1);
        Map<String, DocumentRecord> library = library();
        assertThat(library.keySet())
                .containsExactlyInAnyOrder("numbers.eml", "report.pdf", "minutes.docx", "photos.zip");
        DocumentRecord message = library.get("numbers.eml");
        assertThat(message.isPart()).isFalse();
        assertThat(library.values().stream().filter(d -> d.status() == DocumentStatus.INDEXED))
                .as("three documents: the message and its two readable attachments")
                .hasSize(3);
        for (String name : List.of("report.pdf", "minutes.docx", "photos.zip")) {
            DocumentRecord part = library.get(name);
            assertThat(part.parentId()).isEqualTo(message.id());
            assertThat(Phrase.english(part.partOf())).isEqualTo("attachment of 'Quarterly numbers'");
            assertThat(part.path()).isEqualTo(mail + "#1/" + name);
        }
        assertThat(library.get("report.pdf").mediaType()).isEqualTo("application/pdf");
        assertThat(library.get("minutes.docx").title()).isEqualTo("Minutes");
        assertThat(library.get("photos.zip").status())
                .as("an attachment Cairn doesn't read is listed, not indexed")
                .isEqualTo(DocumentStatus.FAILED);
        assertThat(library.get("photos.zip").error()).isNotBlank();
        assertThat(parts)
                .containsExactlyInAnyOrder(
                        "numbers.eml > report.pdf: attachment of 'Quarterly numbers': Indexed",
                        "numbers.eml > minutes.docx: attachment of 'Quarterly numbers': Indexed",
                        "numbers.eml > photos.zip: attachment of 'Quarterly numbers': Failed");

        SearchHit hit = search("turbine yield Aveiro").getFirst();
        assertThat(hit.path()).isEqualTo(mail + "#1/report.pdf");
        assertThat(Phrase.english(hit.partOf())).isEqualTo("attachment of 'Quarterly numbers'");
        assertThat(Phrase.english(hit.whereabouts())).isEqualTo("p. 1 \u00b7 attachment of 'Quarterly numbers'");
        assertThat(search("granite quarry Braga").getFirst().path()).isEqualTo(mail + "#1/minutes.docx");
        assertThat(search("figures attached").getFirst().path())
                .as("the message's own text stays the message's")
                .isEqualTo(mail.toString());
        assertThat(SourcePassages.documentText(Path.of(hit.path())))
                .as("the viewer reads the attachment again from its message")
                .contains("The turbine yield in Aveiro rose by a third in October.");

        // The message changes: its attachments are replaced with it.
        message(Map.of("report.pdf", pdf("The windmill harvest in Evora was the best in years.")));
        assertThat(ingest(false).indexed()).isEqualTo(1);
        assertThat(library().keySet()).containsExactlyInAnyOrder("numbers.eml", "report.pdf");
        assertThat(library().get("report.pdf").id())
                .as("a new document for the new attachment")
                .isNotEqualTo(library.get("report.pdf").id());
        assertThat(search("turbine Aveiro")).isEmpty();
        assertThat(search("granite quarry")).isEmpty();
        assertThat(search("windmill harvest Evora").getFirst().path()).isEqualTo(mail + "#1/report.pdf");

        // Unchanged, it is skipped and its attachments stay.
        assertThat(ingest(false).skipped()).isEqualTo(1);
        assertThat(library()).hasSize(2);

        // Deleted, the message goes and its attachments with it.
        Files.delete(mail);
        assertThat(ingest(true).pruned()).isEqualTo(1);
        assertThat(store.listDocuments()).isEmpty();
        assertThat(search("windmill harvest")).isEmpty();
    }

    @Test
    void eachMessageOfAMailboxHasItsOwnAttachmentsAndAFailedMessageLosesThem() throws Exception {
        Path box = TestMail.mbox(
                dir.resolve("inbox.mbox"),
                List.of(
                        TestMail.message(
                                "Timetables",
                                "See the timetable.",
                                Map.of(
                                        "timetable.md",
                                        "# Timetable\n\nThe ferry to Corvo leaves at nine.\n".getBytes())),
                        TestMail.message(
                                "Timetables",
                                "And the return.",
                                Map.of(
                                        "timetable.md",
                                        "# Return\n\nThe ferry from Flores returns at six.\n".getBytes()))));

        ingest(false);

        assertThat(store.listDocuments())
                .extracting(DocumentRecord::path)
                .containsExactlyInAnyOrder(box.toString(), box + "#1/timetable.md", box + "#2/timetable.md");
        assertThat(search("ferry Corvo").getFirst().path()).isEqualTo(box + "#1/timetable.md");
        assertThat(search("ferry Flores").getFirst().path()).isEqualTo(box + "#2/timetable.md");
        assertThat(SourcePassages.documentText(Path.of(box + "#2/timetable.md")))
                .contains("returns at six");

        Files.write(box, new byte[0]); // now empty: the mailbox fails, and what it held is gone
        ingest(false);
        assertThat(store.listDocuments()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo(box.toString());
            assertThat(d.status()).isEqualTo(DocumentStatus.FAILED);
        });
    }
}
