package dev.cairn.ui;

import com.sun.javafx.scene.input.DragboardHelper;
import dev.cairn.platform.AppDirs;
import dev.cairn.ui.ask.AskGateway;
import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.library.IngestionGateway;
import dev.cairn.ui.library.WatchGateway;
import dev.cairn.ui.status.MemorySampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;

/**
 * The real main window for tests: background jobs run in place (so a drop's rows exist when the
 * event returns), memory comes from a real sampler, and opened files are recorded instead of
 * launching the desktop's viewer.
 */
public final class TestWindow {

    public final MemorySampler memory = new MemorySampler();
    public final List<Path> opened = new ArrayList<>();
    public final MainViewModel viewModel;
    public final MainView view;

    public TestWindow(Stage stage, Path dataDir, Optional<AskGateway> ask) {
        this(stage, dataDir, Optional.empty(), ask);
    }

    public TestWindow(Stage stage, Path dataDir, Optional<IngestionGateway> ingestion, Optional<AskGateway> ask) {
        this(stage, dataDir, ingestion, ask, Runnable::run);
    }

    /** A window whose background jobs run on {@code jobs}, as in the app (e.g. with the real pipeline). */
    public TestWindow(
            Stage stage,
            Path dataDir,
            Optional<IngestionGateway> ingestion,
            Optional<AskGateway> ask,
            java.util.concurrent.Executor jobs) {
        this(stage, dataDir, ingestion, ask, jobs, Optional.empty());
    }

    /** As above, with the library's watched folders. */
    public TestWindow(
            Stage stage,
            Path dataDir,
            Optional<IngestionGateway> ingestion,
            Optional<AskGateway> ask,
            java.util.concurrent.Executor jobs,
            Optional<WatchGateway> watch) {
        DesktopActions desktop = new DesktopActions() {
            @Override
            public void open(Path file) {
                opened.add(file);
            }

            @Override
            public void showInFolder(Path file) {
                opened.add(file.getParent());
            }
        };
        memory.sampleNow();
        UiServices services =
                new UiServices(new AppDirs(dataDir), new TaskRunner(jobs), desktop, ingestion, ask, memory, watch);
        viewModel = new MainViewModel(services);
        view = CairnApp.dress(stage, viewModel);
        stage.getIcons().setAll(CairnApp.icons());
        stage.sizeToScene(); // TestFX reuses one stage: take the scene's size, not the last test's
        stage.show();
        viewModel.statusBar().refresh();
        viewModel.start();
    }

    /** Fires a drag event with the files on a real (local) dragboard through the window's handlers. */
    public void drag(EventType<DragEvent> type, List<Path> files) {
        drag(type, files, TransferMode.COPY);
    }

    /** As {@link #drag(EventType, List)}, as the modifier keys held make it: LINK for Ctrl+Shift. */
    public void drag(EventType<DragEvent> type, List<Path> files, TransferMode mode) {
        Dragboard board = DragboardHelper.createDragboard(new DragSource());
        ClipboardContent content = new ClipboardContent();
        content.putFiles(files.stream().map(Path::toFile).toList());
        board.setContent(content);
        double x = view.getWidth() / 2;
        double y = view.getHeight() / 2;
        Event.fireEvent(view, new DragEvent(view, view, type, board, x, y, x, y, mode, null, null, null));
    }
}
