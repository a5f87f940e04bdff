package dev.cairn.ui.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Settings;
import dev.cairn.bench.BenchSuite;
import dev.cairn.bench.EmbedBenchmark;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Benchmarks page runs the full suite (in a throwaway library on the real bundled PostgreSQL)
 * and the embedding suite on the real model as jobs, and shows their table and charts.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class BenchmarksViewTest {

    @TempDir
    static Path dataDir;

    @TempDir
    Path reports;

    private final ExecutorService jobs =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
    private TestWindow window;

    @Start
    void start(Stage stage) {
        window = new TestWindow(stage, dataDir, Optional.empty(), Optional.empty(), jobs);
    }

    @AfterEach
    void close() {
        jobs.shutdownNow();
    }

    @Test
    void theFullSuiteFillsTheTableAndChartsAndCopiesAsMarkdown(FxRobot robot) throws Exception {
        BenchmarksViewModel bench = window.viewModel.benchmarks();
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.BENCHMARKS);
            bench.optionsProperty().set(BenchSuite.Options.QUICK);
        });
        BenchmarksView view = robot.lookup(".benchmarks-view").queryAs(BenchmarksView.class);
        assertThat(robot.lookup("#suiteChoice").queryAs(ComboBox.class).getValue())
                .as("the full suite is the default")
                .isEqualTo(BenchmarksViewModel.Suite.FULL);
        assertThat(robot.lookup("#copyButton").queryAs(Button.class).isDisabled())
                .as("nothing to copy yet")
                .isTrue();
        Task<?> task = runFromThePage(robot, bench);

        assertSucceeded(robot, task);
        assertThat(view.table().getItems())
                .extracting(BenchSuite.Row::name)
                .containsExactlyInAnyOrder(
                        "Single Embedding",
                        "Vector Search (top 5)",
                        "Vector Search (top 20)",
                        "Hybrid Search (top 10)",
                        "Cached Query",
                        "Ingest (chunks/s)",
                        "Index build (HNSW)");
        assertThat(view.table().getItems()).allSatisfy(r -> assertThat(r.p99()).isPositive());
        long latencies = view.table().getItems().stream()
                .filter(r -> r.unit().equals("ms"))
                .count();
        assertThat(latencies).isEqualTo(6);
        assertThat(view.latencyChart().getData()).extracting(s -> s.getName()).containsExactly("P50", "P95", "P99");
        assertThat(view.latencyChart().getData())
                .allSatisfy(series -> assertThat(series.getData())
                        .hasSize(6)
                        .allSatisfy(bar ->
                                assertThat(bar.getNode()).as("a bar is drawn").isNotNull()));
        assertThat(view.throughputChart().getData().getFirst().getData())
                .singleElement()
                .satisfies(bar -> {
                    assertThat(bar.getXValue()).isEqualTo("Ingest");
                    assertThat(bar.getYValue().doubleValue()).isPositive();
                });
        assertThat(view.throughputChart().getTitle()).isEqualTo("Throughput (chunks/s)");
        assertThat(bench.summaryProperty().get())
                .as("the library's model: int8 for a new one")
                .startsWith("all-minilm-l6-v2-q · ")
                .contains("recall@10", "ef_search");

        robot.interact(() -> robot.lookup("#copyButton").queryAs(Button.class).fire());
        String[] copied = new String[1];
        robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        assertThat(copied[0]).startsWith("# Cairn benchmark").contains("| Single Embedding |", "| Ingest (chunks/s) |");

        Path saved = reports.resolve("bench.md");
        robot.interact(() -> bench.saveReport(saved));
        assertThat(Files.readString(saved)).isEqualTo(copied[0]);
        assertThat(bench.summaryProperty().get()).endsWith("saved to " + saved);
        assertThat(window.viewModel.services().dirs().dataDir().resolve("bench-suite-library"))
                .as("the user's library never gets the generated notes")
                .doesNotExist();

        robot.interact(() -> Screenshots.save(window.view.getScene(), "benchmarks-suite"));
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "benchmarks-suite-dark"));
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.LIGHT));
    }

    @Test
    void theEmbeddingSuiteStillFillsTheTableAndBothCharts(FxRobot robot) throws Exception {
        BenchmarksViewModel bench = window.viewModel.benchmarks();
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.BENCHMARKS);
            bench.suiteProperty().set(BenchmarksViewModel.Suite.EMBEDDING);
            bench.warmupProperty().set(1);
            bench.samplesProperty().set(3);
        });
        BenchmarksView view = robot.lookup(".benchmarks-view").queryAs(BenchmarksView.class);
        Task<?> task = runFromThePage(robot, bench);

        assertSucceeded(robot, task);
        int rows = 1 + EmbedBenchmark.BATCH_SIZES.size();
        assertThat(view.table().getItems()).hasSize(rows);
        assertThat(view.table().getItems().getFirst().name()).isEqualTo("Single Embedding");
        assertThat(view.table().getItems()).allSatisfy(r -> assertThat(r.p99()).isPositive());
        assertThat(view.latencyChart().getData())
                .hasSize(3)
                .allSatisfy(series -> assertThat(series.getData()).hasSize(rows));
        assertThat(view.throughputChart().getData().getFirst().getData())
                .hasSize(EmbedBenchmark.BATCH_SIZES.size())
                .allSatisfy(point -> assertThat(point.getYValue().doubleValue()).isPositive());
        assertThat(bench.summaryProperty().get()).startsWith("all-minilm-l6-v2 · ");
        assertThat(bench.markdownProperty().get()).contains("Single Embedding");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "benchmarks"));
    }

    @Test
    void cancellingTheSuiteMidRunStopsItAndLeavesThePageReady(FxRobot robot) throws Exception {
        BenchmarksViewModel bench = window.viewModel.benchmarks();
        CountDownLatch ingesting = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.BENCHMARKS);
            bench.optionsProperty().set(BenchSuite.Options.QUICK);
            Task<?> task = bench.run();
            task.messageProperty().addListener((obs, old, step) -> {
                if (step.equals("Ingest")) {
                    ingesting.countDown();
                }
            });
            bench.runningProperty().addListener((obs, was, now) -> {
                if (!now) {
                    stopped.countDown();
                }
            });
        });
        assertThat(ingesting.await(300, TimeUnit.SECONDS))
                .as("the suite reached its ingest step")
                .isTrue();
        robot.interact(bench::cancel);
        assertThat(stopped.await(300, TimeUnit.SECONDS)).as("the run stopped").isTrue();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(bench.summaryProperty().get()).contains("cancelled");
        assertThat(bench.rows()).isEmpty();
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled())
                .isFalse();
    }

    private Task<?> runFromThePage(FxRobot robot, BenchmarksViewModel bench) throws Exception {
        robot.interact(() -> robot.lookup("#runButton").queryAs(Button.class).fire());
        Task<?> task = bench.currentProperty().get();
        assertThat(task).as("the run started as a job").isNotNull();
        assertThat(window.viewModel.services().tasks().active()).contains(task);
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, task::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        return task;
    }

    private static void assertSucceeded(FxRobot robot, Task<?> task) {
        Worker.State[] state = new Worker.State[1];
        Throwable[] error = new Throwable[1];
        robot.interact(() -> {
            state[0] = task.getState();
            error[0] = task.getException();
        });
        assertThat(state[0]).as(String.valueOf(error[0])).isEqualTo(Worker.State.SUCCEEDED);
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled())
                .isFalse();
    }
}
