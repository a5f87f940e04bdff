package dev.cairn.ingest.parse;

import static dev.cairn.ingest.parse.TestBooks.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.parse.TestBooks.Chapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EPUB books, OpenDocument text and RTF: text, sections, titles, and each way such a file can be bad. */
class BookFormatsTest extends ParsingTest {

    private static List<String> texts(Collected c) {
        return c.blocks().stream().map(b -> b.text().strip()).toList();
    }

    // ---- EPUB -----------------------------------------------------------------------------

    private static final List<Chapter> CHAPTERS = List.of(
            new Chapter(
                    "one.xhtml",
                    "I. The Harbour",
                    "<h1>I. The Harbour</h1><p>Boats rocked at anchor.</p>"
                            + "<h2>At Night</h2><p>Lanterns swung.</p>"),
            new Chapter("one b.xhtml", null, "<p>The harbour chapter goes on in a second file.</p>"),
            new Chapter(
                    "two.xhtml",
                    "II. The Storm",
                    "<nav><p>Skip me</p></nav><section><p>Rain came sideways.</p></section>"));

    @Test
    void epub3ChaptersComeInSpineOrderNamedByTheNavDocument() throws Exception {
        Path file = TestBooks.epub(dir.resolve("voyage.epub"), "The Voyage", "Ann Author", CHAPTERS, true);

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("application/epub+zip");
        assertThat(c.parsed().title()).isEqualTo("The Voyage \u2014 Ann Author");
        assertThat(texts(c))
                .containsExactly(
                        "Boats rocked at anchor.",
                        "Lanterns swung.",
                        "The harbour chapter goes on in a second file.",
                        "Rain came sideways.");
        assertThat(c.blocks())
                .extracting(Block::heading)
                .containsExactly("I. The Harbour", "I. The Harbour \u203A At Night", "I. The Harbour", "II. The Storm");
    }

    @Test
    void epub2ChaptersAreNamedByTheNcx() throws Exception {
        Path file = TestBooks.epub(dir.resolve("voyage2.epub"), "The Voyage", null, CHAPTERS, false);

        Collected c = parse(file);

        assertThat(c.parsed().title()).isEqualTo("The Voyage");
        assertThat(c.blocks())
                .extracting(Block::heading)
                .containsExactly("I. The Harbour", "I. The Harbour \u203A At Night", "I. The Harbour", "II. The Storm");
    }

    @Test
    void anEpubWithoutTableOfContentsOrTitleUsesItsHeadings() throws Exception {
        Map<String, byte[]> parts = TestBooks.epubParts(
                null,
                null,
                List.of(
                        new Chapter("a.xhtml", null, "<h1>Prologue</h1><p>It began.</p>"),
                        new Chapter("b.xhtml", null, "<h1>Epilogue</h1><p>It ended.</p>")),
                false);
        parts.remove("OEBPS/toc.ncx");
        Collected c = parse(TestBooks.zip(dir.resolve("untitled.epub"), parts));

        assertThat(c.parsed().title()).isEqualTo("Prologue");
        assertThat(c.blocks()).extracting(Block::heading).containsExactly("Prologue", "Epilogue");
    }

