package dev.cairn.ui.library;

import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.FxBatcher;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.Words;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Library page's watched folders: the list every Cairn process of the library shares, what each
 * folder is doing, and adding, removing, pausing and resuming them. Changes the watch makes reach the
 * library's rows as they happen. Used on the FX thread, except where a method says otherwise.
 */
public final class WatchedFoldersViewModel {

    private final Optional<WatchGateway> gateway;
    private final TaskRunner tasks;
    private final LibraryViewModel library;
    private final Consumer<String> status;
    private final ObservableList<LibraryWatch.Folder> folders = FXCollections.observableArrayList();
    private final BooleanProperty watchingHere = new SimpleBooleanProperty();
    /** Whether the list was read once: until then the page says nothing about it. */
    private final BooleanProperty known = new SimpleBooleanProperty();

    private final FxBatcher<DocumentUpdate> updates;
    private final StringBinding summary;

    /**
     * @param gateway the core's watch, when connected
     * @param status  the window's status line
     */
    public WatchedFoldersViewModel(
            Optional<WatchGateway> gateway, TaskRunner tasks, LibraryViewModel library, Consumer<String> status) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.library = Objects.requireNonNull(library, "library");
        this.status = Objects.requireNonNull(status, "status");
        this.updates = new FxBatcher<>(library::applyAll);
        this.summary = Bindings.createStringBinding(this::describe, folders, watchingHere, known);
    }

    /** Starts keeping the watched folders current while the window is open; call once it shows. */
    public void start() {
        gateway.ifPresent(g -> tasks.job(Words.get("watch.starting"), progress -> {
                    g.start(events());
                    return null;
                })
                .start());
    }

    /** What the watch says, from any thread, carried onto the FX thread. */
    private WatchGateway.Events events() {
        return new WatchGateway.Events() {
            @Override
            public void folders(List<LibraryWatch.Folder> now, boolean here) {
                Platform.runLater(() -> {
                    update(now);
                    watchingHere.set(here);
                    known.set(true);
                });
            }

            @Override
            public void document(DocumentUpdate update) {
                updates.offer(update);
            }

            @Override
            public void removed(Path file) {
                Platform.runLater(() -> library.find(file).ifPresent(library::remove));
            }

            @Override
            public void changedElsewhere(Path folder) {
                Platform.runLater(() -> refresh(folder));
            }
        };
    }

    /** Replaces only the folders that changed, so a list that keeps its folders keeps its selection. */
    private void update(List<LibraryWatch.Folder> now) {
        boolean samePaths = now.size() == folders.size();
        for (int i = 0; samePaths && i < now.size(); i++) {
            samePaths = now.get(i).path().equals(folders.get(i).path());
        }
        if (!samePaths) {
            folders.setAll(now);
            return;
        }
        for (int i = 0; i < now.size(); i++) {
            if (!now.get(i).equals(folders.get(i))) {
                folders.set(i, now.get(i));
            }
        }
    }

    /** Reads the rows under a folder again: another Cairn process watches it and changed documents there. */
    private void refresh(Path folder) {
        gateway.ifPresent(
                g -> tasks.job(Words.get("watch.readingChanges", name(folder)), progress -> g.documentsUnder(folder))
                        .quiet()
                        .onSuccess(rows -> library.replaceUnder(folder, rows))
                        .start());
    }

    /**
     * Puts a folder on the watch list: its documents join the library and stay in step with it. A path
     * that is not a readable folder, or one already watched, is said on the status line instead.
     */
    public void add(Path chosen) {
        Path folder = chosen.toAbsolutePath().normalize();
        String problem = LibraryWatch.problemWith(folder);
        if (problem != null) {
            status.accept(Words.get("watch.cannot", Phrase.show(problem)));
            return;
        }
        Optional<LibraryWatch.Folder> around =
                folders.stream().filter(f -> folder.startsWith(f.path())).findFirst();
        if (around.isPresent()) {
            status.accept(
                    around.get().path().equals(folder)
                            ? Words.get("watch.already", folder)
                            : Words.get(
                                    "watch.alreadyPartOf", folder, around.get().path()));
            return;
        }
        if (gateway.isEmpty()) {
            status.accept(Words.get("watch.notConnected"));
            return;
        }
        WatchGateway g = gateway.get();
        tasks.job(Words.get("watch.watching", name(folder)), progress -> {
                    g.add(folder);
                    return null;
                })
                .onSuccess(done -> {
                    status.accept(Words.get("watch.watchingNow", folder));
                    g.lookAgain();
                })
                .start();
    }

    /** Takes a folder off the list; its documents stay in the library. */
    public void remove(LibraryWatch.Folder folder) {
        gateway.ifPresent(g -> tasks.job(Words.get("watch.noLonger", name(folder.path())), progress -> {
                    g.remove(folder.path());
                    return null;
                })
                .onSuccess(done -> {
                    status.accept(Words.get("watch.noLongerDone", folder.path()));
                    g.lookAgain();
                })
                .start());
    }

    /** Pauses a folder that is watched, resumes one that is paused (catching up on what changed meanwhile). */
    public void togglePause(LibraryWatch.Folder folder) {
        boolean pause = !folder.stored().paused();
        gateway.ifPresent(g -> tasks.job(
                        Words.get(pause ? "watch.pausing" : "watch.resuming", name(folder.path())), progress -> {
                            g.pause(folder.path(), pause);
                            return null;
                        })
                .onSuccess(done -> {
                    status.accept(
                            pause
                                    ? Words.get("watch.paused", folder.path())
                                    : Words.get("watch.resumed", folder.path()));
                    g.lookAgain();
                })
                .start());
    }

    /** A folder's own name, "/" for the root. */
    static String name(Path folder) {
        return folder.getFileName() == null
                ? folder.toString()
                : folder.getFileName().toString();
    }

    public Optional<LibraryWatch.Folder> find(Path folder) {
        Path key = folder.toAbsolutePath().normalize();
        return folders.stream().filter(f -> f.path().equals(key)).findFirst();
    }

    /** The watched folders, by path, with what each is doing. */
    public ObservableList<LibraryWatch.Folder> folders() {
        return folders;
    }

    public boolean connected() {
        return gateway.isPresent();
    }

    /** True while this window keeps the folders current (not another Cairn process). */
    public BooleanProperty watchingHereProperty() {
        return watchingHere;
    }

    /** One line on the list as a whole: who keeps it current. */
    public StringBinding summaryProperty() {
        return summary;
    }

    private String describe() {
        if (gateway.isEmpty()) {
            return Words.get("watch.summaryNotConnected");
        }
        if (!known.get()) {
            return "";
        }
        if (folders.isEmpty()) {
            return Words.get("watch.summaryNone");
        }
        String count = Words.get("watch.folders", folders.size());
        boolean allPaused = folders.stream().allMatch(f -> f.stored().paused());
        if (allPaused) {
            return count + Words.get("watch.allPaused");
        }
        return count + (watchingHere.get() ? Words.get("watch.keptByWindow") : Words.get("watch.keptByCli"));
    }
}
