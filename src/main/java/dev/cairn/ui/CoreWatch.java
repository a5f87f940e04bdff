package dev.cairn.ui;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.ui.library.DocumentUpdate;
import dev.cairn.ui.library.WatchGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The window's watched folders, served by the core's {@link LibraryWatch}, closed with the knowledge base. */
final class CoreWatch implements WatchGateway {

    private final Cairn cairn;
    private final LibraryWatch.Options options;
    private volatile LibraryWatch watch;

    CoreWatch(Cairn cairn, LibraryWatch.Options options) {
        this.cairn = cairn;
        this.options = options;
    }

    @Override
    public synchronized void start(Events events) {
        if (watch != null) {
            throw new IllegalStateException("the window's watch is already started");
        }
        watch = cairn.watch(options, new LibraryWatch.Listener() {
            @Override
            public void folders(List<LibraryWatch.Folder> folders) {
                events.folders(folders, watch.isWatchingHere()); // set before it starts
            }

            @Override
            public void result(IngestResult result) {
                // An unchanged file keeps its row: every reconcile skips all of them, a lookup each would be waste.
                if (!(result instanceof IngestResult.Skipped)) {
                    events.document(withSize(CoreGateways.update(cairn, result)));
                }
            }

            @Override
            public void part(Path file, String partOf, IngestResult result) {
                events.document(CoreGateways.partUpdate(cairn, partOf, result));
            }

            @Override
            public void removed(Path path) {
                events.removed(path);
            }

            @Override
            public void changedElsewhere(Path folder) {
                events.changedElsewhere(folder);
            }
        });
        watch.start();
    }

    /** The row's size from the file, which an import knows from its scan and a watch does not. */
    private static DocumentUpdate withSize(DocumentUpdate u) {
        try {
            return u.withSize(Files.size(u.file()));
        } catch (IOException gone) {
            return u;
        }
    }

    @Override
    public void add(Path folder) {
        cairn.watchedFolders().add(folder);
    }

    @Override
    public boolean remove(Path folder) {
        return cairn.watchedFolders().remove(folder);
    }

    @Override
    public void pause(Path folder, boolean paused) {
        cairn.watchedFolders().pause(folder, paused);
    }

    @Override
    public List<DocumentUpdate> documentsUnder(Path folder) {
        return CoreGateways.rows(cairn.store(), d -> Path.of(d.path()).startsWith(folder));
    }

    @Override
    public void lookAgain() {
        LibraryWatch w = watch;
        if (w != null) {
            w.lookAgain();
        }
    }
}
