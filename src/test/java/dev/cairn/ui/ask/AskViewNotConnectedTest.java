package dev.cairn.ui.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class AskViewNotConnectedTest {

    @TempDir
    Path dataDir;

    private TestWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new TestWindow(stage, dataDir, Optional.empty());
        window.viewModel.pageProperty().set(Page.ASK);
    }

    @Test
    void withoutSearchTheAskPageSaysItArrivesWithIndexingAndStartsNoJob(FxRobot robot) {
        robot.clickOn(".question-field").write("Where are my notes?").type(KeyCode.ENTER);

        Label hint = robot.lookup(".ask-hint").queryAs(Label.class);
        assertThat(hint.isVisible()).isTrue();
        assertThat(hint.getText()).isEqualTo(AskViewModel.notConnectedHint());
        assertThat(window.viewModel.services().tasks().active()).isEmpty();
        assertThat(window.viewModel.ask().answerProperty().get()).isEmpty();
        robot.interact(() -> Screenshots.save(stage.getScene(), "ask-not-connected"));
    }
}
