package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import java.util.Locale;
import javafx.scene.control.Label;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** The same pages in English, beside the German ones, to compare. */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class WindowInEnglishTest extends EveryPageScreenshots {

    static {
        speak(Locale.ENGLISH);
    }

    @Override
    String language() {
        return "en";
    }

    @Override
    void assertSpeaksIt(FxRobot robot, TestWindow window) {
        assertThat(navigation(robot)).containsExactly("Library", "Ask", "Jobs", "Benchmarks", "Settings");
        assertThat(robot.lookup(".page-title").queryAs(Label.class).getText()).isEqualTo("Library");
        assertThat(window.viewModel.library().summaryProperty().get()).isEqualTo("3 documents · 1 failed");
        assertThat(statusItem(robot, 1)).isEqualTo("Model: ready");
        assertThat(statusItem(robot, 2)).isEqualTo("Database: ready");
    }
}
