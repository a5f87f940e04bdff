package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParsersTest extends ParsingTest {

    // ---- plain text -----------------------------------------------------------------------

    @Test
    void plainTextBlocksTileTheFileExactly() throws Exception {
        String content = "\nFirst paragraph, line one.\r\nLine two.\r\n\r\n\r\nSecond paragraph.\n   \nThird.\n";
        Path file = Files.writeString(dir.resolve("notes.txt"), content);

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("text/plain");
        assertThat(c.parsed().title()).isEqualTo("notes");
        assertThat(c.text()).isEqualTo(content);
        assertThat(c.blocks())
                .extracting(Block::text)
                .containsExactly(
                        "\nFirst paragraph, line one.\r\nLine two.\r\n\r\n\r\n",
                        "Second paragraph.\n   \n",
                        "Third.\n");
        for (Block b : c.blocks()) {
            assertThat(content.substring((int) b.charStart(), (int) b.charEnd()))
                    .isEqualTo(b.text());
            assertThat(b.heading()).isEqualTo("notes");
            assertThat(b.page()).isNull();
        }
    }

    @Test
    void utf16TextWithByteOrderMarksIsDecoded() throws Exception {
        String content = "Grüße aus Zürich — 東京 too.\n\nSecond paragraph.";
        for (var charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            Path file = dir.resolve("utf16-" + charset.name() + ".txt");
            Files.write(file, ("\uFEFF" + content).getBytes(charset));

            assertThat(parse(file).text()).as(charset.name()).isEqualTo(content);
        }
    }

    @Test
    void utf16WithoutByteOrderMarkIsRecognisedByItsNulBytes() throws Exception {
        String content = "Plain English text stored as UTF-16 little endian without a byte order mark.";
        Path file = Files.write(dir.resolve("utf16.txt"), content.getBytes(StandardCharsets.UTF_16LE));

        assertThat(parse(file).text()).isEqualTo(content);
    }

    @Test
    void latin1BytesThatAreNotUtf8AreReadAsWindows1252() throws Exception {
        String content = "Café, naïve façade — “quoted” in Windows-1252.\n";
        Path file = Files.write(dir.resolve("legacy.txt"), content.getBytes(TextEncoding.WINDOWS_1252));

        assertThat(parse(file).text()).isEqualTo(content);
    }

    @Test
    void utf8ByteOrderMarkIsNotPartOfTheText() throws Exception {
        Path file = Files.write(dir.resolve("bom.txt"), ("\uFEFFhello world").getBytes(StandardCharsets.UTF_8));

        assertThat(parse(file).text()).isEqualTo("hello world");
    }

    @Test
    void aLargeTextFileStreamsThroughInBoundedBlocks() throws Exception {
        Path file = dir.resolve("big.txt");
        long size = BigText.write(file, 24L * 1024 * 1024);
        long[] stats = new long[3]; // blocks, max block length, total chars

        ParseOutcome outcome = parsers.parse(file, ParseBudget.defaults(), b -> {
            stats[0]++;
            stats[1] = Math.max(stats[1], b.text().length());
            assertThat(b.charStart()).isEqualTo(stats[2]);
            stats[2] += b.text().length();
        });

        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(stats[2]).isEqualTo(size); // ASCII: one char per byte
        assertThat(stats[0]).isGreaterThan(10_000);
        assertThat(stats[1]).isLessThanOrEqualTo(2 * TextParser.MAX_BLOCK_CHARS);
    }

    @Test
    void aFileWithoutLineBreaksIsStillCutIntoBoundedBlocksAtSpaces() throws Exception {
        String content = "word ".repeat(50_000);
        Path file = Files.writeString(dir.resolve("one-line.txt"), content);

        Collected c = parse(file);

        assertThat(c.text()).isEqualTo(content);
        assertThat(c.blocks()).allSatisfy(b -> {
            assertThat(b.text().length()).isLessThanOrEqualTo(2 * TextParser.MAX_BLOCK_CHARS);
            assertThat(b.text()).endsWith(" ");
        });
    }

    // ---- Markdown -------------------------------------------------------------------------

    @Test
    void markdownHeadingsBecomeSectionHeadingsAndMarkupIsStripped() throws Exception {
        String md = """
                ---
                title: "Field Notes"
                ---
                # Getting started

                Read the [install guide](https://example.org/install) and **then** run `cairn`.
                ![a diagram of the pipeline](img/pipeline.png)

                Setext section
                --------------

                - first *item*
                - second item <span class="x">inline html</span>

                ```java
                int answer = 42; // [not](a link)
                ```
                [install guide]: https://example.org/install
                """;
        Path file = Files.writeString(dir.resolve("guide.md"), md);

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("text/markdown");
        assertThat(c.parsed().title()).isEqualTo("Field Notes");
        assertThat(c.blocks())
                .extracting(Block::heading)
                .containsExactly("Getting started", "Setext section", "Setext section");
        assertThat(c.blocks().get(0).text())
                .isEqualTo("Read the install guide and then run cairn.\na diagram of the pipeline\n\n");
        assertThat(c.blocks().get(1).text()).isEqualTo("first item\nsecond item inline html\n\n");
        assertThat(c.blocks().get(2).text()).isEqualTo("int answer = 42; // [not](a link)\n\n");
        assertThat(c.text()).doesNotContain("https://", "pipeline.png", "**", "#");
    }

    // ---- HTML -----------------------------------------------------------------------------

    @Test
    void htmlKeepsTitleAndMainTextAndDropsPageFurniture() throws Exception {
        String html = """
                <!DOCTYPE html>
                <html><head><title>Harbour Report</title><style>p { color: red }</style>
                <script>var tracking = "nope";</script></head>
                <body>
                <header><a href="/">Site name</a></header>
                <nav><ul><li>Home</li><li>About</li></ul></nav>
                <main>
                  <h1>Tides</h1>
                  <p>The <b>spring</b> tide rose<br>two metres.</p>
                  <h2>Ships</h2>
                  <p>Three ships <a href="https://example.org/ships">arrived</a>.</p>
                  <form><input name="q"><button>Search</button></form>
                </main>
                <aside>Related links</aside>
                <footer>Copyright</footer>
                </body></html>
                """;
        Path file = Files.writeString(dir.resolve("report.html"), html);

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("text/html");
        assertThat(c.parsed().title()).isEqualTo("Harbour Report");
        assertThat(c.blocks())
                .extracting(Block::text)
                .containsExactly("The spring tide rose\ntwo metres.\n\n", "Three ships arrived.\n\n");
        assertThat(c.blocks()).extracting(Block::heading).containsExactly("Tides", "Ships");
        assertThat(c.text()).doesNotContain("Site name", "Home", "tracking", "color", "Related", "Copyright", "Search");
    }

    @Test
    void htmlIsRecognisedByContentWhateverItsExtension() throws Exception {
        Path file = Files.writeString(
                dir.resolve("saved-page.txt"),
                "<!doctype html><html><head><title>T</title></head><body><p>Body text here.</p></body></html>");

        assertThat(parse(file).parsed().mediaType()).isEqualTo("text/html");
    }

    @Test
    void deeplyNestedHtmlIsReadWithoutOverflowingTheStack() throws Exception {
        int depth = 200_000;
        String html = "<html><body>" + "<div>".repeat(depth) + "<p>deep inside</p>" + "</div>".repeat(depth)
                + "</body></html>";
        Path file = Files.writeString(dir.resolve("nested.html"), html);

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("text/html");
        assertThat(c.text()).contains("deep inside");
    }

    // ---- failures before parsing ----------------------------------------------------------

    @Test
    void anEmptyFileIsReportedAsEmpty() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.txt"));

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.EMPTY);
        assertThat(failed.message()).isEqualTo("This file is empty (0 bytes); there is nothing to index.");
    }

    @Test
    void aFileOfOnlyWhitespaceHasNothingToIndex() throws Exception {
        Path file = Files.writeString(dir.resolve("blank.md"), "\n\n   \n\t\n");

        assertThat(parse(file).failed().reason()).isEqualTo(FailureReason.EMPTY);
    }

    @Test
    void randomBytesAreRefusedAsBinary() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(42).nextBytes(noise);
        Path file = Files.write(dir.resolve("noise.txt"), noise);

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.BINARY);
        assertThat(failed.message()).contains("binary data");
    }

    @Test
    void anImageCairnDoesNotReadIsNamedInTheMessage() throws Exception {
        var image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Path file = dir.resolve("photo.md");
        javax.imageio.ImageIO.write(image, "gif", file.toFile()); // PNG, JPEG and TIFF are read with OCR (OcrTest)

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.BINARY);
        assertThat(failed.message()).startsWith("This is a GIF image, not a document.");
    }

    @Test
    void aSpreadsheetWithoutItsPartsIsDamaged() throws Exception {
        Path file = dir.resolve("sheet.xlsx");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/workbook.xml"));
            zip.write("<workbook/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.CORRUPT);
        assertThat(failed.message()).contains("Excel spreadsheet is damaged");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedUnread() throws Exception {
        Path file = Files.writeString(dir.resolve("big.txt"), "x".repeat(3 * 1024 * 1024));

        ParseOutcome.Failed failed = Collected.parse(
                        parsers, file, ParseBudget.defaults().withMaxFileBytes(2 * ParseBudget.MB))
                .failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.TOO_LARGE);
        assertThat(failed.message()).isEqualTo("This file is 3 MB, over Cairn's limit of 2 MB per file.");
    }

    @Test
    void textOverTheCharacterBudgetIsStopped() throws Exception {
        Path file = Files.writeString(dir.resolve("long.txt"), "word ".repeat(100_000));

        ParseOutcome.Failed failed = Collected.parse(
                        parsers, file, ParseBudget.defaults().withMaxTextChars(100_000))
                .failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.RESOURCE_LIMIT);
    }

    @Test
    void aParseOverItsTimeBudgetIsStoppedAndReportedAsTimedOut() throws IOException, InterruptedException {
        Path file = dir.resolve("slow.txt");
        BigText.write(file, 16L * 1024 * 1024);
        List<Block> received = new java.util.concurrent.CopyOnWriteArrayList<>();

        ParseOutcome outcome =
                parsers.parse(file, ParseBudget.defaults().withTimeout(Duration.ofNanos(1)), received::add);

        assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.TIMED_OUT);
            assertThat(f.message()).startsWith("Reading this file took longer than");
        });
        int afterwards = received.size();
        // the abandoned worker may not deliver anything more once the caller has its answer
        assertThat(parsers.parse(Files.writeString(dir.resolve("next.txt"), "next file"), b -> {}))
                .isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(received).hasSize(afterwards);
    }
}
