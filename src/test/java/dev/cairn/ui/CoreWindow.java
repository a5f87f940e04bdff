package dev.cairn.ui;

import dev.cairn.runtime.AppDirs;
import dev.cairn.runtime.Cairn;
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

    private final ExecutorService jobs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
    final Cairn cairn;
    final TestWindow window;

    CoreWindow(Stage stage, Path dataDir) {
        cairn = Cairn.open(new AppDirs(dataDir), null);
        window = new TestWindow(stage, dataDir, Optional.of(CoreGateways.ingestion(cairn)),
                Optional.of(CoreGateways.ask(cairn)), jobs);
        window.viewModel.statusBar().follow(() -> CairnApp.coreStatus(cairn));
    }

    @Override
    public void close() {
        jobs.shutdownNow();
        cairn.close();
    }
}
