package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Jobs started through {@link TaskRunner} run on its executor and show in the Jobs page until they end. */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class JobsViewTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final TaskRunner runner = new TaskRunner(executor);
    private JobsView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = new JobsView(runner);
        Scene scene = new Scene(view, 720, 360);
        ThemeManager.apply(scene, dev.cairn.runtime.Settings.Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void aRunningJobShowsWithItsProgressAndLeavesWhenDone(FxRobot robot) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Task<String> job = new Task<>() {
            @Override
            protected String call() throws Exception {
                updateTitle("Indexing 12 files");
                updateMessage("notes.md: embedding");
                updateProgress(5, 12);
                started.countDown();
                release.await();
                return "done";
            }
        };

        robot.interact(() -> runner.run(job));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.progressView().getTasks()).containsExactly(job);
        assertThat(runner.activeCountProperty().get()).isEqualTo(1);
        assertThat(robot.lookup("Indexing 12 files").tryQuery()).isPresent();
        robot.interact(() -> Screenshots.save(stage.getScene(), "jobs-running"));

        release.countDown();
        assertThat(job.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.progressView().getTasks()).isEmpty();
        assertThat(runner.activeCountProperty().get()).isZero();
    }

    @Test
    void aFailedJobReachesTheFailureHandlerOnce(FxRobot robot) throws Exception {
        java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        runner.setOnFailure((task, error) -> {
            failures.add(task.getTitle() + ": " + error.getMessage());
            reported.countDown();
        });
        Task<Void> job = new Task<>() {
            @Override
            protected Void call() {
                updateTitle("Reading archive.zip");
                throw new IllegalStateException("archive.zip is not a document Cairn can read");
            }
        };

        robot.interact(() -> runner.run(job));
        assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(failures).containsExactly("Reading archive.zip: archive.zip is not a document Cairn can read");
    }
}
