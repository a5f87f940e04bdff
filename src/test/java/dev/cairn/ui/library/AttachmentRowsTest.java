package dev.cairn.ui.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import dev.cairn.platform.Texts;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** An e-mail's attachments are rows of their own, named with their message, and go when the message's row goes. */
class AttachmentRowsTest {

    private final Path mail = Path.of("/home/ana/mail/tides.eml").toAbsolutePath();
    private final Path other = Path.of("/home/ana/mail/other.eml").toAbsolutePath();

    @Test
    void attachmentRowsSayWhatTheyBelongToAndLeaveWithTheirMessage() {
        LibraryViewModel library = new LibraryViewModel();
        library.applyAll(List.of(
                new DocumentUpdate(mail, RowStatus.INDEXED, -1, 2, "", 1800),
                part(mail, "gauge.pdf", RowStatus.INDEXED),
                part(mail, "photo.zip", RowStatus.FAILED),
                new DocumentUpdate(other, RowStatus.INDEXED, -1, 1, "", 900),
                part(other, "gauge.pdf", RowStatus.INDEXED)));

        DocumentRow gauge = library.find(Path.of(mail + "#1/gauge.pdf")).orElseThrow();
        assertThat(gauge.name()).isEqualTo("gauge.pdf (attachment of 'Tide readings')");
        assertThat(gauge.type()).isEqualTo("PDF");
        assertThat(gauge.file()).as("re-indexing it reads its message").isEqualTo(mail);
        assertThat(library.find(mail).orElseThrow().file()).isEqualTo(mail);

        library.remove(library.find(mail).orElseThrow());

        assertThat(library.rows())
                .extracting(r -> r.path().toString())
                .containsExactlyInAnyOrder(other.toString(), other + "#1/gauge.pdf");
    }

    @Test
    void aMessageReadAgainKeepsOnlyTheAttachmentsItHasNowAndAFailedOneKeepsNone() {
        LibraryViewModel library = new LibraryViewModel();
        library.applyAll(List.of(
                new DocumentUpdate(mail, RowStatus.INDEXED, -1, 2, "", 1800),
                part(mail, "gauge.pdf", RowStatus.INDEXED),
                part(mail, "photo.zip", RowStatus.FAILED),
                new DocumentUpdate(other, RowStatus.INDEXED, -1, 1, "", 900),
                part(other, "gauge.pdf", RowStatus.INDEXED)));

        library.apply(DocumentUpdate.of(mail, RowStatus.INDEXED));
        assertThat(library.rows())
                .as("unchanged (skipped): its attachments stay")
                .hasSize(5);

        library.applyAll(List.of(
                new DocumentUpdate(mail, RowStatus.INDEXED, -1, 3, "").replacingParts(),
                part(mail, "gauge.pdf", RowStatus.INDEXED),
                part(mail, "minutes.docx", RowStatus.INDEXED)));
        assertThat(library.rows())
                .extracting(r -> r.path().toString())
                .containsExactlyInAnyOrder(
                        mail.toString(),
                        mail + "#1/gauge.pdf",
                        mail + "#1/minutes.docx",
                        other.toString(),
                        other + "#1/gauge.pdf");

        library.apply(DocumentUpdate.failed(mail, "This file has no text Cairn can index.")
                .replacingParts());
        assertThat(library.rows())
                .extracting(r -> r.path().toString())
                .containsExactlyInAnyOrder(mail.toString(), other.toString(), other + "#1/gauge.pdf");
        assertThat(library.summaryProperty().get()).isEqualTo("3 documents · 1 failed");

        library.applyAll(List.of(
                new DocumentUpdate(mail, RowStatus.INDEXED, -1, 2, "").replacingParts(),
                part(mail, "gauge.pdf", RowStatus.INDEXED)));
        library.remove(library.find(mail).orElseThrow());
        assertThat(library.rows())
                .extracting(r -> r.path().toString())
                .containsExactlyInAnyOrder(other.toString(), other + "#1/gauge.pdf");
    }

    @Test
    void aNameCairnGaveAPartSentWithoutOneReadsInTheWindowsLanguageAndASentNameAsItIs() {
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN)) {
                Texts.use(locale);
                String noSubject = Phrase.of("place.attachmentOf", Phrase.of("place.noSubject"));
                DocumentRow unnamed = new DocumentRow(Path.of(mail + "#1/unnamed attachment (2).pdf"), 100, noSubject);
                DocumentRow message = new DocumentRow(Path.of(mail + "#1/attached message.eml"), 100, noSubject);
                DocumentRow sent = new DocumentRow(Path.of(mail + "#1/unnamed attachment notes.txt"), 100, noSubject);
                DocumentRow ownFile = new DocumentRow(Path.of("/home/ana/attachment.pdf"), 100);

                boolean german = locale.equals(Locale.GERMAN);
                assertThat(unnamed.name())
                        .isEqualTo(
                                german
                                        ? "unbenannter Anhang (2).pdf (Anhang von \u201e(kein Betreff)\u201c)"
                                        : "unnamed attachment (2).pdf (attachment of '(no subject)')");
                assertThat(message.name()).startsWith(german ? "angehängte Nachricht.eml (" : "attached message.eml (");
                assertThat(sent.name()).startsWith("unnamed attachment notes.txt (");
                assertThat(ownFile.name()).isEqualTo("attachment.pdf");
                assertThat(unnamed.path().getFileName().toString()).isEqualTo("unnamed attachment (2).pdf");
            }
        } finally {
            Texts.use(before);
        }
    }

    private static DocumentUpdate part(Path message, String name, RowStatus status) {
        return new DocumentUpdate(
                Path.of(message + "#1/" + name),
                status,
                -1,
                -1,
                status == RowStatus.FAILED ? "Not read." : "",
                100,
                "attachment of 'Tide readings'",
                "");
    }
}
