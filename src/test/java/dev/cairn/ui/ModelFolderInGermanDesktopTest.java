package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelFolders;
import dev.cairn.embed.ModelSpec;
import dev.cairn.platform.Texts;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.settings.SettingsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Settings in German refuses a broken model folder in German words (the check itself runs in the core). */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class ModelFolderInGermanDesktopTest {

    private static final Locale BEFORE = Locale.getDefault();

    @TempDir
    Path dataDir;

    @TempDir
    Path documents;

    private TestWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        Texts.use(Locale.GERMAN);
        this.stage = stage;
        window = new TestWindow(stage, dataDir, Optional.empty());
    }

    @AfterEach
    void speakAsBefore() {
        Texts.use(BEFORE);
    }

    @Test
    void aFolderWithoutATokenizerIsRefusedInGerman(FxRobot robot) throws Exception {
        Path broken = ModelFolders.miniLm(documents.resolve("ohne-tokenizer"));
        Files.delete(broken.resolve("tokenizer.json"));
        robot.clickOn("Einstellungen");
        SettingsViewModel settings = window.viewModel.settings();

        robot.interact(() -> settings.addModelFolder(broken));
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> !settings.addingModelProperty().get());

        Label problem = robot.lookup(".model-problem").queryAs(Label.class);
        assertThat(problem.isVisible()).isTrue();
        assertThat(problem.getText())
                .contains("In " + broken + " fehlt tokenizer.json. Exportieren Sie das Modell")
                .doesNotContain("has no", "\u0002");
        robot.interact(() -> Screenshots.save(stage.getScene(), "de-settings-model-refused"));

        Path typo = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, documents.resolve("ohne-beschreibung"), null);
        robot.interact(() -> settings.addModelFolder(typo));
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> !settings.addingModelProperty().get());
        assertThat(robot.lookup(".model-problem").queryAs(Label.class).getText())
                .contains("In " + typo + " fehlt cairn-model.json.", "zum Beispiel:", "\"pooling\": \"mean\"");
        robot.interact(() -> Screenshots.save(stage.getScene(), "de-settings-model-no-descriptor"));
    }
}
