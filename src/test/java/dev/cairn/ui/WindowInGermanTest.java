package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.status.MemoryGauge;
import java.util.Locale;
import javafx.scene.control.Label;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** The window in German, as a person whose system (or Settings) speaks German sees it. */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class WindowInGermanTest extends EveryPageScreenshots {

    static {
        speak(Locale.GERMAN);
    }

    @Override
    String language() {
        return "de";
    }

    @Override
    void assertSpeaksIt(FxRobot robot, TestWindow window) {
        assertThat(navigation(robot))
                .containsExactly("Bibliothek", "Fragen", "Aufgaben", "Benchmarks", "Einstellungen");
        assertThat(robot.lookup(".page-title").queryAs(Label.class).getText()).isEqualTo("Bibliothek");
        assertThat(window.viewModel.library().summaryProperty().get()).isEqualTo("3 Dokumente · 1 fehlgeschlagen");
        assertThat(statusItem(robot, 0)).isEqualTo("Semantischer Index vollständig");
        assertThat(statusItem(robot, 1)).isEqualTo("Modell: bereit");
        assertThat(statusItem(robot, 2)).isEqualTo("Datenbank: bereit");
        assertThat(statusItem(robot, 3)).startsWith("Cache-Treffer: ");
        assertThat(robot.lookup(".memory-gauge").queryAs(MemoryGauge.class).text())
                .matches("Heap [\\d.]+ MB / [\\d.]+ MB.*");
    }
}
