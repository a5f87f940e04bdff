package dev.cairn.ui;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Directories;
import dev.cairn.ui.ask.AskGateway;
import dev.cairn.ui.library.IngestionGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testfx.api.FxToolkit;

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
        this(stage, cairn, null);
    }

    /** As above, keeping the library's watched folders current with {@code watch} (null: no watched folders). */
    public CoreWindow(Stage stage, Cairn cairn, LibraryWatch.Options watch) {
        this.cairn = cairn;
        this.ingestion = CoreGateways.ingestion(cairn);
        this.ask = CoreGateways.ask(cairn);
        window = new TestWindow(
                stage,
                cairn.dirs().dataDir(),
                Optional.of(ingestion),
                Optional.of(ask),
                jobs,
                Optional.ofNullable(watch).map(options -> new CoreWatch(cairn, options)));
        window.viewModel.statusBar().follow(() -> CairnApp.coreStatus(cairn));
    }

    /** As the app quits: jobs are interrupted, and the core closes once they have stopped using it. */
    @Override
    public void close() {
        CairnApp.stopJobs(jobs);
        cairn.close();
    }

    /**
     * The real window on the real core for each test of a class, on TestFX's stage: opened before
     * each test and closed after it, as the app quits. The class's tests share its data directory
     * and a folder for the documents they add. A test method takes the window as a parameter.
     * Registered after TestFX's extension, so the stage is there when the window opens:
     *
     * <pre>{@code
     * @RegisterExtension
     * static final CoreWindow.Fixture core = new CoreWindow.Fixture();
     *
     * @Test
     * void droppedFilesAreIndexed(FxRobot robot, TestWindow window) { ... }
     * }</pre>
     */
    public static final class Fixture
            implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

        private Path root;
        private Path dataDir;
        private Path documents;
        private CoreWindow open;
        private LibraryWatch.Options watch;

        /** The window keeps the library's watched folders current, with these options. */
        public Fixture watching(LibraryWatch.Options options) {
            this.watch = options;
            return this;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            root = Files.createTempDirectory("cairn-window-");
            dataDir = Files.createDirectory(root.resolve("data"));
            documents = Files.createDirectory(root.resolve("documents"));
        }

        @Override
        public void beforeEach(ExtensionContext context) throws TimeoutException {
            FxToolkit.setupStage(stage -> open = new CoreWindow(stage, Cairn.open(new AppDirs(dataDir), null), watch));
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (open != null) {
                open.close();
                open = null;
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            Directories.deleteRecursively(root);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestWindow.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return open.window;
        }

        /** Where the class's tests keep their library. */
        public Path dataDir() {
            return dataDir;
        }

        /** A folder for the documents the class's tests write and add. */
        public Path documents() {
            return documents;
        }

        public Cairn cairn() {
            return open.cairn;
        }

        public IngestionGateway ingestion() {
            return open.ingestion;
        }

        public AskGateway ask() {
            return open.ask;
        }
    }
}
