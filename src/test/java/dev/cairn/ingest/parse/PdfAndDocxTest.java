package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PDF and Word documents: text, pages, headings and titles, and each way such a file can be bad. */
class PdfAndDocxTest extends ParsingTest {

    // ---- PDF ------------------------------------------------------------------------------

    @Test
    void pdfTextComesPerPageWithPageNumbersAndBookmarkHeadings() throws Exception {
        Path file = TestDocuments.pdf(
                dir.resolve("manual.pdf"),
                List.of(
                        List.of("Cairn keeps its index on your machine."),
                        List.of("Embeddings are computed locally."),
                        List.of("Answers cite their sources.")),
                java.util.Arrays.asList("Introduction", null, "Answers"),
                null);

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("application/pdf");
        assertThat(c.parsed().pageCount()).isEqualTo(3);
        assertThat(c.blocks()).extracting(Block::page).containsExactly(1, 2, 3);
        assertThat(c.blocks()).extracting(Block::heading).containsExactly("Introduction", "Introduction", "Answers");
        assertThat(c.blocks())
                .extracting(b -> b.text().strip())
                .containsExactly(
                        "Cairn keeps its index on your machine.",
                        "Embeddings are computed locally.",
                        "Answers cite their sources.");
    }

    @Test
    void aPasswordProtectedPdfFailsWithAClearMessage() throws Exception {
        Path file = TestDocuments.pdf(
                dir.resolve("secret.pdf"), List.of(List.of("classified")), null, TestDocuments.passwordProtection());

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.ENCRYPTED);
        assertThat(failed.message()).isEqualTo("This PDF is password-protected; Cairn can't read it.");
    }

    @Test
    void aPdfOfScannedImagesWaitsForTesseractWhereItIsMissing() throws Exception {
        Path file = TestDocuments.imageOnlyPdf(dir.resolve("scan.pdf"));

        try (Parsers withoutOcr =
                Parsers.create(Tesseract.configured(dir.resolve("no-tesseract").toString()))) {
            assertThat(withoutOcr.parse(file, block -> {}))
                    .isEqualTo(new ParseOutcome.Failed(FailureReason.NEEDS_OCR, Tesseract.MISSING));
        }
    }

    @Test
    void aPdfWithNeitherTextNorImagesHasNoTextLayer() throws Exception {
        Path file = dir.resolve("blank.pdf");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            doc.save(file.toFile());
        }

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.NO_TEXT);
        assertThat(failed.message()).contains("no text layer", "no scanned image");
    }

    @Test
    void aTruncatedPdfFailsAsDamaged() throws Exception {
        Path whole = TestDocuments.pdf(
                dir.resolve("whole.pdf"), List.of(List.of("page one"), List.of("page two")), null, null);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.pdf"), java.util.Arrays.copyOf(bytes, 400));

        ParseOutcome.Failed failed = parse(truncated).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.CORRUPT);
        assertThat(failed.message()).startsWith("This file looks damaged or truncated; Cairn could not read it");
    }

    // ---- DOCX -----------------------------------------------------------------------------

    @Test
    void docxHeadingsComeFromParagraphStylesAndTablesRowByRow() throws Exception {
        Path file = TestDocuments.docx(
                dir.resolve("plan.docx"),
                "Project Plan",
                List.of(
                        "Preface text before any heading.",
                        "# Goals",
                        "Index every document offline.",
                        "| Milestone | Date",
                        "# Risks",
                        "Large PDFs."));

        Collected c = parse(file);

        assertThat(c.parsed().mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(c.parsed().title()).isEqualTo("Project Plan");
        assertThat(c.blocks())
                .extracting(b -> b.text().strip())
                .containsExactly(
                        "Preface text before any heading.",
                        "Index every document offline.",
                        "Milestone | Date",
                        "Large PDFs.");
        assertThat(c.blocks()).extracting(Block::heading).containsExactly("Project Plan", "Goals", "Goals", "Risks");
    }

    @Test
    void aDocxThatInflatesLikeAZipBombIsRefused() throws Exception {
        // 6 MB of one repeated word compresses about a thousandfold: POI's inflate-ratio check stops it
        Path file = TestDocuments.docx(dir.resolve("bomb.docx"), null, List.of("lorem ".repeat(1_000_000)));
        assertThat(Files.size(file)).isLessThan(200_000);

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.RESOURCE_LIMIT);
        assertThat(failed.message()).contains("zip bomb");
    }

    @Test
    void aDocxWhoseTextPartIsOverTheMarkupBudgetIsRefusedBeforeParsing() throws Exception {
        Path file =
                TestDocuments.docx(dir.resolve("long.docx"), null, List.of("ipsum dolor sit amet ".repeat(100_000)));

        ParseOutcome.Failed failed = Collected.parse(
                        parsers, file, ParseBudget.defaults().withMaxMarkupBytes(ParseBudget.MB))
                .failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.RESOURCE_LIMIT);
        assertThat(failed.message()).contains("over Cairn's limit of 1 MB");
    }

    @Test
    void aPasswordProtectedDocxFailsWithAClearMessage() throws Exception {
        Path plain = TestDocuments.docx(dir.resolve("plain.docx"), null, List.of("Salaries for next year."));
        Path file = TestDocuments.encryptedDocx(dir.resolve("salaries.docx"), plain);

        ParseOutcome.Failed failed = parse(file).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.ENCRYPTED);
        assertThat(failed.message()).isEqualTo("This Office document is password-protected; Cairn can't read it.");
    }

    @Test
    void aTruncatedDocxFailsAsDamaged() throws Exception {
        Path whole = TestDocuments.docx(dir.resolve("whole.docx"), null, List.of("Some text."));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("cut.docx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        ParseOutcome.Failed failed = parse(truncated).failed();

        assertThat(failed.reason()).isEqualTo(FailureReason.CORRUPT);
        assertThat(failed.message()).contains("damaged");
    }
}
