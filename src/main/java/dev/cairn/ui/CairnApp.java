package dev.cairn.ui;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.search.SearchWarmup;
import dev.cairn.store.VectorIndex;
import dev.cairn.store.VectorIndexUpkeep;
import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.ThemeManager;
import dev.cairn.ui.kit.Words;
import dev.cairn.ui.status.CoreStatus;
import dev.cairn.ui.status.MemorySampler;
import dev.cairn.ui.status.ServiceState;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app. Start-up builds only the window and the library page; the database and the
 * embedding model start on first use, so the window shows within about a second.
 */
public final class CairnApp extends Application {

    /** Looked up when first needed: initialising logging costs start-up time before the first frame. */
    private static Logger log() {
        return LoggerFactory.getLogger(CairnApp.class);
    }
    /** How long quitting waits for an interrupted ingest to let go of the model and the database. */
    private static final long JOB_STOP_WAIT_SECONDS = 30;

    static final List<Integer> ICON_SIZES = List.of(16, 32, 48, 64, 128, 256, 512);

    private ExecutorService jobs;
    private TaskRunner tasks;
    private MemorySampler memory;
    private SearchWarmup searchWarmup;
    private Thread warmingSearch;
    private MainViewModel viewModel;
    private Cairn cairn;
    private SingleInstance instance;

    @Override
    public void start(Stage stage) {
        long entered = System.currentTimeMillis();
        String dataDir = getParameters().getNamed().get("data-dir");
        AppDirs dirs = AppDirs.resolve(dataDir == null ? null : Path.of(dataDir));

        jobs = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("cairn-job-", 0).factory());
        tasks = new TaskRunner(jobs);
        memory = new MemorySampler();

        AtomicReference<MainViewModel> vm = new AtomicReference<>();
        DesktopActions desktop = new HostDesktopActions(
                getHostServices(), problem -> vm.get().statusMessageProperty().set(problem));
        // Opening the knowledge base starts nothing: the database and the model start on first use.
        cairn = Cairn.open(dirs, getParameters().getNamed().get("db-url")); // null: the bundled database
        UiServices services = new UiServices(
                dirs,
                tasks,
                desktop,
                Optional.of(CoreGateways.ingestion(cairn)),
                Optional.of(CoreGateways.ask(cairn)),
                memory,
                Optional.of(new CoreWatch(cairn, LibraryWatch.Options.defaults())));
        viewModel = new MainViewModel(services);
        vm.set(viewModel);
        viewModel.statusBar().follow(() -> coreStatus(cairn));
        // A vector index chosen on the Settings page is built (or dropped) now, not at the next catch-up.
        viewModel.settings().onSaved((before, after) -> {
            if (before.indexPolicy() != after.indexPolicy()) {
                Thread.ofVirtual()
                        .name("cairn-index-setting")
                        .start(() -> cairn.vectorIndex().request());
            }
        });

