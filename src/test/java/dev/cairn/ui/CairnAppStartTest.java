package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.status.MemoryGauge;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The application itself, started as a launch starts it: its housekeeping runs as quiet jobs of the
 * one background seam, so the window gets its icons and the memory gauge its readings.
 */
@ExtendWith(RequiresDisplay.class)
class CairnAppStartTest {

    @TempDir
    Path dataDir;

    private Application app;

    @AfterEach
    void quit() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app); // stop(), as quitting calls it
        }
    }

    @Test
    void theStartedAppDecodesItsIconsAndReadsMemoryInTheBackground() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(CairnApp.class, "--data-dir=" + dataDir);
        FxRobot robot = new FxRobot();

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> stage.getIcons().size() == CairnApp.ICON_SIZES.size());
        MemoryGauge gauge = robot.lookup(".memory-gauge").queryAs(MemoryGauge.class);
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> gauge.text().startsWith("Heap ") && !gauge.text().equals("Heap —"));
        robot.interact(() -> Screenshots.save(stage.getScene(), "app-started"));

        assertThat(stage.getIcons()).hasSize(CairnApp.ICON_SIZES.size());
        assertThat(gauge.text()).matches("Heap [\\d,.]+ MB / [\\d,.]+ MB.*");
    }
}
