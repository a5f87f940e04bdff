package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.platform.Phrase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one list of supported documents, and everything that must agree with it. */
class DocumentTypesTest {

    private static final String START = "<!-- supported-documents:start -->\n";
    private static final String END = "<!-- supported-documents:end -->";

    @Test
    void theReadmeListsExactlyTheDocumentsTheCodeReads() throws Exception {
        String readme = Files.readString(Path.of("README.md")).replace("\r\n", "\n");
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start)
                .as("README.md marks its list of supported documents with " + START.strip())
                .isNotNegative();
        assertThat(end).isGreaterThan(start);

        assertThat(readme.substring(start + START.length(), end))
                .as("README.md's list of supported documents; paste DocumentTypes.readmeTable() between the markers")
                .isEqualTo(DocumentTypes.readmeTable());
    }

    @Test
    void everyKindOfContentIsListedAndItsMediaTypeIsTheListedOne() {
        Set<Sniffed.Kind> listed = DocumentTypes.all().stream()
                .map(DocumentTypes.DocumentType::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Sniffed.Kind.class)));
        assertThat(listed)
                .as("every Sniffed.Kind needs a line in DocumentTypes")
                .containsExactlyInAnyOrder(Sniffed.Kind.values());
        for (Sniffed.Kind kind : Arrays.stream(Sniffed.Kind.values())
                .filter(k -> k != Sniffed.Kind.CODE)
                .toList()) {
            assertThat(DocumentTypes.all().stream()
                            .filter(t -> t.kind() == kind)
                            .map(DocumentTypes.DocumentType::mediaType))
                    .as("media type of " + kind)
                    .contains(kind.mediaType);
        }
    }

    @Test
    void listedExtensionsFindTheirTypeWhateverTheirCase() {
        assertThat(Phrase.english(DocumentTypes.forFile(Path.of("Notes.YML"))
                        .orElseThrow()
                        .name()))
                .isEqualTo("YAML");
        assertThat(DocumentTypes.forFile(Path.of("Parser.java")).orElseThrow().label())
                .isEqualTo("JAVA");
        assertThat(Phrase.english(DocumentTypes.forFile(Path.of("photo.JPEG"))
                        .orElseThrow()
                        .name()))
                .isEqualTo("JPEG image");
        assertThat(Phrase.show(
                        DocumentTypes.forFile(Path.of("photo.JPEG"))
                                .orElseThrow()
                                .name(),
                        Locale.GERMAN))
                .isEqualTo("JPEG-Bild");
        assertThat(DocumentTypes.forFile(Path.of("drawing.svg"))).isEmpty();
        assertThat(DocumentTypes.globs())
                .contains("*.pdf", "*.docx", "*.md", "*.rst", "*.adoc", "*.org", "*.csv", "*.tsv", "*.py");
    }

    @Test
    void theSnifferSaysWhatCairnReadsFromTheSameList(@TempDir Path dir) throws Exception {
        Path gif = Files.write(dir.resolve("picture.gif"), new byte[] {'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0});

        DocumentException error =
                catchThrowableOfType(DocumentException.class, () -> ContentSniffer.sniff(gif, ParseBudget.defaults()));

        assertThat(Phrase.english(error.getMessage()))
                .endsWith("Cairn reads " + Phrase.english(DocumentTypes.sentence()) + ".")
                .contains("reStructuredText", "CSV", "source code", "PDF", "slides", "spreadsheets");
    }
}
