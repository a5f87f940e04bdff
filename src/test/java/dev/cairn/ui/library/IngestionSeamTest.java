package dev.cairn.ui.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the library does with whatever the pipeline reports through {@link IngestionGateway}. The
 * gateway here is a test double that replays the reports a pipeline sends (parsing, indexed with
 * counts, failed with a reason), so the test pins the UI side of the seam the real adapter plugs into.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class IngestionSeamTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path documents;

    private final List<List<Path>> ingested = new CopyOnWriteArrayList<>();
    private final List<Path> removed = new CopyOnWriteArrayList<>();
    private TestWindow window;
    private Path earlier;

    @Start
    void start(Stage stage) throws Exception {
        earlier = Files.writeString(documents.resolve("earlier.md"), "indexed last week");
        IngestionGateway gateway = new IngestionGateway() {
            @Override
            public List<DocumentUpdate> documents() {
                return List.of(new DocumentUpdate(earlier, RowStatus.INDEXED, 1, 4, ""));
            }

            @Override
            public void ingest(List<Path> files, Consumer<DocumentUpdate> updates) {
                ingested.add(files);
                for (Path f : files) {
                    updates.accept(DocumentUpdate.of(f, RowStatus.PARSING));
                    if (f.getFileName().toString().startsWith("broken")) {
                        updates.accept(
                                DocumentUpdate.failed(f, "The PDF is encrypted; remove the password and add it again"));
                    } else {
                        updates.accept(new DocumentUpdate(f, RowStatus.INDEXED, 2, 7, ""));
                    }
                }
            }

            @Override
            public void remove(Path file) {
                removed.add(file);
            }
        };
        window = new TestWindow(stage, dataDir, Optional.of(gateway), Optional.empty());
    }

    @Test
    void theLibraryStartsWithTheIndexedDocumentsAndShowsWhatThePipelineReports(FxRobot robot) throws Exception {
        LibraryViewModel library = window.viewModel.library();
        assertThat(library.find(earlier).orElseThrow().status()).isEqualTo(RowStatus.INDEXED);

        Path good = Files.writeString(documents.resolve("guide.md"), "stones");
        Path broken = Files.writeString(documents.resolve("broken.pdf"), "%PDF-1.7 encrypted");
        robot.interact(() -> window.viewModel.addPaths(List.of(good, broken)));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(ingested).containsExactly(List.of(good, broken));
        DocumentRow goodRow = library.find(good).orElseThrow();
        assertThat(goodRow.status()).isEqualTo(RowStatus.INDEXED);
        assertThat(goodRow.pagesProperty().get()).isEqualTo(2);
        assertThat(goodRow.chunksProperty().get()).isEqualTo(7);
        DocumentRow brokenRow = library.find(broken).orElseThrow();
        assertThat(brokenRow.status()).isEqualTo(RowStatus.FAILED);
        assertThat(brokenRow.reason()).contains("encrypted");
        assertThat(window.viewModel.statusMessageProperty().get()).isEqualTo("Indexed 1 of 2 files · 1 failed");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "library-indexed-and-failed"));
    }

    @Test
    void theContextMenuReindexesAndRemovesThroughTheGateway(FxRobot robot) {
        TableRow<?> row = robot.lookup(".table-row-cell")
                .match((TableRow<?> r) -> r.getItem() != null)
                .query();

        robot.rightClickOn(row).clickOn("Re-index");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ingested).containsExactly(List.of(earlier));

        robot.rightClickOn(row).clickOn("Show in folder");
        assertThat(window.opened).containsExactly(documents);

        robot.rightClickOn(row).clickOn("Remove from library");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(removed).containsExactly(earlier);
        assertThat(window.viewModel.library().rows()).isEmpty();
    }
}
