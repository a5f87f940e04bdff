package dev.cairn.ui;

import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.ask.AskViewModel;
import dev.cairn.ui.benchmarks.BenchmarksViewModel;
import dev.cairn.ui.jobs.JobsViewModel;
import dev.cairn.ui.kit.Words;
import dev.cairn.ui.library.Imports;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.WatchedFoldersViewModel;
import dev.cairn.ui.settings.SettingsViewModel;
import dev.cairn.ui.status.StatusBarViewModel;
import dev.cairn.ui.viewer.SourceViewerViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/**
 * The window's state: which page shows, the drop highlight and the status line; it builds the pages'
 * view models and wires the ways from one page to another.
 */
public final class MainViewModel {

    private final UiServices services;
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(Page.LIBRARY);
    private final BooleanProperty dropActive = new SimpleBooleanProperty();
    private final StringProperty statusMessage = new SimpleStringProperty(Words.get("main.ready"));
    private final LibraryViewModel library = new LibraryViewModel();
    private final Imports imports;
    private final WatchedFoldersViewModel watchedFolders;
    private final AskViewModel ask;
    private final SettingsViewModel settings;
    private final StatusBarViewModel statusBar;
    private final BenchmarksViewModel benchmarks;
    private final SourceViewerViewModel source;
    private final JobsViewModel jobs;

    public MainViewModel(UiServices services) {
        this.services = services;
        this.ask = new AskViewModel(services.ask(), services.tasks(), services.desktop());
        this.settings = new SettingsViewModel(services.dirs(), services.tasks());
        this.statusBar = new StatusBarViewModel(services.memory());
        this.benchmarks = new BenchmarksViewModel(services.tasks());
        this.source = new SourceViewerViewModel(
                services.tasks(),
                services.desktop(),
                () -> Tesseract.configured(settings.saved().tesseractPath()));
        this.jobs = new JobsViewModel(services.tasks(), Clock.systemDefaultZone());
        this.imports = new Imports(
                services.ingestion(),
                services.tasks(),
                library,
                jobs,
                statusMessage::set,
                () -> page.set(Page.LIBRARY));
        this.watchedFolders =
                new WatchedFoldersViewModel(services.watch(), services.tasks(), library, statusMessage::set);
        library.setOnAskAbout(documents -> {
            ask.askAbout(documents);
            page.set(Page.ASK);
        });
        ask.setOnOpenCitation(item -> {
            source.open(item);
            page.set(Page.SOURCE);
        });
        source.setOnBack(() -> page.set(Page.ASK));
        settings.loadProblemProperty().addListener((obs, old, problem) -> showProblem(problem));
        showProblem(settings.loadProblemProperty().get());
        services.tasks()
                .setOnFailure((task, error) -> statusMessage.set(Words.get(
                        "main.jobFailed",
                        task.getTitle(),
                        error == null || error.getMessage() == null
                                ? Words.get("common.seeTheLog")
                                : Phrase.show(error.getMessage()))));
    }

    /** Fills the library from the index and starts watching folders, when connected; call once the window shows. */
    public void start() {
        imports.start();
        watchedFolders.start();
    }

    /** Adds files and folders dropped on the window, picked in its menu or handed over by a later launch. */
    public Task<?> addPaths(List<Path> paths) {
        return imports.addPaths(paths);
    }

    private void showProblem(String problem) {
        if (problem != null && !problem.isEmpty()) {
            statusMessage.set(problem);
        }
    }

    public BooleanProperty dropActiveProperty() {
        return dropActive;
    }

    public StringProperty statusMessageProperty() {
        return statusMessage;
    }

    public UiServices services() {
        return services;
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public LibraryViewModel library() {
        return library;
    }

    /** The Library page's imports: adding, re-indexing and removing documents, and resuming an import. */
    public Imports imports() {
        return imports;
    }

    /** The Library page's watched folders. */
    public WatchedFoldersViewModel watchedFolders() {
        return watchedFolders;
    }

    public AskViewModel ask() {
        return ask;
    }

    public JobsViewModel jobs() {
        return jobs;
    }

    public BenchmarksViewModel benchmarks() {
        return benchmarks;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    public SourceViewerViewModel source() {
        return source;
    }

    public StatusBarViewModel statusBar() {
        return statusBar;
    }
}