    @Test
    void anEpubWhoseChaptersAreEncryptedFailsAsDrm() throws Exception {
        Map<String, byte[]> parts = TestBooks.epubParts("Locked", null, CHAPTERS, true);
        parts.put("META-INF/encryption.xml", utf8("""
                <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
                    xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
                  <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
                    <enc:CipherData><enc:CipherReference URI="OEBPS/text/two.xhtml"/></enc:CipherData></enc:EncryptedData>
                </encryption>"""));

        ParseOutcome.Failed failed =
                parse(TestBooks.zip(dir.resolve("locked.epub"), parts)).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.ENCRYPTED);
        assertThat(failed.message()).contains("encrypted (DRM) e-book");
    }

    @Test
    void obfuscatedFontsAreNoDrm() throws Exception {
        Map<String, byte[]> parts = TestBooks.epubParts("Fonts", null, CHAPTERS, true);
        parts.put("META-INF/encryption.xml", utf8("""
                <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
                  <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
                    <enc:CipherData><enc:CipherReference URI="OEBPS/text/two.xhtml"/></enc:CipherData></enc:EncryptedData>
                </encryption>"""));

        assertThat(parse(TestBooks.zip(dir.resolve("fonts.epub"), parts))
                        .parsed()
                        .title())
                .isEqualTo("Fonts");
    }

    @Test
    void damagedEpubsFailEachWithAReasonInWords() throws Exception {
        Path whole = TestBooks.epub(dir.resolve("whole.epub"), "Whole", null, CHAPTERS, true);
        byte[] bytes = Files.readAllBytes(whole);
        assertFails(
                Files.write(dir.resolve("cut.epub"), java.util.Arrays.copyOf(bytes, bytes.length / 2)),
                FailureReason.CORRUPT,
                "damaged or truncated");
        assertFails(Files.createFile(dir.resolve("empty.epub")), FailureReason.EMPTY, "empty (0 bytes)");
        assertFails(
                Files.write(dir.resolve("noise.epub"), "PK\3\4 not really a zip".getBytes(StandardCharsets.US_ASCII)),
                FailureReason.CORRUPT,
                "damaged or truncated");

        Map<String, byte[]> garbled = TestBooks.epubParts("Garbled", null, CHAPTERS, true);
        garbled.put("OEBPS/content.opf", utf8("<package><metadata><dc:title>unclosed"));
        assertFails(
                TestBooks.zip(dir.resolve("garbled.epub"), garbled),
                FailureReason.CORRUPT,
                "damaged: its part OEBPS/content.opf could not be read");

        Map<String, byte[]> noContainer = TestBooks.epubParts("No container", null, CHAPTERS, true);
        noContainer.remove("META-INF/container.xml");
        assertFails(
                TestBooks.zip(dir.resolve("nocontainer.epub"), noContainer),
                FailureReason.CORRUPT,
                "has no META-INF/container.xml inside");

        Map<String, byte[]> missingChapter = TestBooks.epubParts("Missing", null, CHAPTERS, true);
        missingChapter.remove("OEBPS/text/two.xhtml");
        assertFails(
                TestBooks.zip(dir.resolve("missing.epub"), missingChapter),
                FailureReason.CORRUPT,
                "has no OEBPS/text/two.xhtml inside");

        Map<String, byte[]> wrongType = TestBooks.epubParts("Wrong", null, CHAPTERS, true);
        wrongType.put("mimetype", utf8("application/x-something-else"));
        assertFails(
                TestBooks.zip(dir.resolve("wrong.epub"), wrongType),
                FailureReason.CORRUPT,
                "its mimetype entry says \"application/x-something-else\" instead of application/epub+zip");
    }

    @Test
    void pathTricksInAnEpubAreRefused() throws Exception {
        Map<String, byte[]> entryName = TestBooks.epubParts("Tricky", null, CHAPTERS, true);
        entryName.put("../../outside.xhtml", utf8("<p>x</p>"));
        assertFails(
                TestBooks.zip(dir.resolve("entry.epub"), entryName),
                FailureReason.CORRUPT,
                "holds a part named \"../../outside.xhtml\" that points outside the file (a path trick)");

        Map<String, byte[]> spine = TestBooks.epubParts("Tricky", null, CHAPTERS, true);
        String opf = new String(spine.get("OEBPS/content.opf"), StandardCharsets.UTF_8);
        spine.put("OEBPS/content.opf", utf8(opf.replace("href=\"text/two.xhtml\"", "href=\"../../../etc/passwd\"")));
        assertFails(TestBooks.zip(dir.resolve("spine.epub"), spine), FailureReason.CORRUPT, "(a path trick)");
    }

    @Test
    void zipBombsAndCrowdedPackagesAreRefusedNotUnpacked() throws Exception {
        Map<String, byte[]> bomb = TestBooks.epubParts("Bomb", null, CHAPTERS, true);
        bomb.put("OEBPS/text/two.xhtml", TestBooks.repeated(12 * (int) ParseBudget.MB));
        Path bombFile = TestBooks.zip(dir.resolve("bomb.epub"), bomb);
        assertThat(Files.size(bombFile)).isLessThan(200_000);
        assertFails(bombFile, FailureReason.RESOURCE_LIMIT, "(a \"zip bomb\" in OEBPS/text/two.xhtml)");

        Path liar = TestBooks.epub(dir.resolve("liar.epub"), "Liar", null, CHAPTERS, true);
        TestBooks.declareSize(liar, "OEBPS/text/two.xhtml", 0xFFFF_0000L);
        assertFails(
                liar,
                FailureReason.RESOURCE_LIMIT,
                "part OEBPS/text/two.xhtml unpacks to 4,095 MB, over Cairn's limit of 64 MB");

        Map<String, byte[]> crowded = TestBooks.epubParts("Crowded", null, CHAPTERS, true);
        for (int i = 0; i <= ZipParts.MAX_ENTRIES; i++) {
            crowded.put("OEBPS/images/" + i + ".png", new byte[0]);
        }
        assertFails(
                TestBooks.zip(dir.resolve("crowded.epub"), crowded),
                FailureReason.RESOURCE_LIMIT,
                "more than the 10,000 Cairn opens in one document");

        Map<String, byte[]> odtBomb = TestBooks.odtParts("Bomb", "<text:p>x</text:p>");
        odtBomb.put(
                "content.xml",
                utf8(TestBooks.odtContent("<text:p>" + "a".repeat(12 * (int) ParseBudget.MB) + "</text:p>")));
        assertFails(
                TestBooks.zip(dir.resolve("bomb.odt"), odtBomb),
                FailureReason.RESOURCE_LIMIT,
                "(a \"zip bomb\" in content.xml)");
    }

    // ---- OpenDocument text ----------------------------------------------------------------

    @Test
    void odtHeadingsParagraphsListsAndTablesBecomeBlocks() throws Exception {
        Path file = TestBooks.odt(dir.resolve("minutes.odt"), "Meeting Minutes", """
                <text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>
                <text:tracked-changes><text:changed-region><text:deletion><text:p>Deleted words</text:p></text:deletion>
                  </text:changed-region></text:tracked-changes>
                <text:table-of-content><text:index-body><text:p>Attendees ..... 1</text:p></text:index-body></text:table-of-content>
                <text:p>Opening<text:s text:c="3"/>remarks<text:tab/>here.</text:p>
                <text:h text:outline-level="1">Attendees</text:h>
                <text:list><text:list-item><text:p>Alice</text:p></text:list-item>
                  <text:list-item><text:p>Bob<office:annotation><text:p>a comment</text:p></office:annotation></text:p></text:list-item>
                </text:list>
                <text:h text:outline-level="2">Budget <text:span>table</text:span></text:h>
                <table:table><table:table-row><table:table-cell><text:p>Item</text:p></table:table-cell>
                  <table:table-cell><text:p>Cost</text:p></table:table-cell><table:table-cell/></table:table-row>
                  <table:table-row><table:table-cell><text:p>Paper</text:p></table:table-cell>
                  <table:table-cell><text:p>3</text:p><text:p>EUR</text:p></table:table-cell></table:table-row></table:table>
                <text:p>Closing.<text:note><text:note-citation>1</text:note-citation><text:note-body>
                  <text:p>A footnote.</text:p></text:note-body></text:note></text:p>""");

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("application/vnd.oasis.opendocument.text");
        assertThat(c.parsed().title()).isEqualTo("Meeting Minutes");
        assertThat(texts(c))
                .containsExactly(
                        "Opening   remarks\there.",
                        "Alice",
                        "Bob",
                        "Item | Cost",
                        "Paper | 3 EUR",
                        "Closing. A footnote.");
        assertThat(c.blocks())
                .extracting(Block::heading)
                .containsExactly(
                        "Meeting Minutes", "Attendees", "Attendees", "Budget table", "Budget table", "Budget table");
    }

    @Test
    void anOdtWithoutMetadataIsTitledByItsFirstHeading() throws Exception {
        Path file = TestBooks.odt(
                dir.resolve("notes.odt"),
                null,
                "<text:p>Before.</text:p><text:h text:outline-level=\"1\">Field Notes</text:h><text:p>After.</text:p>");

        Collected c = parse(file);

        assertThat(c.parsed().title()).isEqualTo("Field Notes");
        assertThat(c.blocks()).extracting(Block::heading).containsExactly("notes", "Field Notes");
    }

    @Test
    void anOdtCannotReadLocalFilesThroughExternalEntities() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP SECRET PASSWORD");
        Map<String, byte[]> parts = TestBooks.odtParts("XXE", "");
        parts.put(
                "content.xml",
                utf8("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                        + TestBooks.odtContent("<text:p>&xxe;</text:p>")
                                .substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".length())));

        Collected c = parse(TestBooks.zip(dir.resolve("xxe.odt"), parts));

        assertThat(c.text()).doesNotContain("TOP SECRET");
        assertThat(c.failed().reason()).isEqualTo(FailureReason.CORRUPT);
        assertThat(c.failed().message()).contains("its part content.xml could not be read");
    }

    @Test
    void badOpenDocumentFilesFailEachWithAReasonInWords() throws Exception {
        Map<String, byte[]> locked = TestBooks.odtParts("Locked", "<text:p>x</text:p>");
        locked.put("META-INF/manifest.xml", utf8("""
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">
                  <manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>
                </manifest:manifest>"""));
        locked.put("content.xml", new byte[] {0x13, 0x37, 0x00, (byte) 0xFF});
        assertFails(TestBooks.zip(dir.resolve("locked.odt"), locked), FailureReason.ENCRYPTED, "password-protected");

        Map<String, byte[]> noContent = TestBooks.odtParts("Empty", "");
        noContent.remove("content.xml");
        noContent.put("styles.xml", utf8("<x/>"));
        assertFails(
                TestBooks.zip(dir.resolve("nocontent.odt"), noContent),
                FailureReason.CORRUPT,
                "has no content.xml inside");

        Map<String, byte[]> garbled = TestBooks.odtParts("Garbled", "");
        garbled.put("content.xml", utf8("<office:document-content><text:p>never closed"));
        assertFails(
                TestBooks.zip(dir.resolve("garbled.odt"), garbled),
                FailureReason.CORRUPT,
                "its part content.xml could not be read");

        for (String kind : List.of("graphics", "chart")) {
            Map<String, byte[]> other = new LinkedHashMap<>();
            other.put("mimetype", utf8("application/vnd.oasis.opendocument." + kind));
            other.put("content.xml", utf8("<x/>"));
            assertFails(
                    TestBooks.zip(dir.resolve(kind + ".odt"), other),
                    FailureReason.UNSUPPORTED,
                    kind.equals("graphics") ? "an OpenDocument drawing (.odg)" : "an OpenDocument chart file");
        }
    }

    // ---- RTF ------------------------------------------------------------------------------

    @Test
    void rtfParagraphsHeadingsTablesAndTitleAreRead() throws Exception {
        String rtf = """
                {\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}
                {\\colortbl;\\red0\\green0\\blue0;}
                {\\stylesheet{\\s0 Normal;}{\\s2\\sbasedon0 heading 2;}{\\s3\\outlinelevel2 Late Part;}{\\*\\cs10 Default Paragraph Font;}}
                {\\info{\\title Travel Journal}{\\author Someone}}
                {\\header Page header\\par}
                \\pard\\plain\\outlinelevel0 Day One\\par
                \\pard\\plain Caf\\'e9 au lait cost 3\\u8364?, {\\b bold} and {\\field{\\*\\fldinst HYPERLINK "x"}{\\fldrslt linked}} text.\\par
                {\\pict\\pngblip 89504e47}A line\\line broken.\\par
                \\pard\\plain\\s2 Evening\\par
                \\pard\\plain\\intbl Hotel\\cell 80\\cell\\row
                \\pard\\plain Braces \\{ and \\} and \\\\ backslash.\\par
                \\pard\\plain\\s3 Late Night\\par\\pard After midnight.\\par
                }""";
        Path file = Files.writeString(dir.resolve("journal.rtf"), rtf, StandardCharsets.US_ASCII);

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("application/rtf");
        assertThat(c.parsed().title()).isEqualTo("Travel Journal");
        assertThat(texts(c))
                .containsExactly(
                        "Caf\u00e9 au lait cost 3\u20ac, bold and linked text.",
                        "A line\nbroken.",
                        "Hotel | 80",
                        "Braces { and } and \\ backslash.",
                        "After midnight.");
        assertThat(c.blocks())
                .extracting(Block::heading)
                .containsExactly("Day One", "Day One", "Evening", "Evening", "Late Night");
    }

    @Test
    void rtfBytesAreDecodedInTheDocumentsCodePage() throws Exception {
        Path file = Files.writeString(
                dir.resolve("japanese.rtf"), "{\\rtf1\\ansi\\ansicpg932 \\'82\\'a0\\'82\\'a2 and \\u12358?.\\par}");

        assertThat(texts(parse(file))).containsExactly("\u3042\u3044 and \u3046.");
    }

    @Test
    void rtfWithoutInfoIsTitledByItsFirstHeadingOrFileName() throws Exception {
        Path headed =
                Files.writeString(dir.resolve("a.rtf"), "{\\rtf1\\pard\\outlinelevel1 Summary\\par\\pard Text.\\par}");
        Path plain = Files.writeString(dir.resolve("letter.rtf"), "{\\rtf1 Dear friend,\\par Regards.}");

        assertThat(parse(headed).parsed().title()).isEqualTo("Summary");
        Collected letter = parse(plain);
        assertThat(letter.parsed().title()).isEqualTo("letter");
        assertThat(texts(letter)).containsExactly("Dear friend,", "Regards.");
    }

    @Test
    void badRtfFailsWithAReasonInWords() throws Exception {
        assertFails(
                Files.writeString(dir.resolve("cut.rtf"), "{\\rtf1 Some text\\par {\\b more"),
                FailureReason.CORRUPT,
                "truncated");
        assertFails(
                Files.writeString(dir.resolve("blank.rtf"), "{\\rtf1{\\fonttbl{\\f0 Arial;}}}"),
                FailureReason.EMPTY,
                "no text to index");
        assertFails(
                Files.write(dir.resolve("binary.rtf"), new byte[] {'{', '\\', 'r', 't', 'f', '1', ' ', 0, 1, 2, 3}),
                FailureReason.CORRUPT,
                "binary data where text should be");
        assertFails(
                Files.writeString(
                        dir.resolve("deep.rtf"), "{\\rtf1 " + "{".repeat(100_000) + "x" + "}".repeat(100_000) + "}"),
                FailureReason.CORRUPT,
                "nested more than 4096 groups deep");
    }

    private void assertFails(Path file, FailureReason reason, String words) throws InterruptedException {
        ParseOutcome.Failed failed = parse(file).failed();
        assertThat(failed.reason())
                .as(file.getFileName() + ": " + failed.message())
                .isEqualTo(reason);
        assertThat(failed.message()).as(file.getFileName().toString()).contains(words);
    }
}
