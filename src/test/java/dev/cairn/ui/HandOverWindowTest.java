package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.library.DocumentRow;
import dev.cairn.ui.library.RowStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class HandOverWindowTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path documents;

    private TestWindow window;
    private Stage stage;
    private SingleInstance instance;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        window = new TestWindow(stage, dataDir, Optional.empty());
        SingleInstance.Claim claim = SingleInstance.claim(dataDir, new SingleInstance.Focus(), Duration.ofSeconds(30));
        instance = ((SingleInstance.Owner) claim).instance();
        instance.listen(CairnApp.receiver(stage, window.viewModel)); // as CairnApp.start does
    }

    @AfterEach
    void release() throws Exception {
        instance.close();
    }

    @Test
    void filesHandedOverByALaterLaunchBecomeRowsInTheLibraryOfTheRunningWindow(FxRobot robot) throws Exception {
        Path notes = Files.writeString(documents.resolve("notes.md"), "# Notes\nCairns mark the path.");
        Path paper = Files.writeString(documents.resolve("stones.txt"), "Stacked stones guide walkers.");
        // (Not iconified here: under Xvfb there is no window manager to report de-iconifying back.)
        robot.interact(() -> window.viewModel.pageProperty().set(Page.SETTINGS));

        // The later launch: this JVM already holds the lock, so the claim hands over through the socket.
        SingleInstance.Claim later =
                SingleInstance.claim(dataDir, new SingleInstance.Open(List.of(notes, paper)), Duration.ofSeconds(30));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(later).isInstanceOf(SingleInstance.HandedOver.class);
        assertThat(((SingleInstance.HandedOver) later).message())
                .isEqualTo("Cairn is already running; handed it 2 files.");
        assertThat(window.viewModel.library().rows())
                .extracting(DocumentRow::name)
                .containsExactly("notes.md", "stones.txt");
        assertThat(window.viewModel.library().find(notes).orElseThrow().status())
                .isEqualTo(RowStatus.QUEUED);
        assertThat(window.viewModel.pageProperty().get()).isEqualTo(Page.LIBRARY);
        assertThat(stage.isShowing()).isTrue();
    }
}
