package dev.cairn.ui.benchmarks;

import dev.cairn.bench.BenchSuite;
import dev.cairn.bench.EmbedBenchReport;
import dev.cairn.bench.EmbedBenchmark;
import dev.cairn.bench.Harness;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.Words;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Benchmarks page: runs a suite from {@code dev.cairn.bench} (the same code as {@code cairn bench})
 * as a job, and holds its latest results. Used on the FX thread only.
 */
public final class BenchmarksViewModel {

    /** The suites the page can run. */
    public enum Suite {
        /** {@link BenchSuite}: embedding, search, ingest and index build, in a throwaway library. */
        FULL("bench.suite.full"),
        /** {@link EmbedBenchmark}: one text, then batches, on the chosen model. */
        EMBEDDING("bench.suite.embedding");

        private final String label;

        Suite(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return Words.get(label);
        }
    }

    /** One bar of the throughput chart: a batch size's texts/s, or the suite's ingest rate. */
    public record Rate(String label, double perSecond) {}

    /** A finished run: the table, the throughput bars in {@code rateUnit}, and the report to copy. */
    private record Result(
            List<BenchSuite.Row> rows,
            List<Rate> rates,
            String rateUnit,
            String rateOf,
            String summary,
            String markdown) {}

    private static final Logger log = LoggerFactory.getLogger(BenchmarksViewModel.class);

    private final TaskRunner tasks;
    private final List<Integer> batchSizes;
    private final ObjectProperty<Suite> suite = new SimpleObjectProperty<>(Suite.FULL);
    private final ObjectProperty<ModelSpec> model = new SimpleObjectProperty<>(ModelSpec.DEFAULT);
    private final ObjectProperty<BenchSuite.Options> options = new SimpleObjectProperty<>(BenchSuite.Options.DEFAULT);
    private final IntegerProperty warmup = new SimpleIntegerProperty(5);
    private final IntegerProperty samples = new SimpleIntegerProperty(20);
    private final ObservableList<BenchSuite.Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Rate> rates = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper rateUnit = new ReadOnlyStringWrapper(Words.get("bench.rate.texts"));
    private final ReadOnlyStringWrapper rateOf = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper markdown = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Task<?>> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(Words.get("bench.idea.full"));
    private final BooleanBinding running = current.isNotNull();
    private String lastSummary = "";

    /** With the command line's defaults: {@link BenchSuite.Options#DEFAULT}; embedding batches of 1, 8, 32, 64. */
    public BenchmarksViewModel(TaskRunner tasks) {
        this(tasks, EmbedBenchmark.BATCH_SIZES);
    }

