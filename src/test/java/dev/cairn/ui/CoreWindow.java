package dev.cairn.ui;

import dev.cairn.app.Cairn;
import dev.cairn.platform.AppDirs;
import dev.cairn.ui.ask.AskGateway;
import dev.cairn.ui.library.IngestionGateway;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.stage.Stage;

/**
 * The real main window on the real core (bundled PostgreSQL, the real model), with background jobs
 * on virtual threads and the status bar following the core, as in the app.
 */
public final class CoreWindow implements AutoCloseable {

    private final ExecutorService jobs =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
    public final Cairn cairn;
    public final TestWindow window;
    /** The window's two seams to the core, for a test that fills the library or asks without the window. */
    public final IngestionGateway ingestion;

    public final AskGateway ask;

    public CoreWindow(Stage stage, Path dataDir) {
        this(stage, Cairn.open(new AppDirs(dataDir), null));
    }

    /** The window on a knowledge base already open (e.g. one a test filled first); closing closes it. */
    public CoreWindow(Stage stage, Cairn cairn) {
        this.cairn = cairn;
        this.ingestion = CoreGateways.ingestion(cairn);
        this.ask = CoreGateways.ask(cairn);
        window = new TestWindow(stage, cairn.dirs().dataDir(), Optional.of(ingestion), Optional.of(ask), jobs);
        window.viewModel.statusBar().follow(() -> CairnApp.coreStatus(cairn));
    }

    /** As the app quits: jobs are interrupted, and the core closes once they have stopped using it. */
    @Override
    public void close() {
        CairnApp.stopJobs(jobs);
        cairn.close();
    }
}
