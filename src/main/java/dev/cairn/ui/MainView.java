package dev.cairn.ui;

import dev.cairn.app.Settings;
import dev.cairn.ingest.parse.DocumentTypes;
import dev.cairn.ui.ask.AskView;
import dev.cairn.ui.benchmarks.BenchmarksView;
import dev.cairn.ui.jobs.JobsView;
import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.Words;
import dev.cairn.ui.library.LibraryView;
import dev.cairn.ui.library.WatchedFoldersView;
import dev.cairn.ui.settings.SettingsView;
import dev.cairn.ui.status.StatusBarView;
import dev.cairn.ui.viewer.SourceViewerView;
import java.io.File;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/** The window: navigation on the left, the current page, the drop overlay, the status bar. */
public final class MainView extends StackPane {

    private final MainViewModel viewModel;
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    private final BooleanProperty warm = new SimpleBooleanProperty();

    @FXML
    private BorderPane frame;

    @FXML
    private ToggleGroup navigation;

    @FXML
    private ToggleButton navLibrary;

    @FXML
    private ToggleButton navAsk;

    @FXML
    private ToggleButton navJobs;

    @FXML
    private ToggleButton navBenchmarks;

    @FXML
    private ToggleButton navSettings;

    @FXML
    private Label jobsBadge;

    @FXML
    private Label pageTitle;

    @FXML
    private Label pageSubtitle;

    @FXML
    private StackPane content;

    @FXML
    private VBox dropOverlay;

    @FXML
    private Label dropSubtitle;

    @FXML
    private CheckMenuItem darkTheme;

    @FXML
    private HBox resumeBanner;

    @FXML
    private Label resumeText;

    @FXML
    private Button resumeButton;

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        Fxml.loadInto(this);
        frame.setBottom(new StatusBarView(viewModel.statusBar(), viewModel.statusMessageProperty()));
        bindNavigation();
        DropZone.install(this, dropOverlay, dropSubtitle, viewModel);

        var theme = viewModel.settings().themeProperty();
        darkTheme.setSelected(theme.get() == Settings.Theme.DARK);
        darkTheme
                .selectedProperty()
                .addListener((obs, old, dark) -> theme.set(dark ? Settings.Theme.DARK : Settings.Theme.LIGHT));
        theme.addListener((obs, old, now) -> darkTheme.setSelected(now == Settings.Theme.DARK));

        var unfinished = viewModel.imports().unfinishedCountProperty();
        resumeBanner.visibleProperty().bind(unfinished.greaterThan(0));
        resumeBanner.managedProperty().bind(resumeBanner.visibleProperty());
        resumeButton
                .textProperty()
                .bind(Bindings.createStringBinding(() -> Words.get("main.resumeImport", unfinished.get()), unfinished));
        resumeText.textProperty().bind(viewModel.imports().unfinishedReasonProperty());

