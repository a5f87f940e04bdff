package dev.cairn.ingest.watch;

import dev.cairn.ingest.IngestProgress;
import dev.cairn.ingest.IngestResult;
import java.nio.file.Path;

/**
 * One folder of a {@link LibraryWatch}: its {@link FolderWatcher} and what it is doing. The listener
 * methods run on the watcher's run thread; the fields are read by the watch on its scheduler's thread.
 */
final class WatchedFolderRun implements FolderWatcher.Listener {

    final Path path;
    private final LibraryWatch.Listener listener;
    private final Runnable changed;
    FolderWatcher watcher;
    volatile boolean scanning;
    volatile int files;
    volatile int total;
    volatile String failure;
    /** Gone or unreadable: its events ended; the watch starts a new one when the folder is back. */
    volatile boolean dead;

    /** @param changed told whenever what the folder is doing changed */
    WatchedFolderRun(Path path, LibraryWatch.Listener listener, Runnable changed) {
        this.path = path;
        this.listener = listener;
        this.changed = changed;
    }

    @Override
    public void running(boolean reconcile) {
        scanning = true;
        files = 0;
        total = 0;
        changed.run();
    }

    @Override
    public void progress(IngestProgress progress) {
        total = progress.filesTotal();
        files = progress.filesDone();
        changed.run();
    }

    @Override
    public void result(IngestResult result) {
        listener.result(result);
    }

    @Override
    public void part(Path file, String partOf, IngestResult result) {
        listener.part(file, partOf, result);
    }

    @Override
    public void removed(Path removed) {
        listener.removed(removed);
    }

    @Override
    public void ran(FolderWatcher.Run run) {
        scanning = false;
        if (run.reconcile()) {
            failure = null;
        }
        listener.ran(run);
        changed.run();
    }

    @Override
    public void failed(String message) {
        scanning = false;
        String problem = LibraryWatch.problemWith(path);
        dead = problem != null;
        failure = dead ? LibraryWatch.unwatchable(problem) : message;
        changed.run();
    }

    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
