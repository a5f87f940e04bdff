package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.ui.ask.AskViewModel;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
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
 * A dropped folder is searchable by its words before its vectors exist, while the status bar and
 * the Library page show the semantic index filling in. The real core throughout; the embedding
 * stage is held back (as an import holds it) until the text hit has been seen.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class ProgressiveDesktopTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void aDroppedFolderIsFoundByItsWordsWhileTheSemanticIndexFillsIn(FxRobot robot, TestWindow window)
            throws Exception {
        Path folder = Files.createDirectories(core.documents().resolve("walks"));
        for (int i = 0; i < 12; i++) {
            Files.writeString(folder.resolve("stage-%02d.md".formatted(i)), """
                    # Stage %d

                    From the hut at waypoint %d the path climbs over scree to the col. Carry water: the
                    streams dry up by August. Walkers on the glacier below the col rope up.
                    """.formatted(i, i)
                    .repeat(6));
        }
        Files.writeString(
                folder.resolve("ptarmigan.txt"), "The ptarmigan turns white in winter and nests above the tree line.");
        SemanticIndexer stage = core.cairn().semanticIndex();
        LibraryViewModel library = window.viewModel.library();

        try (SemanticIndexer.Hold vectorsWait = stage.holdForText()) {
            robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(folder)));
            robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(folder)));
            WaitForAsyncUtils.waitFor(
                    120,
                    TimeUnit.SECONDS,
                    () -> library.rows().size() == 13
                            && library.rows().stream()
                                    .allMatch(r -> r.statusProperty().get() == RowStatus.INDEXED));
            int chunks = library.rows().stream()
                    .mapToInt(r -> r.chunksProperty().get())
                    .sum();
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                robot.interact(() -> window.viewModel.statusBar().refresh());
                return window.viewModel
                        .statusBar()
                        .semanticIndexProperty()
                        .get()
                        .equals("semantic index 0%, " + chunks + " chunks to go");
            });
            assertThat(stage.progress().waiting())
                    .as("no vector yet")
                    .isEqualTo(stage.progress().chunks())
                    .isPositive();

            AskViewModel ask = window.viewModel.ask();
            robot.interact(() -> {
                window.viewModel.pageProperty().set(Page.ASK);
                ask.questionProperty().set("ptarmigan");
                ask.ask();
            });
            WaitForAsyncUtils.waitFor(
                    60, TimeUnit.SECONDS, () -> !ask.citations().isEmpty());
            WaitForAsyncUtils.waitForFxEvents();

            assertThat(ask.citations().getFirst().source().getFileName()).hasToString("ptarmigan.txt");
            assertThat(stage.progress().waiting())
                    .as("found by its words, before any vector")
                    .isEqualTo(stage.progress().chunks());
            robot.interact(() -> window.viewModel.statusBar().refresh());
            robot.interact(() -> Screenshots.save(window.view.getScene(), "progressive-text-hit"));
            robot.interact(() -> window.viewModel.pageProperty().set(Page.LIBRARY));
            robot.interact(() -> Screenshots.save(window.view.getScene(), "progressive-library-waiting"));
        }

        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> {
            robot.interact(() -> window.viewModel.statusBar().refresh());
            return window.viewModel.statusBar().semanticIndexProperty().get().startsWith("semantic index complete");
        });
        assertThat(stage.progress().waiting()).isZero();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "progressive-library-complete"));
    }
}