        var activeJobs = viewModel.services().tasks().activeCountProperty();
        jobsBadge.textProperty().bind(activeJobs.asString());
        jobsBadge.visibleProperty().bind(activeJobs.greaterThan(0));
    }

    /** True once the first run through the library table's code is done (after the window showed). */
    ReadOnlyBooleanProperty warmProperty() {
        return warm;
    }

    /** Once the window is up and idle, a first run through the library table (see LibraryView.warmUp). */
    void warmUpWhenShown(Stage stage) {
        if (stage.isShowing()) { // a window given a new scene (tests reuse one): it is up already
            Platform.runLater(this::warmUp);
            return;
        }
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, new EventHandler<>() {
            @Override
            public void handle(WindowEvent event) {
                stage.removeEventHandler(WindowEvent.WINDOW_SHOWN, this);
                warmUp();
            }
        });
    }

    private void warmUp() {
        if (pages.get(Page.LIBRARY) instanceof LibraryView library) {
            library.warmUp(() -> warm.set(true));
        } else {
            warm.set(true);
        }
    }

    private void bindNavigation() {
        navLibrary.setUserData(Page.LIBRARY);
        navAsk.setUserData(Page.ASK);
        navJobs.setUserData(Page.JOBS);
        navBenchmarks.setUserData(Page.BENCHMARKS);
        navSettings.setUserData(Page.SETTINGS);
        navigation.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one page is always shown
            } else {
                viewModel.pageProperty().set((Page) now.getUserData());
            }
        });
        viewModel.pageProperty().addListener((obs, old, page) -> show(page));
        show(viewModel.pageProperty().get());
    }

    private void show(Page page) {
        for (Toggle t : navigation.getToggles()) {
            if (t.getUserData() == page && !t.isSelected()) {
                t.setSelected(true);
            }
        }
        pageTitle.setText(page.title());
        pageSubtitle.setText(page.subtitle());
        content.getChildren().setAll(pages.computeIfAbsent(page, this::createPage));
    }

    /** Pages are built on first visit, so start-up only pays for the library. */
    private Node createPage(Page page) {
        return switch (page) {
            case LIBRARY ->
                new LibraryView(
                        viewModel.library(),
                        viewModel.imports(),
                        viewModel.services().desktop(),
                        viewModel.statusBar().semanticIndexProperty(),
                        new WatchedFoldersView(viewModel.watchedFolders()));
            case ASK -> new AskView(viewModel.ask());
            case JOBS -> new JobsView(viewModel.jobs());
            case BENCHMARKS -> new BenchmarksView(viewModel.benchmarks());
            case SETTINGS ->
                new SettingsView(viewModel.settings(), viewModel.services().desktop());
            case SOURCE -> new SourceViewerView(viewModel.source());
        };
    }

    @FXML
    private void addFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Words.get("main.addFilesTitle"));
        chooser.getExtensionFilters()
                .addAll(
                        new FileChooser.ExtensionFilter(Words.get("main.documentsCairnReads"), DocumentTypes.globs()),
                        new FileChooser.ExtensionFilter(Words.get("main.allFiles"), "*"));
        List<File> files = chooser.showOpenMultipleDialog(getScene().getWindow());
        if (files != null && !files.isEmpty()) {
            viewModel.addPaths(DropZone.toPaths(files));
        }
    }

    @FXML
    private void addFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(Words.get("main.addFolderTitle"));
        File dir = chooser.showDialog(getScene().getWindow());
        if (dir != null) {
            viewModel.addPaths(List.of(dir.toPath()));
        }
    }

    @FXML
    private void watchFolder() {
        viewModel.pageProperty().set(Page.LIBRARY);
        WatchedFoldersView.chooseAndWatch(getScene().getWindow(), viewModel.watchedFolders());
    }

    @FXML
    private void resumeImport() {
        viewModel.imports().resumeUnfinished();
    }

    @FXML
    private void dismissImport() {
        viewModel.imports().dismissUnfinished();
    }

    @FXML
    private void quit() {
        Platform.exit();
    }

    @FXML
    private void goLibrary() {
        viewModel.pageProperty().set(Page.LIBRARY);
    }

    @FXML
    private void goAsk() {
        viewModel.pageProperty().set(Page.ASK);
    }

    /** A new thread on the Ask page, from anywhere in the window (Ctrl+N). */
    @FXML
    private void newThread() {
        viewModel.pageProperty().set(Page.ASK);
        viewModel.ask().newThread();
    }

    @FXML
    private void goJobs() {
        viewModel.pageProperty().set(Page.JOBS);
    }

    @FXML
    private void goBenchmarks() {
        viewModel.pageProperty().set(Page.BENCHMARKS);
    }

    @FXML
    private void goSettings() {
        viewModel.pageProperty().set(Page.SETTINGS);
    }

    HBox resumeBanner() {
        return resumeBanner;
    }

    Button resumeButton() {
        return resumeButton;
    }

    public MainViewModel viewModel() {
        return viewModel;
    }
}
