package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.CairnProcess;
import dev.cairn.ChildProcesses;
import dev.cairn.app.Settings;
import dev.cairn.ingest.watch.FolderWatcher;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import dev.cairn.ui.library.WatchedFoldersViewModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@code cairn watch} and the window on one library at once: one list, changed from either side and
 * seen on the other within seconds, and a folder that is gone said in words on both.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class WatchWithWindowTest {

    @RegisterExtension
    static final ChildProcesses children = new ChildProcesses();

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture()
            .watching(new LibraryWatch.Options(
                    Duration.ofMillis(500), new FolderWatcher.Options(Duration.ofMillis(300), Duration.ZERO)));

    private static final long WAIT_SECONDS = 120;

    @Test
    void theWindowAndTheCommandLineShareOneList(FxRobot robot, TestWindow window) throws Exception {
        Path papers = Files.createDirectories(core.documents().resolve("papers"));
        Files.writeString(papers.resolve("ropes.txt"), "A rope team keeps ten metres between walkers.\n");
        Path manuals = Files.createDirectories(core.documents().resolve("manuals"));
        WatchedFoldersViewModel watched = window.viewModel.watchedFolders();

        assertThat(cli("watch", "add", papers.toString())).isZero();
        await(() -> activity(watched, papers) == LibraryWatch.Activity.WATCHING);
        await(() -> status(window.viewModel.library(), papers.resolve("ropes.txt")) == RowStatus.INDEXED);

        // `cairn watch run` beside the window: it waits, and the window alone reads the changes.
        Process run = children.start(
                CairnProcess.builder(List.of("--data-dir", core.dataDir().toString(), "watch", "run"))
                        .redirectErrorStream(true));
        List<String> said = new CopyOnWriteArrayList<>();
        Thread.ofVirtual()
                .start(() -> new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))
                        .lines()
                        .forEach(said::add));
        await(() -> said.stream().anyMatch(l -> l.startsWith("waiting  " + papers)));
        Path knots = Files.writeString(papers.resolve("knots.txt"), "Tie in with a figure-eight knot.\n");
        await(() -> status(window.viewModel.library(), knots) == RowStatus.INDEXED);
        assertThat(watched.watchingHereProperty().get()).isTrue();
        assertThat(said).noneMatch(l -> l.contains("knots.txt"));
        run.destroy();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

        robot.interact(() -> watched.add(manuals));
        await(() -> watched.find(manuals).isPresent());
        robot.interact(() -> watched.togglePause(watched.find(manuals).orElseThrow()));
        await(() -> activity(watched, manuals) == LibraryWatch.Activity.PAUSED);
        Run list = cairn("watch", "list", "--json");
        assertThat(list.exit()).as(list.out()).isZero();
        JsonNode listed = Json.read(
                list.out().lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow());
        assertThat(listed.findValuesAsText("path")).contains(papers.toString(), manuals.toString());
        for (JsonNode f : listed) {
            if (f.get("path").asText().equals(manuals.toString())) {
                assertThat(f.get("paused").asBoolean()).isTrue();
            }
        }

        // A folder that is gone says so, in words, and stays on the list until removed.
        Path gone = Files.createDirectories(core.documents().resolve("usb-stick"));
        assertThat(cli("watch", "add", gone.toString())).isZero();
        await(() -> activity(watched, gone) == LibraryWatch.Activity.WATCHING);
        Files.delete(gone);
        await(() -> activity(watched, gone) == LibraryWatch.Activity.FAILED);
        assertThat(Phrase.english(watched.find(gone).orElseThrow().problem())).contains("There is no folder " + gone);
        robot.interact(() -> Screenshots.save(window.view.getScene(), "watched-folders-light"));
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
        robot.interact(() -> Screenshots.save(window.view.getScene(), "watched-folders-dark"));
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.LIGHT));

        assertThat(cli("watch", "remove", gone.toString())).isZero();
        await(() -> watched.find(gone).isEmpty());
        robot.interact(() -> watched.remove(watched.find(manuals).orElseThrow()));
        await(() -> watched.find(manuals).isEmpty());
        assertThat(cli("watch", "pause", manuals.toString())).isEqualTo(2); // not on the list any more
    }

    private record Run(int exit, String out) {}

    /** {@code cairn --data-dir DIR ARGS...} in a process of its own, beside the window's. */
    private static Run cairn(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--data-dir", core.dataDir().toString()));
        all.addAll(List.of(args));
        Process p = children.start(CairnProcess.builder(all).redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static int cli(String... args) throws Exception {
        Run run = cairn(args);
        if (run.exit() != 0) {
            System.out.println("cairn " + String.join(" ", args) + " -> " + run.exit() + ": " + run.out());
        }
        return run.exit();
    }

    private static void await(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static RowStatus status(LibraryViewModel library, Path file) {
        return library.find(file).map(r -> r.statusProperty().get()).orElse(null);
    }

    private static LibraryWatch.Activity activity(WatchedFoldersViewModel watched, Path folder) {
        return watched.find(folder).map(LibraryWatch.Folder::activity).orElse(null);
    }
}
