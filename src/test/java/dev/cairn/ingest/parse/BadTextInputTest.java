package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Broken, empty, mislabelled and oversized files of the text families: a reason in words, or a sensible parse. */
class BadTextInputTest extends ParsingTest {

    @Test
    void emptyFilesOfEveryNewFormatAreReportedAsEmpty() throws Exception {
        for (String name : new String[] {"a.rst", "a.adoc", "a.org", "a.csv", "a.tsv", "a.py", "a.json"}) {
            Collected c = parse(Files.write(dir.resolve(name), new byte[0]));

            assertThat(c.failed().reason()).as(name).isEqualTo(FailureReason.EMPTY);
            assertThat(c.failed().message()).as(name).contains("empty");
        }
    }

    @Test
    void filesWithOnlyMarkupOrOnlyAHeaderOfBlanksHaveNothingToIndex() throws Exception {
        for (var file : new String[][] {
            {"rule.rst", "\n----------\n\n.. a comment\n"},
            {"attrs.adoc", ":toc:\n:icons: font\n"},
            {"blank.csv", ",,\n,,\n"},
            {"spaces.py", "\n\n   \n"}
        }) {
            Collected c = parse(Files.writeString(dir.resolve(file[0]), file[1]));

            assertThat(c.failed().reason()).as(file[0]).isEqualTo(FailureReason.EMPTY);
            assertThat(c.failed().message()).as(file[0]).contains("no text to index");
        }
    }

    @Test
    void binaryBytesNamedAsCodeOrTableAreRefusedSayingWhatTheNameClaims() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        for (String name : new String[] {"script.py", "export.csv"}) {
            Collected c = parse(Files.write(dir.resolve(name), garbage));

            assertThat(c.failed().reason()).as(name).isEqualTo(FailureReason.BINARY);
            assertThat(c.failed().message())
                    .as(name)
                    .contains(
                            "named ." + name.substring(name.indexOf('.') + 1), "binary data", "damaged or mislabelled");
        }
        assertThat(parse(dir.resolve("script.py")).failed().message()).contains("(Python source)");
        assertThat(parse(dir.resolve("export.csv")).failed().message()).contains("(Comma-separated values)");
        assertThat(Phrase.show(parse(dir.resolve("script.py")).failed().said(), Locale.GERMAN))
                .contains("(Python-Quelltext)");
    }

    @Test
    void aSourceFileTruncatedMidLineAndMidDefinitionIsStillRead() throws Exception {
        String cut = "def complete():\n    return 1\n\ndef cut_short(a, b):\n    total = a +";
        Collected c = parse(Files.writeString(dir.resolve("cut.py"), cut));

        assertThat(c.text()).isEqualTo(cut);
        assertThat(c.blocks().getLast().heading()).isEqualTo("cut.py: cut_short(...) (lines 4-5)");
    }

    @Test
    void windows1252CodeAndMarkupAreDecodedNotMangled() throws Exception {
        Path py = dir.resolve("legacy.py");
        Files.write(py, "# Grüße, café\ndef naïve():\n    return \"€\"\n".getBytes(TextEncoding.WINDOWS_1252));
        Path org = dir.resolve("legacy.org");
        Files.write(org, "* Café\nCrème brûlée.\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(parse(py).text()).isEqualTo("# Grüße, café\ndef naïve():\n    return \"€\"\n");
        Collected notes = parse(org);
        assertThat(notes.text()).isEqualTo("Crème brûlée.\n\n");
        assertThat(notes.blocks().getFirst().heading()).isEqualTo("Café");
    }

    @Test
    void utf8CodeWithAByteOrderMarkKeepsItsLineNumbers() throws Exception {
        Path file = dir.resolve("bom.js");
        Files.write(file, "\uFEFFfunction greet(name) {\n  return name;\n}\n".getBytes(StandardCharsets.UTF_8));

        Collected c = parse(file);

        assertThat(c.text()).startsWith("function greet");
        assertThat(c.blocks().getFirst().heading()).isEqualTo("bom.js: greet(...) (lines 1-3)");
    }

    @Test
    void aHugeSingleLineOfCodeIsCutIntoBoundedBlocksThatKeepEveryCharacter() throws Exception {
        StringBuilder line = new StringBuilder("var data = [");
        while (line.length() < 3_000_000) {
            line.append("{\"id\": ").append(line.length()).append(", \"name\": \"item\"}, ");
        }
        line.append("];\n");
        Collected c = parse(Files.writeString(dir.resolve("bundle.min.js"), line));

        assertThat(c.parsed().mediaType()).isEqualTo("text/javascript");
        assertThat(c.text()).isEqualTo(line.toString());
        assertThat(c.blocks()).hasSizeGreaterThan(500);
        for (Block b : c.blocks()) {
            assertThat(b.text().length()).isLessThanOrEqualTo(CodeParser.MAX_BLOCK_CHARS + CodeParser.MAX_LINE);
            assertThat(b.heading()).isEqualTo("bundle.min.js (line 1)");
        }
    }

    @Test
    void aHugeSingleLineOfMarkupStaysWithinTheBlockLimit() throws Exception {
        String words = "stone ".repeat(400_000);
        Collected c = parse(Files.writeString(dir.resolve("long.rst"), "Title\n=====\n\n" + words + "\n"));

        assertThat(c.blocks()).hasSizeGreaterThan(10);
        assertThat(c.blocks()).allSatisfy(b -> {
            assertThat(b.text().length()).isLessThanOrEqualTo(TextParser.MAX_BLOCK_CHARS + 16 * 1024);
            assertThat(b.heading()).isEqualTo("Title");
        });
        assertThat(c.text().replaceAll("\\s+", "")).isEqualTo(words.replaceAll("\\s+", ""));
    }

    @Test
    void aCsvWithRaggedRowsAndStrayQuotesIsReadRowByRow() throws Exception {
        Path file = Files.writeString(dir.resolve("messy.csv"), """
                id,size,note
                1,5" screen
                2,,"quoted, with comma",extra
                3
                """);

        Collected c = parse(file);

        assertThat(c.text())
                .isEqualTo("id: 1; size: 5\" screen\nid: 2; note: quoted, with comma; column 4: extra\nid: 3\n\n");
        assertThat(c.blocks())
                .singleElement()
                .satisfies(b -> assertThat(b.heading()).isEqualTo("messy.csv, rows 2-4"));
    }
}
