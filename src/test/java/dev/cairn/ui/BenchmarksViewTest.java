package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bench.EmbedBenchmark;
import dev.cairn.runtime.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Worker;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Benchmarks page runs the embedding suite on the real model as a job and shows its table and charts. */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class BenchmarksViewTest {

    @TempDir
    static Path dataDir;

    private final ExecutorService jobs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
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
    void runningTheSuiteFillsTheTableAndBothCharts(FxRobot robot) throws Exception {
        BenchmarksViewModel bench = window.viewModel.benchmarks();
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.BENCHMARKS);
            bench.warmupProperty().set(1);
            bench.samplesProperty().set(3);
        });
        BenchmarksView view = robot.lookup(".benchmarks-view").queryAs(BenchmarksView.class);
        robot.interact(() -> robot.lookup("#runButton").queryAs(Button.class).fire());

        var task = bench.currentProperty().get();
        assertThat(task).as("the run started as a job").isNotNull();
        assertThat(window.viewModel.services().tasks().active()).contains(task);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> task.isDone());
        WaitForAsyncUtils.waitForFxEvents();

        Worker.State[] state = new Worker.State[1];
        Throwable[] error = new Throwable[1];
        robot.interact(() -> {
            state[0] = task.getState();
            error[0] = task.getException();
        });
        assertThat(state[0]).as(String.valueOf(error[0])).isEqualTo(Worker.State.SUCCEEDED);
        int rows = 1 + EmbedBenchmark.BATCH_SIZES.size();
        assertThat(view.table().getItems()).hasSize(rows);
        assertThat(view.table().getItems().getFirst().name()).isEqualTo("Single Embedding");
        assertThat(view.table().getItems()).allSatisfy(s -> assertThat(s.p99Nanos()).isPositive());
        assertThat(view.latencyChart().getData()).hasSize(3)
                .allSatisfy(series -> assertThat(series.getData()).hasSize(rows));
        assertThat(view.throughputChart().getData().getFirst().getData()).hasSize(EmbedBenchmark.BATCH_SIZES.size())
                .allSatisfy(point -> assertThat(point.getYValue().doubleValue()).isPositive());
        assertThat(bench.summaryProperty().get()).startsWith("all-minilm-l6-v2 · ");
        assertThat(bench.runningProperty().get()).isFalse();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "benchmarks"));

        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "benchmarks-dark"));
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.LIGHT));
    }

    @Test
    void aCancelledRunSaysSoAndLeavesThePageReady(FxRobot robot) throws Exception {
        BenchmarksViewModel bench = window.viewModel.benchmarks();
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.BENCHMARKS);
            bench.run();
            bench.cancel();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !bench.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(bench.summaryProperty().get()).contains("cancelled");
        assertThat(bench.latencyRows()).isEmpty();
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isFalse();
    }
}
