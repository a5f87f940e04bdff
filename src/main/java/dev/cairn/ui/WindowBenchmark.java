package dev.cairn.ui;

import dev.cairn.app.Cairn;
import dev.cairn.store.EmbeddingQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cairn bench window PATH}: issue 14's "the window stays responsive while embedding runs (FX
 * pulse gap < 100 ms)". In the real window on the real core, once the window is up and warmed as a
 * person would see it, adds the paths as a drop does and counts the FX pulses (an {@link
 * javafx.animation.AnimationTimer}'s frames) until every chunk has its vector: the longest gap between
 * two pulses, their p99 and p50, for the text stage (the import job) and the embedding after it.
 */
public final class WindowBenchmark {

    private static final Logger log = LoggerFactory.getLogger(WindowBenchmark.class);
    private static final long POLL_MILLIS = 250;

    private final List<Path> paths;
    private final Duration limit;
    private final Runnable whenDone;
    private final CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
    private final PulseGaps gaps = new PulseGaps();
    private final AtomicLong textDone = new AtomicLong();
    private volatile String importProblem;
    /** The window's listed jobs, as of the last FX event: a job that ends and starts the next is never seen as 0. */
    private volatile int activeJobs;

    /**
     * @param whenDone run on the FX thread once the figures are in (the app quits; a test does nothing)
     */
    WindowBenchmark(List<Path> paths, Duration limit, Runnable whenDone) {
        this.paths = List.copyOf(paths);
        this.limit = limit;
        this.whenDone = whenDone;
    }

    /**
     * Opens the desktop app on {@code dataDir} (an empty library), measures as above, quits it and
     * returns the figures. Blocks until the window has closed; JavaFX allows this once per process.
     */
    public static Map<String, Object> run(Path dataDir, List<Path> paths, Duration limit) {
        return DesktopLauncher.bench(dataDir, paths, limit).result.join();
    }

    /** For the launcher: a measurement that quits the app when done. */
    static WindowBenchmark quitting(List<Path> paths, Duration limit) {
        return new WindowBenchmark(paths, limit, Platform::exit);
    }

    /** The figures, once complete. */
    CompletableFuture<Map<String, Object>> result() {
        return result;
    }

    /** On the FX thread, with the window shown: waits for its warm-up, then adds the paths and measures. */
    void start(MainView view, MainViewModel viewModel, Cairn cairn) {
        if (view.warmProperty().get()) {
            begin(viewModel, cairn);
            return;
        }
        view.warmProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> obs, Boolean was, Boolean warm) {
                if (warm) {
                    view.warmProperty().removeListener(this);
                    begin(viewModel, cairn);
                }
            }
        });
    }

    private void begin(MainViewModel viewModel, Cairn cairn) {
        String loadBefore = loadAverage();
        gaps.start();
        long started = System.nanoTime();
        Task<?> adding = viewModel.addPaths(paths);
        adding.exceptionProperty().addListener((obs, was, e) -> importProblem = e == null ? null : e.getMessage());
        // Adding scans the paths in one job, which starts the import job as it ends; the import ends once every
        // document is searchable by its words, and the vectors follow. No job listed: the text stage is over.
        var active = viewModel.services().tasks().activeCountProperty();
        activeJobs = active.get();
        active.addListener((obs, was, count) -> activeJobs = count.intValue());
        Thread.ofPlatform().name("cairn-bench-window").daemon().start(() -> awaitVectors(cairn, started, loadBefore));
    }

    /** Off the FX thread: waits for the import and then for the last vector, then ends on the FX thread. */
    private void awaitVectors(Cairn cairn, long started, String loadBefore) {
        long deadline = started + limit.toNanos();
        String problem = null;
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
                if (textDone.get() == 0) {
                    if (activeJobs > 0) {
                        continue;
                    }
                    textDone.set(System.nanoTime());
                }
                var progress = cairn.semanticProgress();
                if (progress.isPresent() && progress.get().problem() != null) {
                    problem = progress.get().problem();
                    break;
                }
                if (cairn.store().embeddingCoverage().complete()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } catch (RuntimeException e) {
            log.warn("The window benchmark could not follow the embedding", e);
            problem = e.getMessage();
        }
        long ended = System.nanoTime();
        String why = problem != null ? problem : ended >= deadline ? "gave up after " + limit.toSeconds() + " s" : null;
        EmbeddingQueue.Coverage coverage = cairn.store().embeddingCoverage();
        String model = cairn.model().id();
        Platform.runLater(() -> finish(model, coverage, started, ended, why, loadBefore));
    }

    private void finish(
            String model,
            EmbeddingQueue.Coverage coverage,
            long started,
            long ended,
            String problem,
            String loadBefore) {
        gaps.stop();
        long text = textDone.get() == 0 ? ended : textDone.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paths", paths.stream().map(Path::toString).toList());
        m.put("model", model);
        m.put("chunks", coverage.chunks());
        m.put("chunks_without_vector", coverage.waiting());
        m.put("whole_run", gaps.figures(started, ended));
        m.put("text_stage", gaps.figures(started, text));
        m.put("embedding", gaps.figures(text, ended));
        m.put("longest_gaps_ms_after_add", gaps.longest(5, started));
        m.put("fx_thread_while_overdue", gaps.stalls());
        m.put("target_max_gap_ms", 100);
        m.put("problem", problem != null ? problem : importProblem);
        m.put("load_average", loadBefore + " -> " + loadAverage());
        result.complete(m);
        whenDone.run();
    }

    /** The machine's load average (1, 5, 15 minutes), where the system tells it. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
