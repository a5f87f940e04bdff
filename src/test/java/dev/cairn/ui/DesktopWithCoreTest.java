package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.ask.AskViewModel;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import dev.cairn.ui.status.ServiceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.DragEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The desktop app on the real core: files dropped on the window are parsed, embedded by the real
 * model and stored in the bundled PostgreSQL; a question gets an answer with citations.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class DesktopWithCoreTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void droppedFilesGetIndexedAndAQuestionGetsACitedAnswer(FxRobot robot, TestWindow window) throws Exception {
        Path huts = Files.writeString(core.documents().resolve("huts.txt"), """
                The hut at the pass sleeps twelve walkers. It is open from June to September.

                Bookings are made by telephone with the warden, who lives in the valley.
                """);
        Path glaciers = Files.writeString(core.documents().resolve("glaciers.md"), """
                # Glaciers

                Glaciers move slowly downhill under their own weight. Walkers on a glacier rope up,
                because snow bridges can hide crevasses.
                """);
        Path empty = Files.write(core.documents().resolve("empty.txt"), new byte[0]);
        assertThat(window.viewModel.statusBar().databaseStateProperty().get()).isNotEqualTo(ServiceState.FAILED);
        assertThat(window.viewModel.statusBar().modelStateProperty().get()).isEqualTo(ServiceState.NOT_LOADED);

        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(huts, glaciers, empty)));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(huts, glaciers, empty)));
        LibraryViewModel library = window.viewModel.library();
        WaitForAsyncUtils.waitFor(
                180,
                TimeUnit.SECONDS,
                () -> List.of(huts, glaciers, empty).stream()
                        .allMatch(p -> library.find(p)
                                .map(r -> r.statusProperty().get().finished())
                                .orElse(false)));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(library.find(huts).orElseThrow().statusProperty().get()).isEqualTo(RowStatus.INDEXED);
        assertThat(library.find(glaciers).orElseThrow().chunksProperty().get()).isPositive();
        assertThat(library.find(empty).orElseThrow().statusProperty().get()).isEqualTo(RowStatus.FAILED);
        // The import ends once the text is stored; the vectors follow in the background, and then the model is loaded.
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> {
            robot.interact(() -> window.viewModel.statusBar().refresh());
            return window.viewModel.statusBar().semanticIndexProperty().get().startsWith("semantic index complete");
        });
        assertThat(window.viewModel.statusBar().modelStateProperty().get()).isEqualTo(ServiceState.READY);
        assertThat(window.viewModel.statusBar().databaseStateProperty().get()).isEqualTo(ServiceState.READY);
        robot.interact(() -> Screenshots.save(window.view.getScene(), "real-library-indexed"));

        AskViewModel ask = window.viewModel.ask();
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.ASK);
            ask.questionProperty().set("Why do walkers rope up on a glacier?");
            ask.ask();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !ask.citations().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(ask.answerProperty().get()).contains("rope up").contains("[1]");
        assertThat(ask.citations().getFirst().source()).isEqualTo(glaciers);
        robot.interact(() -> Screenshots.save(window.view.getScene(), "real-ask-answer"));
    }
}
