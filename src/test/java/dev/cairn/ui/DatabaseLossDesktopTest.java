package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.DragEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The bundled PostgreSQL is killed (-9) while the window imports a folder. Either the import stops,
 * the banner says once what happened and Retry finishes it, or the import finds the server
 * restarted and carries on; either way no file is marked failed for it and every file ends up in
 * the library, none lost (a document reported indexed was committed to disk).
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class DatabaseLossDesktopTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    @Timeout(
            value = 5,
            unit = TimeUnit.MINUTES,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang must fail, not stall the build
    void anImportWhoseDatabaseDiesStopsWithOneMessageAndRetryFinishesIt(FxRobot robot, TestWindow window)
            throws Exception {
        Path folder = Files.createDirectories(core.documents().resolve("walks"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            files.add(Files.writeString(
                    folder.resolve("walk-%03d.txt".formatted(i)),
                    ("Walk %d climbs from the valley to the hut at waypoint %d. ".formatted(i, i)).repeat(20)));
        }
        LibraryViewModel library = window.viewModel.library();
        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(folder)));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(folder)));
        WaitForAsyncUtils.waitFor(
                120,
                TimeUnit.SECONDS,
                () -> library.rows().stream()
                                .filter(r -> r.statusProperty().get() == RowStatus.INDEXED)
                                .count()
                        >= 20);

        long postmaster =
                Long.parseLong(Files.readAllLines(core.dataDir().resolve("pg").resolve("postmaster.pid"))
                        .getFirst()
                        .strip());
        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();

        // Either the import stops and says so (a write was cut off), or it finds the server restarted and carries on.
        WaitForAsyncUtils.waitFor(
                120,
                TimeUnit.SECONDS,
                () -> window.viewModel.imports().unfinishedCountProperty().get() > 0
                        || files.stream()
                                .allMatch(p -> library.find(p)
                                        .map(r -> r.statusProperty().get().finished())
                                        .orElse(false)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(library.rows())
                .as("no file blamed for the database")
                .noneMatch(r -> r.statusProperty().get() == RowStatus.FAILED);
        if (window.viewModel.imports().unfinishedCountProperty().get() > 0) {
            assertThat(window.viewModel.imports().unfinishedReasonProperty().get())
                    .startsWith("The library's database stopped answering")
                    .contains("Run the same import again");
            robot.interact(() -> Screenshots.save(window.view.getScene(), "import-stopped-database-gone"));
            robot.interact(() -> window.viewModel.imports().resumeUnfinished());
        }

        WaitForAsyncUtils.waitFor(
                300,
                TimeUnit.SECONDS,
                () -> files.stream()
                        .allMatch(p -> library.find(p)
                                .map(r -> r.statusProperty().get() == RowStatus.INDEXED)
                                .orElse(false)));
        assertThat(window.viewModel.imports().unfinishedCountProperty().get()).isZero();
        assertThat(core.cairn().store().listDocuments()).hasSize(300);
    }
}
