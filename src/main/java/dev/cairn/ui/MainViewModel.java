package dev.cairn.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/** The window's state: which page shows, the drop highlight, the status line, and the child view models. */
public final class MainViewModel {

    private final UiServices services;
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(Page.LIBRARY);
    private final BooleanProperty dropActive = new SimpleBooleanProperty();
    private final StringProperty statusMessage = new SimpleStringProperty("Ready");
    private final LibraryViewModel library = new LibraryViewModel();
    private final AskViewModel ask;
    private final SettingsViewModel settings;
    private final StatusBarViewModel statusBar;
    private final BenchmarksViewModel benchmarks;
    private final SourceViewerViewModel source;
    /** Pipeline reports reach the library in batches, so a big ingest cannot flood the FX thread. */
    private final FxBatcher<DocumentUpdate> libraryUpdates = new FxBatcher<>(updates -> updates.forEach(library::apply));

    public MainViewModel(UiServices services) {
        this.services = services;
        this.ask = new AskViewModel(services.ask(), services.tasks());
        this.settings = new SettingsViewModel(services.dirs());
        this.statusBar = new StatusBarViewModel(services.memory());
        this.benchmarks = new BenchmarksViewModel(services.tasks());
        this.source = new SourceViewerViewModel(services.tasks(), services.desktop());
        ask.setOnOpenCitation(item -> {
            source.open(item);
            page.set(Page.SOURCE);
        });
        source.setOnBack(() -> page.set(Page.ASK));
        settings.loadProblemProperty().addListener((obs, old, problem) -> showProblem(problem));
        showProblem(settings.loadProblemProperty().get());
        services.tasks().setOnFailure((task, error) -> statusMessage.set(
                task.getTitle() + " failed: " + (error == null || error.getMessage() == null ? "see the log" : error.getMessage())));
    }

    /** Fills the library from the index, when one is connected; call once the window shows. */
    public void start() {
        services.ingestion().ifPresent(gateway -> {
            Task<List<DocumentUpdate>> load = new Task<>() {
                @Override
                protected List<DocumentUpdate> call() throws Exception {
                    updateTitle("Loading the library");
                    return gateway.documents();
                }
            };
            load.setOnSucceeded(e -> load.getValue().forEach(library::apply));
            services.tasks().run(load);
        });
    }

    /**
     * Adds files and folders to the library. Folders are walked on a background job; new documents
     * appear as "queued" and go to the ingestion pipeline when one is connected.
     */
    public Task<List<PathScanner.ScannedFile>> addPaths(List<Path> paths) {
        page.set(Page.LIBRARY);
        Task<List<PathScanner.ScannedFile>> scan = new Task<>() {
            @Override
            protected List<PathScanner.ScannedFile> call() {
                updateTitle("Adding " + paths.size() + (paths.size() == 1 ? " item" : " items"));
                updateMessage("Looking for files…");
                return PathScanner.scan(paths);
            }
        };
        scan.setOnSucceeded(e -> queue(library.addScanned(scan.getValue())));
        return services.tasks().run(scan);
    }

    /** Sends a document through the pipeline again. */
    public void reindex(DocumentRow row) {
        row.apply(DocumentUpdate.of(row.path(), DocumentStatus.QUEUED));
        queue(List.of(row));
    }

    /** Takes the document out of the library (and the index, when connected); the file stays on disk. */
    public void remove(DocumentRow row) {
        library.remove(row);
        services.ingestion().ifPresent(gateway -> services.tasks().run(new Task<Void>() {
            @Override
            protected Void call() throws Exception {
                updateTitle("Removing " + row.name());
                gateway.remove(row.path());
                return null;
            }
        }));
        statusMessage.set("Removed " + row.name() + " from the library");
    }

    private void queue(List<DocumentRow> rows) {
        List<Path> files = rows.stream()
                .filter(r -> r.status() == DocumentStatus.QUEUED)
                .map(DocumentRow::path)
                .toList();
        long failed = rows.stream().filter(r -> r.status() == DocumentStatus.FAILED).count();
        String failedNote = failed == 0 ? "" : " · " + failed + " can't be read";
        if (files.isEmpty()) {
            statusMessage.set(rows.isEmpty() ? "Nothing new to add" : "Nothing to index" + failedNote);
            return;
        }
        String count = files.size() + (files.size() == 1 ? " file" : " files");
        services.ingestion().ifPresentOrElse(gateway -> {
            statusMessage.set("Indexing " + count + failedNote);
            Task<Void> ingest = ingestTask(gateway, files);
            ingest.setOnSucceeded(e -> statusMessage.set(outcome(files)));
            services.tasks().run(ingest);
        }, () -> statusMessage.set(count + " queued · indexing starts once the pipeline is connected" + failedNote));
    }

    /** "Indexed 3 of 4 files · 1 failed", counted from the rows (the pipeline's last word on each). */
    private String outcome(List<Path> files) {
        List<DocumentRow> rows = files.stream().map(library::find).flatMap(java.util.Optional::stream).toList();
        long indexed = rows.stream().filter(r -> r.status() == DocumentStatus.INDEXED).count();
        long failed = rows.stream().filter(r -> r.status() == DocumentStatus.FAILED).count();
        return "Indexed " + indexed + " of " + files.size() + (files.size() == 1 ? " file" : " files")
                + (failed == 0 ? "" : " · " + failed + " failed");
    }

    private Task<Void> ingestTask(IngestionGateway gateway, List<Path> files) {
        return new Task<>() {
            private int finished;

            @Override
            protected Void call() throws Exception {
                updateTitle("Indexing " + files.size() + (files.size() == 1 ? " file" : " files"));
                updateProgress(0, files.size());
                Consumer<DocumentUpdate> updates = update -> {
                    if (update.status().finished()) {
                        synchronized (this) {
                            updateProgress(++finished, files.size());
                        }
                    }
                    updateMessage(update.file().getFileName() + ": " + update.status().label());
                    libraryUpdates.offer(update);
                };
                gateway.ingest(files, updates);
                return null;
            }
        };
    }

    private void showProblem(String problem) {
        if (problem != null && !problem.isEmpty()) {
            statusMessage.set(problem);
        }
    }

    public UiServices services() {
        return services;
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public BooleanProperty dropActiveProperty() {
        return dropActive;
    }

    public StringProperty statusMessageProperty() {
        return statusMessage;
    }

    public LibraryViewModel library() {
        return library;
    }

    public AskViewModel ask() {
        return ask;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    public BenchmarksViewModel benchmarks() {
        return benchmarks;
    }

    public SourceViewerViewModel source() {
        return source;
    }

    public StatusBarViewModel statusBar() {
        return statusBar;
    }
}