        MainView view = dress(stage, viewModel);
        long built = System.currentTimeMillis();
        DesktopLauncher.Launch launch = DesktopLauncher.takeLaunch();
        // A benchmark drives this window (`cairn bench window`): what it measures is an import's, not a warm-up's.
        boolean warmUpSearch = launch == null || launch.bench() == null;
        // Once: the stage may be shown again later (the tests' stage is, after this application quit).
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, new EventHandler<>() {
            @Override
            public void handle(WindowEvent e) {
                stage.removeEventHandler(WindowEvent.WINDOW_SHOWN, this);
                firstShown(stage, entered, built, warmUpSearch);
            }
        });
        stage.show();
        viewModel.statusBar().start();
        viewModel.start();

        if (launch != null) {
            instance = launch.instance();
            if (launch.bench() != null) {
                launch.bench().start(view, viewModel, cairn);
            } else if (!launch.paths().isEmpty()) {
                viewModel.addPaths(launch.paths());
            }
            // From now on a later launch on this data directory hands its files to this window.
            instance.listen(receiver(stage, viewModel));
        }
    }

    /**
     * Work the first frame didn't need, once the window is on the screen (the search warm-up where {@code
     * warmUpSearch}); and how long that took.
     */
    private void firstShown(Stage stage, long entered, long built, boolean warmUpSearch) {
        long shown = System.currentTimeMillis();
        // Work the first frame doesn't need waits for it: decoding seven icon PNGs, and the management
        // classes behind the memory readings (the gauge shows "Heap —" for its first half second).
        memory.start(tasks, 500);
        // The person's first searches run warm: the library's search path is run in the background first, and
        // gives way at their first search (docs/decisions/0026, stop 22).
        if (warmUpSearch) {
            searchWarmup = new SearchWarmup(cairn::searcher);
            warmingSearch = searchWarmup.start();
        }
        tasks.job(Words.get("main.job.icons"), progress -> icons())
                .quiet()
                .onSuccess(icons -> stage.getIcons().setAll(icons))
                .start();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        // CPU time says more than wall time on a busy machine; both go to the log for comparison.
        long cpu = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toMillis())
                .orElse(-1L);
        log().info(
                        "Window shown {} ms after JVM start (JavaFX ready at {} ms, window built in {} ms, shown {} ms later; "
                                + "{} ms CPU so far)",
                        shown - jvmStart,
                        entered - jvmStart,
                        built - entered,
                        shown - built,
                        cpu);
    }

    /** Where requests from later launches go: onto the FX thread, into {@link #receive}. */
    static Consumer<SingleInstance.Request> receiver(Stage stage, MainViewModel viewModel) {
        return request -> Platform.runLater(() -> receive(stage, viewModel, request));
    }

    /** A later launch asked for this window: bring it to the front and add its files, as a drop would. */
    static void receive(Stage stage, MainViewModel viewModel, SingleInstance.Request request) {
        if (stage.isIconified()) {
            stage.setIconified(false);
        }
        stage.show();
        stage.toFront();
        stage.requestFocus();
        if (request instanceof SingleInstance.Open open && !open.paths().isEmpty()) {
            viewModel.addPaths(open.paths());
        }
    }

    @Override
    public void stop() {
        if (searchWarmup != null) {
            searchWarmup.close(); // first: it stops before its next search while the jobs stop
        }
        if (viewModel != null) {
            viewModel.statusBar().stop();
        }
        if (memory != null) {
            memory.close();
        }
        if (jobs != null) {
            stopJobs(jobs);
        }
        if (searchWarmup != null) {
            try { // its search in flight ends before the model and the database close
                warmingSearch.join(TimeUnit.SECONDS.toMillis(JOB_STOP_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (warmingSearch.isAlive()) {
                log().warn("The search warm-up is still running after {} s; closing anyway", JOB_STOP_WAIT_SECONDS);
            }
        }
        if (cairn != null) {
            cairn.close(); // stops the bundled database cleanly
        }
        if (instance != null) {
            try {
                instance.close(); // only now may another launch own the data directory
            } catch (IOException e) {
                log().warn("Could not release the data directory lock: {}", e.getMessage());
            }
        }
    }

    /**
     * Interrupts the running jobs and waits for them to stop before the core closes under them: an
     * ingest still embedding when the model is freed would take the process down with it. The
     * pipeline leaves unfinished documents queued, and the import record offers them at the next start.
     */
    static void stopJobs(ExecutorService jobs) {
        jobs.shutdownNow();
        try {
            if (!jobs.awaitTermination(JOB_STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log().warn("Background jobs still running after {} s; closing anyway", JOB_STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "semantic index 62%, 4,120 chunks to go", "semantic index complete", or why it paused; empty for no chunks. */
    static String describe(SemanticIndexer.Progress p) {
        if (p.chunks() == 0 && p.problem() == null) {
            return "";
        }
        int percent = p.coverage().percent();
        if (p.problem() != null) {
            return Words.get("status.semanticPaused", percent, Phrase.show(p.problem()));
        }
        return p.waiting() == 0
                ? Words.get("status.semanticComplete")
                : Words.get("status.semanticToGo", percent, p.waiting());
    }

    /**
     * ", vector index HNSW (m=16, ef_construction=64)" or ", building the vector index ..."; empty for
     * the exact scan (a small library, or none chosen) and before the first check.
     */
    static String describe(Optional<VectorIndexUpkeep.State> index) {
        return index.map(s -> s.building().isPresent()
                        ? Words.get(
                                "status.vectorIndexBuilding",
                                Phrase.show(VectorIndex.phrase(s.building().get())))
                        : s.index() instanceof VectorIndex.None
                                ? ""
                                : Words.get("status.vectorIndex", Phrase.show(VectorIndex.phrase(s.index()))))
                .orElse("");
    }

    static CoreStatus coreStatus(Cairn cairn) {
        String hitRate = cairn.cacheStats()
                .map(s -> s.hits() + s.misses() == 0 ? "—" : Math.round(s.hitRate() * 100) + "%")
                .orElse("—");
        String semantic = cairn.semanticProgress()
                .map(p -> describe(p) + (p.waiting() == 0 ? describe(cairn.vectorIndexState()) : ""))
                .orElse("");
        return new CoreStatus(
                state(cairn.modelState()),
                state(cairn.databaseState()),
                hitRate,
                cairn.governor().isThrottled(),
                semantic);
    }

    private static ServiceState state(Cairn.ServiceState s) {
        return switch (s) {
            case NOT_LOADED -> ServiceState.NOT_LOADED;
            case LOADING -> ServiceState.LOADING;
            case READY -> ServiceState.READY;
            case FAILED -> ServiceState.FAILED;
        };
    }

    /** Puts the main window into the stage: scene, theme (following the setting), title. */
    static MainView dress(Stage stage, MainViewModel viewModel) {
        MainView view = new MainView(viewModel);
        Scene scene = new Scene(view, 1180, 760);
        ThemeManager.apply(scene, viewModel.settings().themeProperty().get());
        viewModel.settings().themeProperty().addListener((obs, old, theme) -> ThemeManager.apply(scene, theme));
        stage.setTitle(Words.get("main.cairn"));
        stage.setMinWidth(820);
        stage.setMinHeight(520);
        stage.setScene(scene);
        view.warmUpWhenShown(stage);
        return view;
    }

    /** The app icon at every size the desktop may ask for, from the copies on the class path. */
    static List<Image> icons() {
        return ICON_SIZES.stream()
                .map(n -> new Image(
                        CairnApp.class.getResource("icons/cairn-" + n + ".png").toExternalForm()))
                .toList();
    }
}
