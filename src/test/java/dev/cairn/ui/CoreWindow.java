package dev.cairn.ui;

import dev.cairn.app.Cairn;
import dev.cairn.platform.AppDirs;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.stage.Stage;

/**
 * The real main window on the real core (bundled PostgreSQL, the real model), with background jobs
 * on virtual threads and the status bar following the core, as in the app.
 */
final class CoreWindow implements AutoCloseable {

    private final ExecutorService jobs =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
    final Cairn cairn;
    final TestWindow window;

    CoreWindow(Stage stage, Path dataDir) {
        this(stage, Cairn.open(new AppDirs(dataDir), null));
    }

    /** The window on a knowledge base already open (e.g. one a test filled first); closing closes it. */
    CoreWindow(Stage stage, Cairn cairn) {
        this.cairn = cairn;
        Path dataDir = cairn.dirs().dataDir();
        window = new TestWindow(
                stage, dataDir, Optional.of(CoreGateways.ingestion(cairn)), Optional.of(CoreGateways.ask(cairn)), jobs);
        window.viewModel.statusBar().follow(() -> CairnApp.coreStatus(cairn));
    }

    /** As the app quits: jobs are interrupted, and the core closes once they have stopped using it. */
    @Override
    public void close() {
        CairnApp.stopJobs(jobs);
        cairn.close();
    }
}
