package dev.cairn.ui.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Ask page renders whatever answer comes through {@link AskGateway}: [n] markers, citation cards
 * with highlighted terms, one click to the source. The gateway here answers from two passages
 * written to real files, so the test is about the page, not about retrieval.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class AskViewTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path documents;

    private final List<String> questions = new CopyOnWriteArrayList<>();
    private TestWindow window;
    private Stage stage;
    private Path guide;
    private Path history;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        guide = Files.writeString(
                documents.resolve("trail-guide.md"), "Cairns are stacks of stones that mark a trail.");
        history = Files.writeString(
                documents.resolve("history.txt"), "Cairns have marked graves and summits for millennia.");
        AskGateway gateway = question -> {
            questions.add(question);
            return new AskResult(
                    "Cairns are stacked stones that mark trails [1], and they have long marked summits [2].",
                    List.of(
                            new CitationItem(
                                    1,
                                    "trail-guide.md",
                                    guide,
                                    3,
                                    Files.readString(guide),
                                    List.of("stones", "trail"),
                                    0.87),
                            new CitationItem(
                                    2,
                                    "history.txt",
                                    history,
                                    0,
                                    Files.readString(history),
                                    List.of("summits"),
                                    0.71)));
        };
        window = new TestWindow(stage, dataDir, Optional.of(gateway));
        window.viewModel.pageProperty().set(Page.ASK);
    }

    @Test
    void pressingEnterAsksAndTheAnswerShowsMarkersAndCitationCards(FxRobot robot) {
        robot.clickOn(".question-field").write("What is a cairn?").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(questions).containsExactly("What is a cairn?");
        TextFlow answer = robot.lookup(".answer-flow").queryAs(TextFlow.class);
        assertThat(answer.getChildren())
                .filteredOn(n -> n.getStyleClass().contains("citation-marker"))
                .extracting(n -> ((Label) n).getText())
                .containsExactly("1", "2");
        List<CitationCard> cards = robot.lookup(".citation-card").queryAllAs(CitationCard.class).stream()
                .toList();
        assertThat(cards)
                .extracting(c -> c.item().document())
                .containsExactlyInAnyOrder("trail-guide.md", "history.txt");
        assertThat(robot.lookup(".hit").queryAllAs(Text.class))
                .extracting(Text::getText)
                .containsExactlyInAnyOrder("stones", "trail", "summits");
        robot.interact(() -> Screenshots.save(stage.getScene(), "ask-answer"));

        robot.clickOn("history.txt");
        assertThat(window.viewModel.pageProperty().get()).isEqualTo(Page.SOURCE);
        assertThat(window.viewModel.source().citationProperty().get().source()).isEqualTo(history);
        robot.clickOn("Open in system app");
        assertThat(window.opened).containsExactly(history);
        robot.clickOn("‹ Back to the answer");
        assertThat(window.viewModel.pageProperty().get()).isEqualTo(Page.ASK);
        robot.clickOn(robot.lookup(".citation-marker")
                .match((Label l) -> l.getText().equals("1"))
                .queryAs(Node.class));
        assertThat(window.viewModel.source().citationProperty().get().source()).isEqualTo(guide);
    }
}
