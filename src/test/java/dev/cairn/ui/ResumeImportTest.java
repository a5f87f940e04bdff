package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.platform.AppDirs;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.DocumentRow;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javafx.collections.ListChangeListener;
import javafx.scene.input.DragEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An import cut short by quitting is offered again at the next start, and resuming it ends with the
 * library an uninterrupted import builds: the real window, the real pipeline, the bundled database.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class ResumeImportTest {

    private static final int FILES = 100;
    private static final String[] WORDS = {
        "cairn", "ridge", "glacier", "warden", "valley", "crevasse", "summit", "meadow", "scree", "col",
        "bivouac", "moraine", "tarn", "cornice", "gully", "saddle", "spur", "buttress", "couloir", "pass"
    };

    @TempDir
    static Path dataDir;

    @TempDir
    static Path referenceDir;

    @TempDir
    static Path documents;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void anImportCutShortByQuittingIsOfferedAgainAndResumingItFinishesTheLibrary(FxRobot robot) throws Exception {
        List<Path> files = writeNotes();

        // First session: the folder is dropped, and the app quits once a few files are in.
        AtomicReference<CoreWindow> first = new AtomicReference<>();
        robot.interact(() -> first.set(new CoreWindow(stage, dataDir)));
        LibraryViewModel firstLibrary = first.get().window.viewModel.library();
        CountDownLatch someDone = when(robot, firstLibrary, lib -> finished(lib) >= 10);
        robot.interact(() -> first.get().window.drag(DragEvent.DRAG_DROPPED, List.of(documents)));
        assertThat(someDone.await(300, TimeUnit.SECONDS))
                .as("ten files indexed in the first session")
                .isTrue();
        first.get().close(); // as quitting does: the jobs are interrupted and the database stops
        robot.interact(() -> {}); // let the FX thread see the window's last updates before it is replaced

        // Second session on the same data directory: the window offers the rest.
        AtomicReference<CoreWindow> second = new AtomicReference<>();
        CountDownLatch offered = new CountDownLatch(1);
        robot.interact(() -> {
            second.set(new CoreWindow(stage, dataDir));
            second.get().window.viewModel.imports().unfinishedCountProperty().addListener((obs, old, n) -> {
                if (n.intValue() > 0) {
                    offered.countDown();
                }
            });
        });
        try (CoreWindow again = second.get()) {
            TestWindow window = again.window;
            assertThat(offered.await(60, TimeUnit.SECONDS))
                    .as("an offer to resume")
                    .isTrue();
            int notDone = window.viewModel.imports().unfinishedCountProperty().get();
            assertThat(notDone).isBetween(1, FILES - 10);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(window.view.resumeBanner().isVisible()).isTrue();
            assertThat(window.view.resumeButton().getText()).isEqualTo("Resume import of " + notDone + " files");
            robot.interact(() -> {
                window.viewModel.pageProperty().set(Page.JOBS);
                window.viewModel.statusBar().refresh();
                Screenshots.save(window.view.getScene(), "jobs-resume-offer");
            });

            LibraryViewModel library = window.viewModel.library();
            CountDownLatch allDone = when(
                    robot,
                    library,
                    lib -> files.stream()
                            .allMatch(p ->
                                    lib.find(p).map(r -> r.status().finished()).orElse(false)));
            // Fired, not clicked: on a loaded machine a click was once lost, and the import never resumed.
            robot.interact(() -> window.view.resumeButton().fire());
            boolean finishedInTime = allDone.await(300, TimeUnit.SECONDS);
            assertThat(finishedInTime)
                    .as(() -> "every file finished after resuming; still open: " + unfinished(library, files)
                            + "; threads:" + cairnThreads())
                    .isTrue();
            WaitForAsyncUtils.waitForFxEvents();

            assertThat(window.view.resumeBanner().isVisible()).isFalse();
            assertThat(files)
                    .allSatisfy(p ->
                            assertThat(library.find(p).orElseThrow().status()).isEqualTo(RowStatus.INDEXED));
            robot.interact(() -> {
                window.viewModel.statusBar().refresh();
                Screenshots.save(window.view.getScene(), "library-after-resume");
            });
            // Nothing left to offer at the start after this one (the finished import forgot itself).
            assertThat(again.cairn.imports().unfinished().isEmpty()).isTrue();

            // The library is the one an uninterrupted import of the same folder builds.
            int resumed = totalChunks(again.cairn);
            assertThat(again.cairn.store().listDocuments()).hasSize(FILES);
            try (Cairn reference = Cairn.open(new AppDirs(referenceDir), null)) {
                reference
                        .pipeline(reference.ingestOptions())
                        .ingest(List.of(documents), false, new IngestControl(), IngestPipeline.Listener.NONE);
                assertThat(resumed)
                        .as("chunks after resuming vs. an uninterrupted import")
                        .isEqualTo(totalChunks(reference));
            }
        }
    }

    /** Notes of a few paragraphs each, different enough that every file costs real embedding work. */
    private static List<Path> writeNotes() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            StringBuilder text = new StringBuilder("# Route note ").append(i).append("\n\n");
            for (int para = 0; para < 3 + i % 4; para++) {
                for (int s = 0; s < 5; s++) {
                    text.append("The ")
                            .append(WORDS[(i + para + s) % WORDS.length])
                            .append(" above ")
                            .append(WORDS[(i * 7 + s) % WORDS.length])
                            .append(" is reached in ")
                            .append(1 + (i * 13 + para * 5 + s) % 9)
                            .append(" hours from hut ")
                            .append(i % 17)
                            .append(". ");
                }
                text.append("\n\n");
            }
            files.add(Files.writeString(documents.resolve("route-" + i + ".md"), text));
        }
        return files;
    }

    /** The files not finished yet, with their rows' states, for a failure message. */
    private static String unfinished(LibraryViewModel library, List<Path> files) {
        return files.stream()
                .filter(p -> !library.find(p).map(r -> r.status().finished()).orElse(false))
                .map(p -> p.getFileName() + "="
                        + library.find(p).map(r -> r.status().name()).orElse("no row"))
                .toList()
                .toString();
    }

    /** Where Cairn's own threads stand, for a failure message: a hang shows what waits on what. */
    private static String cairnThreads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("cairn")) {
                out.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(12, stack.length); i++) {
                    out.append("\n    at ").append(stack[i]);
                }
            }
        });
        return out.toString();
    }

    private static long finished(LibraryViewModel library) {
        return library.rows().stream().filter(r -> r.status().finished()).count();
    }

    /** A latch that opens once {@code condition} holds for the library, checked on each change of its rows. */
    private static CountDownLatch when(FxRobot robot, LibraryViewModel library, Predicate<LibraryViewModel> condition) {
        CountDownLatch latch = new CountDownLatch(1);
        robot.interact(() -> library.rows().addListener((ListChangeListener<DocumentRow>) c -> {
            if (latch.getCount() > 0 && condition.test(library)) {
                latch.countDown();
            }
        }));
        return latch;
    }

    private static int totalChunks(Cairn cairn) {
        return cairn.store().chunkCounts().values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }
}
