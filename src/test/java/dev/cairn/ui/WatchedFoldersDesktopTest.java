package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Cairn;
import dev.cairn.app.Settings;
import dev.cairn.ingest.watch.FolderWatcher;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.store.DocumentStatus;
import dev.cairn.store.WatchLease;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import dev.cairn.ui.library.WatchedFoldersViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.ListView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Watched folders in the window, on the real core: a folder dropped with Ctrl+Shift is watched, and
 * files created, changed and deleted in it show in the Library within seconds; pausing stops that and
 * resuming catches up ({@code dev.cairn.cli.WatchWithWindowTest}: the list is the one {@code cairn watch} has).
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class WatchedFoldersDesktopTest {

    /** Quick looks and short quiet periods, so the test waits seconds, not the app's defaults. */
    static final LibraryWatch.Options QUICK = new LibraryWatch.Options(
            Duration.ofMillis(500), new FolderWatcher.Options(Duration.ofMillis(300), Duration.ZERO));

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture().watching(QUICK);

    /** Generous: the machine is shared, and the first file loads the model. */
    private static final long WAIT_SECONDS = 120;

    @Test
    void aWatchedFolderKeepsTheLibraryCurrentUntilPausedAndCatchesUpWhenResumed(FxRobot robot, TestWindow window)
            throws Exception {
        Path notes = Files.createDirectories(core.documents().resolve("notes"));
        Path huts = Files.writeString(notes.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers.\n");
        LibraryViewModel library = window.viewModel.library();
        WatchedFoldersViewModel watched = window.viewModel.watchedFolders();
        noFolderWatched(watched);
        robot.interact(() -> Screenshots.save(window.view.getScene(), "watched-folders-none"));

        // Ctrl+Shift while dropping makes the drop a link: the folder is watched, not added once.
        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(notes), TransferMode.LINK));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(notes), TransferMode.LINK));
        await(() -> status(library, huts) == RowStatus.INDEXED);
        await(() -> activity(watched, notes) == LibraryWatch.Activity.WATCHING);
        assertThat(watched.watchingHereProperty().get()).isTrue();
        assertThat(watched.summaryProperty().get()).isEqualTo("1 folder · kept current by this window");
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
        robot.interact(() -> Screenshots.save(window.view.getScene(), "watched-folders-watching-dark"));

        long created = System.nanoTime();
        Path glaciers =
                Files.writeString(notes.resolve("glaciers.md"), "# Glaciers\n\nWalkers rope up on a glacier.\n");
        await(() -> status(library, glaciers) == RowStatus.INDEXED);
        long changed = say("created", created);

        Files.writeString(huts, "The hut at the pass sleeps twelve walkers and opens in June.\n\n" + longText());
        await(() -> chunks(library, huts) > 1);
        long deleted = say("changed", changed);
        assertThat(storedText(huts)).contains("opens in June");

        Files.delete(glaciers);
        await(() -> library.find(glaciers).isEmpty());
        say("deleted", deleted);
        assertThat(core.cairn().store().findByPath(glaciers.toString())).isEmpty();
        await(() -> watched.find(notes).orElseThrow().stored().lastChangeAt() != null);

        // Paused from the keyboard: Space on the folder in the list.
        ListView<?> list = robot.lookup(".watched-list").queryAs(ListView.class);
        robot.interact(() -> {
            list.requestFocus();
            list.getSelectionModel().select(0);
        });
        robot.type(KeyCode.SPACE);
        await(() -> activity(watched, notes) == LibraryWatch.Activity.PAUSED);
        Path weather = Files.writeString(notes.resolve("weather.txt"), "Storms come over the pass in the afternoon.\n");
        Thread.sleep(3_000); // several looks and quiet periods: a watch that still ran would have read it by now
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(library.find(weather)).isEmpty();
        assertThat(core.cairn().store().findByPath(weather.toString())).isEmpty();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "watched-folders-paused-dark"));

        robot.interact(() -> watched.togglePause(watched.find(notes).orElseThrow()));
        await(() -> status(library, weather) == RowStatus.INDEXED);
        await(() -> activity(watched, notes) == LibraryWatch.Activity.WATCHING);

        Path gone = core.documents().resolve("unplugged-disk");
        core.cairn().watchedFolders().add(gone);
        await(() -> watched.find(gone).isPresent() && activity(watched, gone) == LibraryWatch.Activity.FAILED);
        robot.interact(() -> Screenshots.save(window.view.getScene(), "watched-folders-failed-dark"));
    }

    @Test
    void whileAnotherProcessWatchesTheWindowShowsItsChangesAndTakesOverWhenItStops(FxRobot robot, TestWindow window)
            throws Exception {
        WatchedFoldersViewModel watched = window.viewModel.watchedFolders();
        LibraryViewModel library = window.viewModel.library();
        Cairn cairn = core.cairn();
        noFolderWatched(watched); // and so the window let go of the watch
        Path manuals = Files.createDirectories(core.documents().resolve("manuals"));

        // The other process (as `cairn watch run` would be): the lease on a session of its own, taken first.
        WatchLease lease = new WatchLease(cairn.database().dataSource());
        assertThat(lease.holdOrTake()).isTrue();
        cairn.watchedFolders().add(manuals);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (LibraryWatch other = new LibraryWatch(
                        () -> cairn.pipeline(cairn.ingestOptions()),
                        cairn.store(),
                        cairn.watchedFolders(),
                        lease,
                        scheduler,
                        QUICK,
                        new LibraryWatch.Listener() {})
                .start()) {
            await(() -> activity(watched, manuals) == LibraryWatch.Activity.ELSEWHERE);
            assertThat(watched.watchingHereProperty().get()).isFalse();
            assertThat(watched.summaryProperty().get()).contains("kept current by cairn watch run");
            Path stoves = Files.writeString(manuals.resolve("stoves.txt"), "Light the stove outside the tent.\n");
            await(() -> status(library, stoves) == RowStatus.INDEXED); // read by the other, shown here
            robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
            robot.interact(() -> Screenshots.save(window.view.getScene(), "watched-folders-elsewhere-dark"));
            Files.delete(stoves);
            await(() -> library.find(stoves).isEmpty());
        } finally {
            scheduler.shutdownNow();
        }

        await(() -> activity(watched, manuals) == LibraryWatch.Activity.WATCHING);
        assertThat(watched.watchingHereProperty().get()).isTrue();
        Path maps = Files.writeString(manuals.resolve("maps.txt"), "Fold the map so the route faces out.\n");
        await(() -> status(library, maps) == RowStatus.INDEXED);
    }

    /** Empties the list the class's tests share (each test has a window of its own on one library). */
    private static void noFolderWatched(WatchedFoldersViewModel watched) throws TimeoutException {
        core.cairn()
                .watchedFolders()
                .list()
                .forEach(f -> core.cairn().watchedFolders().remove(f.path()));
        await(() -> watched.summaryProperty().get().startsWith("None yet"));
    }

    /** How long the Library took to show a change (for ADR 0023, not a target): printed, and the time now. */
    private static long say(String what, long since) {
        long now = System.nanoTime();
        System.out.printf(
                "watched folder: a file %s showed in the Library after %d ms%n", what, (now - since) / 1_000_000);
        return now;
    }

    private static void await(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static RowStatus status(LibraryViewModel library, Path file) {
        return library.find(file).map(r -> r.statusProperty().get()).orElse(null);
    }

    private static int chunks(LibraryViewModel library, Path file) {
        return library.find(file).map(r -> r.chunksProperty().get()).orElse(0);
    }

    private static LibraryWatch.Activity activity(WatchedFoldersViewModel watched, Path folder) {
        return watched.find(folder).map(LibraryWatch.Folder::activity).orElse(null);
    }

    private static String storedText(Path file) {
        return core.cairn()
                .store()
                .findByPath(file.toString())
                .filter(d -> d.status() == DocumentStatus.INDEXED)
                .map(d -> String.join(
                        " ",
                        core.cairn().store().chunksOf(d.id()).stream()
                                .map(c -> c.text())
                                .toList()))
                .orElse("");
    }

    /** Enough prose for several passages. */
    private static String longText() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            text.append("Stage ")
                    .append(i)
                    .append(" of the traverse crosses a moraine, a meadow and a stream before the next hut,")
                    .append(" where walkers refill their bottles and check the weather for the afternoon.\n\n");
        }
        return text.toString();
    }
}
