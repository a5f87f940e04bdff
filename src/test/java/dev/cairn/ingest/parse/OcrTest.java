package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanned pages and images read with the real Tesseract, and what happens without it. */
class OcrTest {

    static Parsers parsers;
    static Parsers withoutTesseract;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        parsers = Parsers.create();
        withoutTesseract = Parsers.create(Tesseract.configured("/nonexistent/bin/tesseract"));
    }

    @AfterAll
    static void close() {
        parsers.close();
        withoutTesseract.close();
    }

    private record Read(ParseOutcome outcome, List<Block> blocks) {
        String textOfPage(int page) {
            return blocks.stream()
                    .filter(b -> b.page() != null && b.page() == page)
                    .map(Block::text)
                    .collect(Collectors.joining());
        }
    }

    private static Read read(Parsers with, Path file) throws InterruptedException {
        List<Block> blocks = new ArrayList<>();
        ParseOutcome outcome = with.parse(file, blocks::add);
        return new Read(outcome, blocks);
    }

    @Test
    void aPngOfTypedLinesIsReadAsItsWords() throws Exception {
        ScannedPages.assumeTesseract();
        Read read = read(parsers, ScannedPages.png(dir.resolve("keeper.png"), ScannedPages.LINES));

        assertThat(read.outcome()).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(((ParseOutcome.Parsed) read.outcome()).mediaType()).isEqualTo("image/png");
        assertThat(read.textOfPage(1)).contains("lighthouse keeper climbs the tower", "Granite walls", "Seabirds nest");
    }

    @Test
    void aJpegAndATiffAreReadToo() throws Exception {
        ScannedPages.assumeTesseract();
        BufferedImage page = ScannedPages.page(ScannedPages.LINES);
        ImageIO.write(page, "jpeg", dir.resolve("keeper.jpg").toFile());
        ImageIO.write(page, "tiff", dir.resolve("keeper.tif").toFile());

        assertThat(read(parsers, dir.resolve("keeper.jpg")).textOfPage(1)).contains("lighthouse keeper");
        assertThat(read(parsers, dir.resolve("keeper.tif")).textOfPage(1)).contains("lighthouse keeper");
    }

    @Test
    void anImageOnlyPdfIsReadPageByPage() throws Exception {
        ScannedPages.assumeTesseract();
        Read read = read(parsers, ScannedPages.pdf(dir.resolve("scan.pdf"), null));

        assertThat(read.outcome()).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(read.textOfPage(1)).contains("lighthouse keeper climbs the tower", "winter storms");
    }

    @Test
    void aPdfWithATextPageAndAScannedPageGivesBoth() throws Exception {
        ScannedPages.assumeTesseract();
        Read read = read(
                parsers,
                ScannedPages.pdf(dir.resolve("mixed.pdf"), List.of("The harbour master keeps the tide tables.")));

        assertThat(read.outcome()).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(((ParseOutcome.Parsed) read.outcome()).pageCount()).isEqualTo(2);
        assertThat(read.textOfPage(1)).contains("harbour master").doesNotContain("lighthouse");
        assertThat(read.textOfPage(2)).contains("lighthouse keeper", "Seabirds nest");
    }

    @Test
    void eachScannedPageIsAnnouncedBeforeOcrReadsIt() throws Exception {
        ScannedPages.assumeTesseract();
        Path mixed = ScannedPages.pdf(dir.resolve("mixed.pdf"), List.of("A text page needs no OCR."));
        List<String> pages = new ArrayList<>();

        parsers.parse(mixed, ParseBudget.defaults(), block -> {}, (page, of) -> pages.add(page + "/" + of));

        assertThat(pages).containsExactly("2/2");
    }

    @Test
    void withoutTesseractAScanFailsWithAReasonThatSaysWhatToInstall() throws Exception {
        Path png = ScannedPages.png(dir.resolve("keeper.png"), ScannedPages.LINES);
        Path pdf = ScannedPages.pdf(dir.resolve("scan.pdf"), null);

        for (Path file : List.of(png, pdf)) {
            assertThat(read(withoutTesseract, file).outcome())
                    .as(file.toString())
                    .isEqualTo(new ParseOutcome.Failed(FailureReason.NEEDS_OCR, Tesseract.MISSING));
        }
        assertThat(withoutTesseract.ocrAvailable()).isFalse();
    }

    @Test
    void withoutTesseractThePagesWithTextOfAMixedPdfAreStillIndexed() throws Exception {
        Path mixed = ScannedPages.pdf(dir.resolve("mixed.pdf"), List.of("A page with a text layer."));

        Read read = read(withoutTesseract, mixed);

        assertThat(read.outcome())
                .as("a cover image or one scanned page must not lose the rest")
                .isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(read.blocks()).extracting(b -> b.text().strip()).containsExactly("A page with a text layer.");
        assertThat(read.blocks()).extracting(Block::page).containsOnly(1);
    }

    @Test
    void aTextPdfNeedsNoTesseract() throws Exception {
        Path pdf =
                TestDocuments.pdf(dir.resolve("text.pdf"), List.of(List.of("Plain words on a page.")), List.of(), null);

        assertThat(read(withoutTesseract, pdf).outcome()).isInstanceOf(ParseOutcome.Parsed.class);
    }

    @Test
    void badImagesFailWithTheirOwnReasonAndTheBatchGoesOn() throws Exception {
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        Path corrupt = Files.write(
                dir.resolve("corrupt.png"),
                concat(
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                        "not really an image at all".getBytes()));
        Path huge = dir.resolve("huge.png");
        ImageIO.write(new BufferedImage(12_000, 9_000, BufferedImage.TYPE_BYTE_BINARY), "png", huge.toFile());
        Path renamed = Files.writeString(dir.resolve("notes.jpg"), "some text in a file named like a photo");

        assertThat(read(parsers, empty).outcome())
                .isEqualTo(new ParseOutcome.Failed(FailureReason.EMPTY, Phrase.of("parse.empty")));
        ParseOutcome.Failed damaged =
                (ParseOutcome.Failed) read(parsers, corrupt).outcome();
        assertThat(damaged.reason()).isEqualTo(FailureReason.CORRUPT);
        assertThat(damaged.message()).startsWith("This PNG image is damaged");
        ParseOutcome.Failed large = (ParseOutcome.Failed) read(parsers, huge).outcome();
        assertThat(large.reason()).isEqualTo(FailureReason.RESOURCE_LIMIT);
        assertThat(large.message()).contains("12,000 × 9,000 pixels", "over Cairn's limit of 100 megapixels");
        ParseOutcome.Failed mislabelled =
                (ParseOutcome.Failed) read(parsers, renamed).outcome();
        assertThat(mislabelled.reason()).isEqualTo(FailureReason.CORRUPT);
        assertThat(mislabelled.message()).startsWith("Not a JPEG image");
    }

    @Test
    void tesseractsTableBecomesWordsAndParagraphs() {
        String tsv = """
                level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
                1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t
                5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\tStone
                5\t1\t1\t1\t1\t2\t45\t20\t30\t12\t95.0\twalls
                5\t1\t1\t1\t2\t1\t10\t40\t30\t12\t91.0\tstand
                5\t1\t2\t1\t1\t1\t10\t80\t30\t12\t90.0\tTide
                5\t1\t2\t1\t1\t2\t45\t80\t30\t12\t90.0\t\s
                """;
        List<Tesseract.Word> words = Tesseract.parseTsv(tsv);

        assertThat(words).extracting(Tesseract.Word::text).containsExactly("Stone", "walls", "stand", "Tide");
        assertThat(Tesseract.paragraphs(words)).containsExactly("Stone walls\nstand", "Tide");
        assertThat(SourcePassages.locateWords(words, "walls stand", 0.5))
                .containsExactly(new SourcePassages.Box(22.5, 10, 15, 6), new SourcePassages.Box(5, 20, 15, 6));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
