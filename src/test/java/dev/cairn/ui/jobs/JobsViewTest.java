package dev.cairn.ui.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.ThemeManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Jobs started through {@link TaskRunner} run on its executor and show in the Jobs page until they end;
 * finished imports stay below them, newest first.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class JobsViewTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final TaskRunner runner = new TaskRunner(executor);
    private final JobsViewModel jobs =
            new JobsViewModel(runner, Clock.fixed(Instant.parse("2026-12-05T14:32:00Z"), ZoneOffset.UTC));
    private JobsView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = new JobsView(jobs);
        Scene scene = new Scene(view, 720, 360);
        ThemeManager.apply(scene, dev.cairn.app.Settings.Theme.LIGHT);
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
        TaskRunner.Job<String> job = runner.job("Indexing 12 files", progress -> {
            progress.message("notes.md: embedding");
            progress.progress(5, 12);
            started.countDown();
            release.await();
            return "done";
        });

        robot.interact(job::start);
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
        TaskRunner.Job<Void> job = runner.job("Reading archive.zip", progress -> {
            throw new IllegalStateException("archive.zip is not a document Cairn can read");
        });

        robot.interact(job::start);
        assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(failures).containsExactly("Reading archive.zip: archive.zip is not a document Cairn can read");
    }

    @Test
    void runningJobsStayAboveTheFinishedImports(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TaskRunner.Job<Void> job = runner.job("Indexing 40 files", progress -> {
            progress.message("ridge.md: parsing");
            progress.progress(9, 40);
            release.await();
            return null;
        });
        Path home = Path.of("/home/ana");
        FinishedImport walks = new FinishedImport(
                "'walks'",
                home,
                FinishedImport.Ending.DONE,
                "",
                jobs.now(),
                new FinishedImport.Counts(12, 2, 0, 1, 1, 0),
                List.of(
                        new PathOutcome(home.resolve("walks/x.pdf"), PathOutcome.Kind.FAILED, "Not a PDF."),
                        new PathOutcome(
                                home.resolve("walks/loop"),
                                PathOutcome.Kind.NOT_FOLLOWED,
                                "A link that loops back to a folder above it: not followed")));
        robot.interact(() -> {
            jobs.finished(walks);
            job.start();
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(showing(robot.lookup("RUNNING").query())).isTrue();
        assertThat(showing(robot.lookup("FINISHED").query())).isTrue();
        assertThat(view.progressView().localToScene(0, 0).getY())
                .isLessThan(view.finishedCards().getFirst().localToScene(0, 0).getY());
        assertThat(walks.summary())
                .isEqualTo("Imported 'walks': 12 indexed, 2 skipped (unchanged), 1 failed, 1 not followed");
        robot.interact(() -> Screenshots.save(stage.getScene(), "jobs-running-and-finished"));
        release.countDown();
    }

    @Test
    void thePageIsEmptyOnlyWhileNothingRunsAndNothingFinished(FxRobot robot) {
        assertThat(showing(robot.lookup("Nothing running").query())).isTrue();

        robot.interact(() -> jobs.finished(walks(FinishedImport.Ending.DONE, 0)));
        assertThat(showing(robot.lookup("Nothing running").query())).isFalse();
        assertThat(showing(robot.lookup("FINISHED").query())).isTrue();
        assertThat(showing(robot.lookup("RUNNING").query())).as("nothing runs").isFalse();

        robot.clickOn("Clear");
        assertThat(jobs.finishedImports()).isEmpty();
        assertThat(showing(robot.lookup("Nothing running").query())).isTrue();
    }

    @Test
    void finishedImportsAreKeptNewestFirstAndOnlyTheLastTwenty(FxRobot robot) {
        robot.interact(() -> {
            for (int i = 1; i <= JobsViewModel.KEPT + 5; i++) {
                jobs.finished(walks(FinishedImport.Ending.DONE, i));
            }
        });

        List<FinishedImportCard> cards = view.finishedCards();
        assertThat(cards).hasSize(JobsViewModel.KEPT);
        assertThat(cards.getFirst().finishedImport().summary()).isEqualTo("Imported 'walks': 25 indexed");
        assertThat(cards.getLast().finishedImport().summary()).isEqualTo("Imported 'walks': 6 indexed");
    }

    @Test
    void aStoppedImportSaysWhyAndWhatItDidNotReach(FxRobot robot) {
        FinishedImport stopped = new FinishedImport(
                "'walks'",
                Path.of("/home/ana"),
                FinishedImport.Ending.STOPPED,
                "The library's database stopped. Cairn restarts it with the app; then run the import again.",
                jobs.now(),
                new FinishedImport.Counts(4, 0, 0, 0, 0, 8),
                List.of());
        robot.interact(() -> jobs.finished(stopped));

        assertThat(stopped.summary()).isEqualTo("Import of 'walks' stopped: 4 indexed, 8 not imported");
        assertThat(robot.lookup(
                                "The library's database stopped. Cairn restarts it with the app; then run the import again.")
                        .tryQuery())
                .isPresent();
        robot.interact(() -> stage.setWidth(520)); // as narrow as the window's page gets
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(stage.getScene(), "jobs-stopped-narrow"));
        FinishedImportCard card = view.finishedCards().getFirst();
        assertThat(card.getBoundsInParent().getMaxX())
                .as("the card fits the narrow page")
                .isLessThanOrEqualTo(view.getWidth());
    }

    private FinishedImport walks(FinishedImport.Ending ending, int indexed) {
        return new FinishedImport(
                "'walks'",
                Path.of("/home/ana"),
                ending,
                "",
                jobs.now(),
                new FinishedImport.Counts(indexed, 0, 0, 0, 0, 0),
                List.of());
    }

    /** Whether the node shows: it and every parent visible. */
    private static boolean showing(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