    public BenchmarksViewModel(TaskRunner tasks, List<Integer> batchSizes) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.batchSizes = List.copyOf(batchSizes);
        suite.addListener((obs, old, now) -> {
            if (current.get() == null && markdown.get().isEmpty()) {
                summary.set(Words.get(now == Suite.EMBEDDING ? "bench.idea.embedding" : "bench.idea.full"));
            }
        });
    }

    /** Starts the chosen suite as a job (shown in Jobs, with progress and cancel); call on the FX thread. */
    public Task<?> run() {
        if (current.get() != null) {
            return current.get();
        }
        Suite chosen = suite.get();
        TaskRunner.Job<Result> job = chosen == Suite.FULL
                ? new BenchRun(Words.get("bench.job.suite"), fullSuite(options.get())).job
                : new BenchRun(Words.get("bench.job.model", model.get().id()), embedding(model.get())).job;
        job.onSuccess(result -> {
                    show(result);
                    current.set(null);
                })
                .onFailure(error -> {
                    summary.set(Words.get("bench.failed", message(error)));
                    current.set(null);
                });
        current.set(job);
        summary.set(
                chosen == Suite.FULL
                        ? Words.get("bench.running.full")
                        : Words.get("bench.running.embedding", model.get().id()));
        return job.start();
    }

    /** A suite's measurement, telling {@code step} where it is; a step throws once the run is cancelled. */
    @FunctionalInterface
    private interface Measure {
        Result run(EmbedBenchmark.Progress step) throws Exception;
    }

    private static Measure fullSuite(BenchSuite.Options opts) {
        return step -> {
            BenchSuite.Report r = BenchSuite.runInTemporaryLibrary(opts, step);
            List<Rate> bars = r.rows().stream()
                    .filter(row -> !"ms".equals(row.unit()))
                    .map(row -> new Rate(row.name().replace(" (chunks/s)", ""), row.mean()))
                    .toList();
            String line = String.format(
                    Locale.ROOT,
                    "%s · %d cores · load average %.2f · %,d chunks · index %s · ef_search %d · recall@10 %.3f",
                    r.model(),
                    r.cores(),
                    r.loadAverage(),
                    r.chunks(),
                    indexName(r.index()),
                    r.efSearch(),
                    r.recall());
            return new Result(r.rows(), bars, Words.get("bench.rate.chunks"), "", line, r.toMarkdown());
        };
    }

    private Measure embedding(ModelSpec spec) {
        EmbedBenchmark bench = new EmbedBenchmark(new Harness(warmup.get(), samples.get()), batchSizes);
        return step -> {
            // A model of its own, not the app's cached embedder: repeated samples must not be cache hits.
            try (OnnxEmbedder embedder = OnnxEmbedder.create(spec)) {
                return embeddingResult(bench.run(embedder, step));
            }
        };
    }

    private static String indexName(String index) {
        return index == null ? "exact scan (no index)" : index;
    }

    private static Result embeddingResult(EmbedBenchReport r) {
        List<BenchSuite.Row> table = new ArrayList<>();
        table.add(BenchSuite.Row.latency(r.single()));
        r.batches().forEach(b -> table.add(BenchSuite.Row.latency(b.stats())));
        List<Rate> bars = r.batches().stream()
                .map(b -> new Rate(String.valueOf(b.batchSize()), b.textsPerSecond()))
                .toList();
        String line = String.format(
                Locale.ROOT,
                "%s · %d cores · loaded in %d ms · %d chunks of %.0f tokens · %d samples",
                r.model(),
                r.cores(),
                r.loadTime().toMillis(),
                r.chunks(),
                r.meanChunkTokens(),
                r.single().samples());
        String md = "# Cairn embedding benchmark\n\n" + line + "\n\n```\n"
                + r.toText().strip() + "\n```\n";
        return new Result(table, bars, Words.get("bench.rate.texts"), Words.get("bench.batchSize"), line, md);
    }

    /**
     * A run whose page stays "running" until the work has really stopped, not just until Cancel was
     * pressed: the suite owns a PostgreSQL of its own, and a second run must not start beside it.
     */
    private final class BenchRun {
        private static final int NOT_STARTED = 0;
        private static final int WORKING = 1;
        private static final int LEFT = 2;
        private final AtomicInteger phase = new AtomicInteger(NOT_STARTED);
        private final TaskRunner.Job<Result> job;

        BenchRun(String title, Measure measure) {
            job = tasks.job(title, progress -> measure(measure, progress)).onCancelled(this::cancelled);
        }

        private void cancelled() {
            summary.set(Words.get("bench.stopping"));
            // Cancelled before it ever ran, or after its work ended: nothing is left to wait for.
            if (phase.compareAndSet(NOT_STARTED, LEFT) || phase.get() == LEFT) {
                stopped(job);
            }
        }

        private Result measure(Measure measure, TaskRunner.Progress progress) throws Exception {
            if (!phase.compareAndSet(NOT_STARTED, WORKING)) {
                throw new CancellationException("Benchmark cancelled");
            }
            try {
                // The suites' progress callback; throwing from it is how they are cancelled.
                return measure.run((name, done, total) -> {
                    if (progress.isCancelled()) {
                        throw new CancellationException("Benchmark cancelled");
                    }
                    progress.message(name);
                    progress.progress(done, total);
                });
            } finally {
                phase.set(LEFT);
                if (progress.isCancelled()) {
                    Platform.runLater(() -> stopped(job));
                }
            }
        }
    }

    private void stopped(Task<?> task) {
        if (current.get() == task) {
            current.set(null);
            summary.set(Words.get("bench.cancelled"));
        }
    }

    /** Stops the running suite at its next step; the page shows it running until it has stopped. */
    public void cancel() {
        Task<?> task = current.get();
        if (task != null) {
            task.cancel();
        }
    }

    private void show(Result r) {
        rows.setAll(r.rows());
        rateUnit.set(r.rateUnit());
        rateOf.set(r.rateOf());
        rates.setAll(r.rates());
        markdown.set(r.markdown());
        lastSummary = r.summary();
        summary.set(lastSummary);
    }

    /**
     * Writes the latest report as Markdown to {@code file}; the summary line says where it went, or
     * why it could not be written.
     */
    public void saveReport(Path file) {
        if (markdown.get().isEmpty()) {
            summary.set(Words.get("bench.nothingToSave"));
            return;
        }
        try {
            Files.writeString(file, markdown.get());
            summary.set(lastSummary + Words.get("bench.savedTo", file));
        } catch (IOException e) {
            log.warn("Could not save the benchmark report to {}", file, e);
            summary.set(Words.get("bench.couldNotSave", file, e.getMessage()));
        }
    }

    private static String message(Throwable error) {
        return error == null || error.getMessage() == null
                ? Words.get("common.seeTheLog")
                : Phrase.show(error.getMessage());
    }

    public List<Suite> suites() {
        return List.of(Suite.values());
    }

    public List<ModelSpec> models() {
        return ModelSpec.all();
    }

    public ObjectProperty<Suite> suiteProperty() {
        return suite;
    }

    /** The embedding suite's model; the full suite runs on the default model, as {@code cairn bench} does. */
    public ObjectProperty<ModelSpec> modelProperty() {
        return model;
    }

    /** The full suite's sizes; tests and a first look use {@link BenchSuite.Options#QUICK}. */
    public ObjectProperty<BenchSuite.Options> optionsProperty() {
        return options;
    }

    /** The embedding suite's untimed runs before each measurement; tests set small counts. */
    public IntegerProperty warmupProperty() {
        return warmup;
    }

    /** The embedding suite's timed runs per measurement (fewer for big batches, as on the command line). */
    public IntegerProperty samplesProperty() {
        return samples;
    }

    /** The course-style rows of the last run: latencies in ms, rates in their unit. */
    public ObservableList<BenchSuite.Row> rows() {
        return rows;
    }

    /** The throughput bars of the last run, in {@link #rateUnitProperty()}. */
    public ObservableList<Rate> rates() {
        return rates;
    }

    public ReadOnlyStringProperty rateUnitProperty() {
        return rateUnit.getReadOnlyProperty();
    }

    /** What the throughput bars are labelled by: "batch size" for the embedding suite, else nothing. */
    public ReadOnlyStringProperty rateOfProperty() {
        return rateOf.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Task<?>> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public BooleanBinding runningProperty() {
        return running;
    }

    /** One line about the last run, or what a run would measure, or why it stopped. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The latest report as Markdown, for copying and saving; empty before the first run. */
    public ReadOnlyStringProperty markdownProperty() {
        return markdown.getReadOnlyProperty();
    }
}
