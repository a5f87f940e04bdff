package dev.cairn.ui.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The background seam with an executor that runs work where it is handed over: a job started on the
 * FX thread does its work there before {@code start()} returns, and its handlers follow on the FX
 * thread.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class TaskRunnerTest {

    private final List<String> seen = new ArrayList<>();
    private final TaskRunner tasks = new TaskRunner(Runnable::run);

    @Test
    void aJobDoesItsWorkOnTheCallingThreadAndHandsOverItsResultOnTheFxThread(FxRobot robot) {
        List<TaskRunner.Job<String>> started = new ArrayList<>();
        robot.interact(() -> {
            Thread caller = Thread.currentThread();
            started.add(tasks.job("Counting huts", progress -> {
                        progress.message("Counting the huts on the ridge");
                        progress.progress(1, 2);
                        seen.add("work on the calling thread: " + (Thread.currentThread() == caller));
                        return "12 huts";
                    })
                    .onSuccess(huts ->
                            seen.add("success on the FX thread: " + huts + ", " + Platform.isFxApplicationThread()))
                    .onFailure(error -> seen.add("failure"))
                    .start());
            seen.add("start returned");
        });
        WaitForAsyncUtils.waitForFxEvents();
        TaskRunner.Job<String> job = started.getFirst();
        robot.interact(() -> seen.add(job.getTitle() + " · " + job.getMessage() + " · " + job.getProgress()));

        assertThat(seen)
                .containsExactly(
                        "work on the calling thread: true",
                        "start returned",
                        "success on the FX thread: 12 huts, true",
                        "Counting huts · Counting the huts on the ridge · 0.5");
        assertThat(tasks.active()).isEmpty();
    }

    @Test
    void aQuietJobRunsAndReportsButIsNeitherListedNorCounted(FxRobot robot) {
        List<Runnable> waiting = new ArrayList<>();
        TaskRunner later = new TaskRunner(waiting::add);
        List<String> listed = new ArrayList<>();
        later.addSubmitListener(task -> listed.add(task.getTitle()));
        robot.interact(() -> {
            later.job("Decoding the window's icons", progress -> "7 icons")
                    .quiet()
                    .onSuccess(icons -> seen.add("quiet: " + icons))
                    .start();
            later.job("Indexing 3 files", progress -> "3 indexed")
                    .onSuccess(files -> seen.add("listed: " + files))
                    .start();
            seen.add("active while waiting: " + later.activeCountProperty().get());
        });
        robot.interact(() -> waiting.forEach(Runnable::run));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(listed).containsExactly("Indexing 3 files");
        assertThat(seen).containsExactly("active while waiting: 1", "quiet: 7 icons", "listed: 3 indexed");
        assertThat(later.active()).isEmpty();
    }

    @Test
    void aFailedJobReachesTheRunnersHandlerAndThenItsOwn(FxRobot robot) {
        tasks.setOnFailure((task, error) -> seen.add("runner: " + task.getTitle() + ": " + error.getMessage()));
        robot.interact(() -> tasks.job("Reading archive.zip", progress -> {
                    throw new IllegalStateException("not a document");
                })
                .onSuccess(value -> seen.add("success"))
                .onFailure(error -> seen.add("job: " + error.getMessage()))
                .start());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(seen).containsExactly("runner: Reading archive.zip: not a document", "job: not a document");
    }

    @Test
    void aJobCancelledBeforeItRunsNeverDoesItsWork(FxRobot robot) {
        List<Runnable> waiting = new ArrayList<>();
        Executor held = waiting::add;
        TaskRunner later = new TaskRunner(held);
        robot.interact(() -> {
            TaskRunner.Job<String> job = later.job("Indexing 3 files", progress -> {
                        seen.add("work");
                        return "done";
                    })
                    .onCancelled(() -> seen.add("cancelled"))
                    .start();
            seen.add("active: " + later.activeCountProperty().get());
            job.cancel();
            waiting.forEach(Runnable::run);
            seen.add(job.getState() + ", active: " + later.activeCountProperty().get());
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(seen).containsExactly("active: 1", "cancelled", "CANCELLED, active: 0");
    }
}
