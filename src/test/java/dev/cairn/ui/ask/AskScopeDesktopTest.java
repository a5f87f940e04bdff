package dev.cairn.ui.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Settings;
import dev.cairn.store.SearchScope;
import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.DocumentRow;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Questions within part of the library, in the real window on the real core: "Ask about this
 * document" from the Library (by keyboard), the chip it leaves above the results, removing it, and
 * a filter that holds no document saying so.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class AskScopeDesktopTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void aQuestionAboutChosenDocumentsIsAnsweredFromThemAndTheChipsSayWhereItSearched(FxRobot robot, TestWindow window)
            throws Exception {
        Path folder = Files.createDirectories(core.documents().resolve("walks"));
        Files.writeString(
                folder.resolve("huts.md"),
                "# Huts\n\nThe hut at the pass sleeps twelve walkers from June to September.\n");
        Files.writeString(
                folder.resolve("glaciers.md"),
                "# Glaciers\n\nWalkers on a glacier rope up, because snow bridges hide crevasses.\n");
        LibraryViewModel library = window.viewModel.library();
        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(folder)));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(folder)));
        WaitForAsyncUtils.waitFor(
                120,
                TimeUnit.SECONDS,
                () -> library.rows().size() == 2
                        && library.rows().stream()
                                .allMatch(r -> r.statusProperty().get() == RowStatus.INDEXED));

        // The Library: select the glacier notes and ask about them from the keyboard.
        @SuppressWarnings("unchecked")
        TableView<DocumentRow> table = robot.lookup(".library-view .table-view").queryAs(TableView.class);
        robot.interact(() -> {
            int row = table.getItems()
                    .indexOf(library.rows().stream()
                            .filter(r -> r.name().equals("glaciers.md"))
                            .findFirst()
                            .orElseThrow());
            table.getSelectionModel().clearAndSelect(row);
            table.requestFocus();
        });
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.A).release(KeyCode.A, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        AskViewModel ask = window.viewModel.ask();
        assertThat(window.viewModel.pageProperty().get()).isEqualTo(Page.ASK);
        assertThat(chipTexts(robot)).containsExactly("glaciers.md");
        assertThat(ask.hintProperty().get())
                .isEqualTo("Questions now search only this document. Remove the chip to search everything.");

        askAndWait(robot, ask, "How many walkers sleep in the hut?");
        assertThat(ask.citations())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.source().getFileName()).hasToString("glaciers.md"));
        robot.interact(() -> Screenshots.save(window.view.getScene(), "ask-scope-document"));

        // The chip's ✕ gives the whole library back, and the hut is found.
        Button remove = robot.lookup(".scope-chip-remove").queryAs(Button.class);
        robot.clickOn(remove);
        assertThat(ask.scopeProperty().get()).isEqualTo(SearchScope.ALL);
        assertThat(chipTexts(robot)).isEmpty();
        askAndWait(robot, ask, "How many walkers sleep in the hut?");
        assertThat(ask.citations().getFirst().source().getFileName()).hasToString("huts.md");

        // A filter nothing passes: said in words, nothing searched.
        robot.interact(() -> ask.scopeProperty()
                .set(AskScope.withTypes(AskScope.withPlace(SearchScope.ALL, folder), Set.of("pdf"))));
        assertThat(chipTexts(robot)).containsExactly("In walks", "Type: PDF");
        askAndWait(robot, ask, "How many walkers sleep in the hut?");
        assertThat(ask.noteProperty().get()).startsWith("No document in the library is in " + folder + ", of type pdf");
        assertThat(ask.citations()).isEmpty();
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "ask-scope-nothing-dark"));
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.LIGHT));
    }

    private static void askAndWait(FxRobot robot, AskViewModel ask, String question) throws Exception {
        robot.interact(() -> {
            ask.questionProperty().set(question);
            ask.ask();
        });
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> !ask.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static List<String> chipTexts(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".scope-chip").queryAllAs(HBox.class).stream()
                .filter(Node::isVisible)
                .map(chip -> ((Label) chip.getChildren().getFirst()).getText())
                .toList();
    }
}
