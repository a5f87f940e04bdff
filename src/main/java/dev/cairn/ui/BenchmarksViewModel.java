package dev.cairn.ui;

import dev.cairn.bench.EmbedBenchReport;
import dev.cairn.bench.EmbedBenchmark;
import dev.cairn.bench.Harness;
import dev.cairn.bench.Stats;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
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

/**
 * The Benchmarks page: runs a suite from {@code dev.cairn.bench} (the same code as {@code cairn bench})
 * as a job, and holds its latest results. Used on the FX thread only.
 */
public final class BenchmarksViewModel {

    /** The suites the page can run. The search suite joins here once {@code dev.cairn.bench} has one. */
    public enum Suite {
        EMBEDDING("Embedding");

        private final String label;

        Suite(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final TaskRunner tasks;
    private final List<Integer> batchSizes;
    private final ObjectProperty<Suite> suite = new SimpleObjectProperty<>(Suite.EMBEDDING);
    private final ObjectProperty<ModelSpec> model = new SimpleObjectProperty<>(ModelSpec.DEFAULT);
    private final IntegerProperty warmup = new SimpleIntegerProperty(5);
    private final IntegerProperty samples = new SimpleIntegerProperty(20);
    private final ObservableList<Stats> latency = FXCollections.observableArrayList();
    private final ObservableList<EmbedBenchReport.Throughput> throughput = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<EmbedBenchReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Task<EmbedBenchReport>> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(
            "Measures how fast this machine embeds text: one chunk at a time, then in batches.");
    private final BooleanBinding running = current.isNotNull();

    /** With the command line's defaults: 5 warm-up runs, 20 samples, batches of 1, 8, 32 and 64. */
    public BenchmarksViewModel(TaskRunner tasks) {
        this(tasks, EmbedBenchmark.BATCH_SIZES);
    }

    public BenchmarksViewModel(TaskRunner tasks, List<Integer> batchSizes) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.batchSizes = List.copyOf(batchSizes);
    }

    /** Starts the chosen suite as a job (shown in Jobs, with progress and cancel); call on the FX thread. */
    public Task<EmbedBenchReport> run() {
        if (current.get() != null) {
            return current.get();
        }
        ModelSpec spec = model.get();
        EmbedBenchmark bench = new EmbedBenchmark(new Harness(warmup.get(), samples.get()), batchSizes);
        Task<EmbedBenchReport> task = new Task<>() {
            @Override
            protected EmbedBenchReport call() {
                updateTitle("Benchmarking " + spec.id());
                // A model of its own, not the app's cached embedder: repeated samples must not be cache hits.
                try (OnnxEmbedder embedder = OnnxEmbedder.create(spec)) {
                    return bench.run(embedder, (step, done, total) -> {
                        if (isCancelled()) {
                            throw new CancellationException("Benchmark cancelled");
                        }
                        updateMessage(step);
                        updateProgress(done, total);
                    });
                }
            }
        };
        task.setOnSucceeded(e -> {
            show(task.getValue());
            current.set(null);
        });
        task.setOnFailed(e -> {
            summary.set("The benchmark failed: " + message(task.getException()));
            current.set(null);
        });
        task.setOnCancelled(e -> {
            summary.set("Benchmark cancelled; the last results stay.");
            current.set(null);
        });
        current.set(task);
        summary.set("Running the " + suite.get().toString().toLowerCase(Locale.ROOT) + " suite on " + spec.id() + "…");
        return tasks.run(task);
    }

    /** Stops the running suite after its current step. */
    public void cancel() {
        Task<EmbedBenchReport> task = current.get();
        if (task != null) {
            task.cancel();
        }
    }

    private void show(EmbedBenchReport r) {
        report.set(r);
        latency.setAll(r.single());
        r.batches().forEach(b -> latency.add(b.stats()));
        throughput.setAll(r.batches());
        summary.set(String.format(Locale.ROOT, "%s · %d cores · loaded in %d ms · %d chunks of %.0f tokens · %d samples",
                r.model(), r.cores(), r.loadTime().toMillis(), r.chunks(), r.meanChunkTokens(), r.single().samples()));
    }

    private static String message(Throwable error) {
        return error == null || error.getMessage() == null ? "see the log" : error.getMessage();
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

    public ObjectProperty<ModelSpec> modelProperty() {
        return model;
    }

    /** Untimed runs before each measurement; tests set small counts. */
    public IntegerProperty warmupProperty() {
        return warmup;
    }

    /** Timed runs per measurement (fewer for big batches, as on the command line). */
    public IntegerProperty samplesProperty() {
        return samples;
    }

    /** The course-style rows: single-text latency, then each batch size. */
    public ObservableList<Stats> latencyRows() {
        return latency;
    }

    public ObservableList<EmbedBenchReport.Throughput> throughputRows() {
        return throughput;
    }

    public ReadOnlyObjectProperty<EmbedBenchReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Task<EmbedBenchReport>> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public BooleanBinding runningProperty() {
        return running;
    }

    /** One line about the last run, or what a run would measure, or why it stopped. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The latest report as the command line prints it, for copying. */
    public String reportText() {
        return report.get() == null ? "" : report.get().toText();
    }
}
