package dev.cairn.ui.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.ask.AskResult;
import dev.cairn.ui.ask.CitationCard;
import dev.cairn.ui.ask.CitationItem;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.scene.control.IndexRange;
import javafx.scene.control.skin.TextAreaSkin;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Clicking a citation shows the passage in its document, on the real core: a PDF and a text file
 * are ingested (real parser, model and database), a question is answered, and its citation card is
 * clicked.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class SourceViewerTest {

    /** Where the answer's line is drawn on page 2, in PDF points from the bottom. */
    private static final float TOP_BASELINE = 700;

    private static final float LEADING = 18;
    private static final int ANSWER_LINE = 2;

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void aCitationOpensItsPdfPageWithThePassageBoxedAndItsTextFileScrolledToThePassage(FxRobot robot, TestWindow window)
            throws Exception {
        Path guide = refugeGuide(core.documents().resolve("refuges.pdf"));
        Path notes = Files.writeString(core.documents().resolve("coast-notes.txt"), coastNotes());
        core.ingestion().ingest(List.of(guide, notes), update -> {});
        SourceViewerViewModel source = window.viewModel.source();

        CitationItem onPage2 =
                click(robot, window, "How many bunks does the winter refuge at Col du Sorcier have?", guide);
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> !source.loadingProperty().get() && source.kindProperty().get() == SourceViewerViewModel.Kind.PDF);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(onPage2.page()).isEqualTo(2);
        assertThat(window.viewModel.pageProperty().get()).isEqualTo(Page.SOURCE);
        assertThat(source.pageProperty().get()).isEqualTo(2);
        assertThat(source.pageCountProperty().get()).isEqualTo(2);
        double width = source.pageWidthProperty().get();
        double height = source.pageHeightProperty().get();
        assertThat(source.highlights()).isNotEmpty().allSatisfy(box -> {
            assertThat(box.x()).isBetween(0.0, width);
            assertThat(box.y()).isBetween(0.0, height);
            assertThat(box.x() + box.width()).isBetween(0.0, width);
            assertThat(box.y() + box.height()).isBetween(0.0, height);
        });
        double answerBaseline = height - (TOP_BASELINE - LEADING * ANSWER_LINE);
        assertThat(source.highlights()).anySatisfy(box -> {
            assertThat(box.y()).isLessThan(answerBaseline);
            assertThat(box.y() + box.height()).isGreaterThan(answerBaseline - 8);
            assertThat(box.x()).isLessThan(120.0);
        });
        assertThat(source.focus())
                .as("the sentence with the question's words")
                .singleElement()
                .satisfies(box -> {
                    assertThat(box.y()).isLessThan(answerBaseline);
                    assertThat(box.y() + box.height()).isGreaterThan(answerBaseline - 8);
                });
        assertThat(window.view.lookupAll(".source-highlight"))
                .hasSize(source.highlights().size());
        SourceViewerView pdfView = robot.lookup(".source-viewer").queryAs(SourceViewerView.class);
        assertThat(pdfView.pagePane().getWidth())
                .as("the page fits the window's width")
                .isLessThanOrEqualTo(pdfView.getWidth());
        robot.interact(() -> Screenshots.save(window.view.getScene(), "source-pdf"));

        robot.clickOn("Open in system app");
        assertThat(window.opened).containsExactly(guide);
        robot.clickOn("‹ Back to the answer");
        assertThat(window.viewModel.pageProperty().get()).isEqualTo(Page.ASK);

        CitationItem ferry = click(robot, window, "When does the ferry to Skerry island leave the harbour?", notes);
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> !source.loadingProperty().get()
                        && source.kindProperty().get() == SourceViewerViewModel.Kind.TEXT);
        WaitForAsyncUtils.waitForFxEvents();

        String text = Files.readString(notes);
        assertThat(ferry.hasRange()).isTrue();
        assertThat(text.substring(ferry.charStart(), ferry.charEnd())).contains("ferry to Skerry");
        assertThat(source.textProperty().get()).isEqualTo(text);
        assertThat(source.selectionStartProperty().get()).isEqualTo(ferry.charStart());
        assertThat(source.selectionEndProperty().get()).isEqualTo(ferry.charEnd());
        SourceViewerView view = robot.lookup(".source-viewer").queryAs(SourceViewerView.class);
        assertThat(view.textArea().getSelection()).isEqualTo(new IndexRange(ferry.charStart(), ferry.charEnd()));
        assertThat(view.textArea().getCaretPosition()).isEqualTo(ferry.charEnd());
        assertThat(view.textArea().getScrollTop())
                .as("scrolled down to the passage")
                .isPositive();
        TextAreaSkin skin = (TextAreaSkin) view.textArea().getSkin();
        double areaHeight = view.textArea().getHeight();
        assertThat(skin.getCharacterBounds(ferry.charStart()).getMinY())
                .as("the passage's start is in view")
                .isBetween(0.0, areaHeight);
        assertThat(skin.getCharacterBounds(ferry.charEnd()).getMaxY())
                .as("the passage's end is in view")
                .isBetween(0.0, areaHeight);
        robot.interact(() -> Screenshots.save(window.view.getScene(), "source-text"));
    }

    /** Asks through the real core and clicks the card citing {@code file}. */
    private CitationItem click(FxRobot robot, TestWindow window, String question, Path file) throws Exception {
        AskResult result = core.ask().ask(question);
        CitationItem item = result.citations().stream()
                .filter(c -> c.source().equals(file))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no citation of " + file + " in " + result));
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.ASK);
            window.viewModel.ask().show(result);
        });
        CitationCard card = robot.lookup(".citation-card").queryAllAs(CitationCard.class).stream()
                .filter(c -> c.item().equals(item))
                .findFirst()
                .orElseThrow();
        robot.clickOn(card);
        return item;
    }

    private static Path refugeGuide(Path file) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            page(
                    doc,
                    List.of(
                            "Trail maintenance",
                            "Volunteers rebuild fallen cairns along the ridge every spring.",
                            "Each team carries a map of the markers that winter storms knocked down.",
                            "Stones are taken from the slope below the path, never from walls."));
            page(
                    doc,
                    List.of(
                            "Emergency shelters",
                            "Walkers caught by bad weather can reach two shelters on the high route.",
                            "The winter refuge at Col du Sorcier has eight bunks, blankets and a radio.",
                            "Rangers stock it with fuel and tinned food every October."));
            doc.save(file.toFile());
        }
        return file;
    }

    private static void page(PDDocument doc, List<String> lines) throws IOException {
        PDPage page = new PDPage(PDRectangle.LETTER);
        doc.addPage(page);
        try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
            out.beginText();
            out.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            out.setLeading(LEADING);
            out.newLineAtOffset(72, TOP_BASELINE);
            for (String line : lines) {
                out.showText(line);
                out.newLine();
            }
            out.endText();
        }
    }

    /** Many paragraphs about the coast, the ferry's near the end so the viewer must scroll to it. */
    private static String coastNotes() {
        String before = IntStream.rangeClosed(1, 30)
                .mapToObj(n -> "Cove " + n + " has a shingle beach where seals rest at low tide, "
                        + "and a path climbs from it to the cliff top.")
                .collect(Collectors.joining("\n\n"));
        return before + "\n\nThe ferry to Skerry island leaves the harbour at seven each morning, weather permitting. "
                + "Tickets are sold on board.\n\nThe lighthouse is closed to visitors in winter.\n";
    }
}
