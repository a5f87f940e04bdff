package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Settings;
import dev.cairn.embed.ModelFolders;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ingest.parse.DocumentTypes;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.kit.ThemeManager;
import dev.cairn.ui.library.DocumentRow;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import dev.cairn.ui.settings.SettingsViewModel;
import dev.cairn.ui.status.MemoryGauge;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.DragEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class MainWindowTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path documents;

    private TestWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new TestWindow(stage, dataDir, Optional.empty());
    }

    @Test
    void theWindowOpensOnAnEmptyLibraryAndEveryPageCanBeReached(FxRobot robot) {
        assertThat(stage.isShowing()).isTrue();
        assertThat(stage.getIcons()).hasSize(CairnApp.ICON_SIZES.size());
        assertThat(robot.lookup(".library-view .empty-state")
                        .queryAs(Node.class)
                        .isVisible())
                .isTrue();
        assertThat(robot.lookup(".page-title").queryAs(Label.class).getText()).isEqualTo("Library");
        robot.interact(() -> Screenshots.save(stage.getScene(), "library-empty"));

        for (Page page : List.of(Page.ASK, Page.JOBS, Page.BENCHMARKS, Page.SETTINGS, Page.LIBRARY)) {
            robot.clickOn(page.title());
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(window.viewModel.pageProperty().get()).isEqualTo(page);
            assertThat(robot.lookup(".page-title").queryAs(Label.class).getText())
                    .isEqualTo(page.title());
            String viewClass = "." + page.name().toLowerCase(java.util.Locale.ROOT) + "-view";
            assertThat(robot.lookup(viewClass).queryAs(Node.class).isVisible())
                    .as(viewClass)
                    .isTrue();
        }
        assertThat(robot.lookup(".nav-button").queryAllAs(ToggleButton.class)).hasSize(5);
    }

    @Test
    void theTablesFirstRunWithMadeUpRowsLeavesNoTraceAndRealRowsShowAfterIt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> window.view.warmProperty().get());
        @SuppressWarnings("unchecked")
        TableView<DocumentRow> table = robot.lookup(".library-table").queryAs(TableView.class);
        LibraryViewModel library = window.viewModel.library();

        assertThat(table.getItems()).isSameAs(library.visibleRows()).isEmpty();
        assertThat(table.isVisible()).isFalse();
        assertThat(table.getOpacity()).isEqualTo(1.0);
        assertThat(table.isMouseTransparent()).isFalse();
        assertThat(robot.lookup(".library-view .empty-state")
                        .queryAs(Node.class)
                        .isVisible())
                .isTrue();

        Path notes = Files.writeString(documents.resolve("notes.md"), "# Notes\nCairns mark the path.");
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(notes)));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(table.isVisible()).isTrue();
        assertThat(table.getItems()).extracting(DocumentRow::name).containsExactly("notes.md");
        assertThat(robot.lookup(".library-table .table-row-cell").queryAllAs(TableRow.class))
                .filteredOn(r -> !r.isEmpty())
                .extracting(r -> ((DocumentRow) r.getItem()).name())
                .containsExactly("notes.md");
    }

    @Test
    void draggingFilesHighlightsTheDropZoneAndDroppingQueuesThem(FxRobot robot) throws Exception {
        Path notes = Files.writeString(documents.resolve("notes.md"), "# Notes\nCairns mark the path.");
        Path folder = Files.createDirectories(documents.resolve("papers"));
        Path paper = Files.writeString(folder.resolve("stones.txt"), "Stacked stones guide walkers.");
        Files.writeString(folder.resolve(".hidden"), "not a document");
        Path missing = documents.resolve("moved-away.pdf");

        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(notes)));
        assertThat(robot.lookup(".drop-overlay").queryAs(Node.class).isVisible())
                .isTrue();
        assertThat(robot.lookup(".drop-subtitle").queryAs(Label.class).getText())
                .as("the drop zone names what Cairn reads from the one list")
                .contains(Phrase.show(DocumentTypes.sentence()));
        robot.interact(() -> window.drag(DragEvent.DRAG_EXITED, List.of(notes)));
        assertThat(robot.lookup(".drop-overlay").queryAs(Node.class).isVisible())
                .isFalse();

        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(notes, folder, missing)));
        WaitForAsyncUtils.waitForFxEvents();

        LibraryViewModel library = window.viewModel.library();
        assertThat(library.rows())
                .extracting(DocumentRow::name)
                .containsExactly("notes.md", "stones.txt", "moved-away.pdf");
        assertThat(library.find(notes).orElseThrow().status()).isEqualTo(RowStatus.QUEUED);
        assertThat(library.find(paper).orElseThrow().status()).isEqualTo(RowStatus.QUEUED);
        assertThat(library.find(paper).orElseThrow().sizeProperty().get()).isEqualTo(Files.size(paper));
        assertThat(library.rows())
                .extracting(DocumentRow::type)
                .as("the type column's labels")
                .containsExactly("MD", "TXT", "PDF");
        DocumentRow gone = library.find(missing).orElseThrow();
        assertThat(gone.status()).isEqualTo(RowStatus.FAILED);
        assertThat(gone.reason()).contains("not found");
        assertThat(robot.lookup(".status-reason").queryAllAs(Label.class))
                .anySatisfy(l -> assertThat(l.isVisible() && l.getText().contains("not found"))
                        .isTrue());
        assertThat(robot.lookup(".drop-overlay").queryAs(Node.class).isVisible())
                .isFalse();
        assertThat(window.viewModel.statusMessageProperty().get())
                .contains("2 files queued")
                .contains("1 can't be read");

        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(notes)));
        assertThat(library.rows())
                .as("a file already in the library is not added twice")
                .hasSize(3);

        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(notes)));
        robot.interact(() -> Screenshots.save(stage.getScene(), "library-rows-drop-highlight"));
        robot.interact(() -> window.drag(DragEvent.DRAG_EXITED, List.of()));
        robot.interact(() -> Screenshots.save(stage.getScene(), "library-rows"));
    }

    @Test
    void theFilterNarrowsTheTableByNameTypeOrStatus(FxRobot robot) throws Exception {
        Path a = Files.writeString(documents.resolve("alpha.md"), "a");
        Path b = Files.writeString(documents.resolve("beta.txt"), "b");
        robot.interact(() -> window.viewModel.addPaths(List.of(a, b, documents.resolve("gone.pdf"))));
        @SuppressWarnings("unchecked")
        TableView<DocumentRow> table = robot.lookup(".library-table").queryAs(TableView.class);

        robot.clickOn(".filter-field").write("failed");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).extracting(DocumentRow::name).containsExactly("gone.pdf");

        robot.interact(() -> window.viewModel.library().filterProperty().set("md"));
        assertThat(table.getItems()).extracting(DocumentRow::name).containsExactly("alpha.md");
    }

    @Test
    void theMemoryGaugeShowsRealHeapNumbersAndTheThrottledState(FxRobot robot) {
        MemoryGauge gauge = robot.lookup(".memory-gauge").queryAs(MemoryGauge.class);
        long maxMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1024 * 1024);
        assertThat(gauge.text())
                .matches("Heap [\\d,]+ MB / [\\d,]+ MB( · RSS [\\d,]+ MB)?")
                .contains(String.format(java.util.Locale.ROOT, "/ %,d MB", maxMb));
        if (Files.isReadable(Path.of("/proc/self/statm"))) {
            assertThat(gauge.text()).contains("RSS");
        }
        assertThat(gauge.getStyleClass()).doesNotContain("throttled");
        assertThat(robot.lookup(".throttle-badge").queryAs(Label.class).isVisible())
                .isFalse();

        robot.interact(() -> window.viewModel.statusBar().throttledProperty().set(true));

        assertThat(gauge.getStyleClass()).contains("throttled");
        Label badge = robot.lookup(".throttle-badge").queryAs(Label.class);
        assertThat(badge.isVisible()).isTrue();
        assertThat(badge.getText()).isEqualTo("Throttled");
        robot.interact(
                () -> Screenshots.save(robot.lookup(".cairn-status-bar").queryAs(Node.class), "status-bar-throttled"));
    }

    @Test
    void theDarkThemeAppliesAndIsRemembered(FxRobot robot) throws Exception {
        Color light = background(robot.lookup(".page").queryAs(Region.class));

        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));

        assertThat(stage.getScene().getStylesheets()).contains(ThemeManager.DARK);
        Color dark = background(robot.lookup(".page").queryAs(Region.class));
        assertThat(dark.getBrightness()).isLessThan(0.2).isLessThan(light.getBrightness());
        assertThat(Settings.load(window.viewModel.settings().file()).theme()).isEqualTo(Settings.Theme.DARK);
        Path doc = Files.writeString(documents.resolve("dark-notes.md"), "x");
        robot.interact(() -> window.viewModel.addPaths(List.of(doc, documents.resolve("missing.pdf"))));
        robot.interact(() -> Screenshots.save(stage.getScene(), "dark-theme-library"));
        robot.clickOn("Settings");
        robot.interact(() -> Screenshots.save(stage.getScene(), "dark-theme-settings"));
    }

    @Test
    void theSettingsPageRefusesAnOverlapLongerThanTheChunkAndSavesAValidForm(FxRobot robot) throws Exception {
        robot.clickOn("Settings");
        robot.interact(() -> Screenshots.save(stage.getScene(), "settings"));
        SettingsViewModel settings = window.viewModel.settings();

        robot.interact(() -> settings.chunkOverlapProperty().set(400));
        robot.clickOn("Save");

        Label error = robot.lookup(".form-error").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).startsWith("Chunk overlap must be");
        robot.interact(() -> Screenshots.save(stage.getScene(), "settings-validation"));

        robot.interact(() -> settings.chunkOverlapProperty().set(64));
        robot.clickOn("Save");
        assertThat(error.isVisible()).isFalse();
        assertThat(Settings.load(settings.file()).chunkOverlap()).isEqualTo(64);
    }

    @Test
    void theSettingsPageAddsAModelFolderAndOffersItAsAChoice(FxRobot robot) throws Exception {
        Path export = ModelFolders.miniLm(documents.resolve("multilingual-mini"));
        Path broken = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, documents.resolve("broken"), null);
        robot.clickOn("Settings");
        SettingsViewModel settings = window.viewModel.settings();

        robot.interact(() -> settings.addModelFolder(broken));
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> !settings.addingModelProperty().get());
        Label problem = robot.lookup(".model-problem").queryAs(Label.class);
        assertThat(problem.isVisible()).isTrue();
        assertThat(problem.getText()).startsWith(broken + " has no cairn-model.json.");
        robot.interact(() -> Screenshots.save(stage.getScene(), "settings-model-refused"));

        robot.interact(() -> settings.addModelFolder(export));
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> !settings.addingModelProperty().get());
        robot.interact(() -> Screenshots.save(stage.getScene(), "settings-model-added"));

        assertThat(robot.lookup(".choice-box").queryAs(ChoiceBox.class).getValue())
                .isEqualTo(settings.models().getLast());
        assertThat(robot.lookup("multilingual-mini (added; en)").tryQuery()).isPresent();
        robot.clickOn("Save");
        assertThat(Settings.load(settings.file()).model().name()).isEqualTo("multilingual-mini");
    }

    private static Color background(Region region) {
        Background bg = region.getBackground();
        assertThat(bg).isNotNull();
        return (Color) bg.getFills().getFirst().getFill();
    }
}
