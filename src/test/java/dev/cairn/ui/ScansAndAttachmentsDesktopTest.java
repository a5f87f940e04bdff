package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.parse.ScannedPages;
import dev.cairn.ingest.parse.TestDocuments;
import dev.cairn.ingest.parse.TestMail;
import dev.cairn.ui.ask.AskResult;
import dev.cairn.ui.ask.CitationItem;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.DocumentRow;
import dev.cairn.ui.library.RowStatus;
import dev.cairn.ui.viewer.SourceViewerViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * On the real window and core: a scan's OCR shows page by page on the Jobs page, and an e-mail's
 * attachments are rows of their own in the Library, cited as attachments and shown as text.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class ScansAndAttachmentsDesktopTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void theJobsPageSaysWhichScannedPageIsBeingRead(FxRobot robot, TestWindow window) throws Exception {
        ScannedPages.assumeTesseract();
        Path scan = scannedPdf(core.documents().resolve("harbour-scan.pdf"), 3);
        robot.interact(() -> window.viewModel.pageProperty().set(Page.JOBS));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        robot.interact(() -> window.viewModel.addPaths(List.of(scan)));
        robot.interact(() -> window.viewModel.pageProperty().set(Page.JOBS));

        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            String shown =
                    WaitForAsyncUtils.asyncFx(() -> shownText(window.view)).get();
            if (shown.contains("reading scanned page 2 of 3")) {
                robot.interact(() -> Screenshots.save(window.view.getScene(), "jobs-ocr-progress"));
            }
            for (String line : shown.split("\n")) {
                if (line.contains("reading scanned page")) {
                    seen.add(line.strip());
                }
            }
            return window.viewModel
                    .library()
                    .find(scan)
                    .map(r -> r.status().finished())
                    .orElse(false);
        });

        assertThat(seen)
                .as("the running import's message follows the OCR loop")
                .anySatisfy(line -> assertThat(line).isEqualTo("harbour-scan.pdf: reading scanned page 2 of 3"));
        assertThat(window.viewModel.library().find(scan).orElseThrow().status()).isEqualTo(RowStatus.INDEXED);
    }

    @Test
    void anAttachmentIsARowOfItsOwnCitedAsAnAttachmentAndShownAsText(FxRobot robot, TestWindow window)
            throws Exception {
        Path pdf = TestDocuments.pdf(
                core.documents().resolve("source.pdf"),
                List.of(List.of("The tide gauge at Peniche read four metres on Sunday.")),
                null,
                null);
        Path mail = TestMail.eml(
                core.documents().resolve("tides.eml"),
                "Tide readings",
                "The readings are attached.",
                Map.of("gauge.pdf", Files.readAllBytes(pdf), "photo.zip", new byte[] {'P', 'K', 3, 4, 0}));
        Files.delete(pdf);
        robot.interact(() -> window.viewModel.addPaths(List.of(mail)));
        Path attachment = Path.of(mail + "#1/gauge.pdf");
        WaitForAsyncUtils.waitFor(
                120,
                TimeUnit.SECONDS,
                () -> window.viewModel
                        .library()
                        .find(attachment)
                        .map(r -> r.status() == RowStatus.INDEXED)
                        .orElse(false));
        WaitForAsyncUtils.waitForFxEvents();

        Map<String, RowStatus> rows = window.viewModel.library().rows().stream()
                .collect(Collectors.toMap(DocumentRow::name, DocumentRow::status));
        assertThat(rows)
                .containsEntry("tides.eml", RowStatus.INDEXED)
                .containsEntry("gauge.pdf (attachment of 'Tide readings')", RowStatus.INDEXED)
                .containsEntry("photo.zip (attachment of 'Tide readings')", RowStatus.FAILED);
        robot.interact(() -> window.viewModel.pageProperty().set(Page.LIBRARY));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "library-attachments"));

        AskResult answer = core.ask().ask("What did the tide gauge at Peniche read?");
        CitationItem cited = answer.citations().stream()
                .filter(c -> c.source().equals(attachment))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the attachment is not cited in " + answer));
        assertThat(cited.place()).isEqualTo("p. 1 \u00b7 attachment of 'Tide readings'");
        SourceViewerViewModel source = window.viewModel.source();
        robot.interact(() -> {
            window.viewModel.ask().show(answer);
            window.viewModel.pageProperty().set(Page.ASK);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() -> shownText(window.view)).get())
                .contains("p. 1 \u00b7 attachment of 'Tide readings'");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "ask-attachment-citation"));

        robot.interact(() -> {
            source.open(cited);
            window.viewModel.pageProperty().set(Page.SOURCE);
        });
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> !source.loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(source.kindProperty().get())
                .as("an attachment has no file: its text, read again from the message")
                .isEqualTo(SourceViewerViewModel.Kind.TEXT);
        assertThat(source.textProperty().get()).contains("The tide gauge at Peniche read four metres on Sunday.");
        assertThat(source.textProperty()
                        .get()
                        .substring(
                                source.selectionStartProperty().get(),
                                source.selectionEndProperty().get()))
                .contains("tide gauge");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "source-attachment"));
    }

    /** An image-only PDF of {@code pages} scanned pages, each with its number in its first line. */
    private static Path scannedPdf(Path file, int pages) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                doc.addPage(page);
                List<String> lines = List.of("Harbour log, page " + i + ".", ScannedPages.LINES.get(i % 3));
                PDImageXObject image = LosslessFactory.createFromImage(doc, ScannedPages.page(lines));
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(image, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
                }
            }
            doc.save(file.toFile());
        }
        return file;
    }

    /** The text of every visible label and button, a line each. */
    private static String shownText(Node node) {
        return node.lookupAll(".label").stream()
                .filter(Node::isVisible)
                .filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText())
                .filter(t -> t != null && !t.isBlank())
                .collect(Collectors.joining("\n"));
    }
}
