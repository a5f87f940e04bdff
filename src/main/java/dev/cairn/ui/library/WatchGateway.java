package dev.cairn.ui.library;

import dev.cairn.ingest.watch.LibraryWatch;
import java.nio.file.Path;
import java.util.List;

/**
 * The seam between the window and the library's watched folders. The core's adapter implements it;
 * without one the window says that folders cannot be watched yet. Every method but {@link #lookAgain}
 * may block (the database): call them from a {@link dev.cairn.ui.kit.TaskRunner} job.
 */
public interface WatchGateway {

    /** Starts keeping the watched folders current while the window is open; {@code events} hear from any thread. */
    void start(Events events) throws Exception;

    /** Puts a folder on the list (the same list {@code cairn watch list} shows). */
    void add(Path folder) throws Exception;

    /** Takes a folder off the list; its documents stay in the library. False when it was not on it. */
    boolean remove(Path folder) throws Exception;

    /** Pauses or resumes the watch on a folder; a resumed one is caught up first. */
    void pause(Path folder, boolean paused) throws Exception;

    /** The documents the library holds under {@code folder}, for rows another process changed. */
    List<DocumentUpdate> documentsUnder(Path folder) throws Exception;

    /** Has the list looked at again soon, after this window changed it; never blocks. */
    void lookAgain();

    /** What the watch tells the window. */
    interface Events {
        /** The folders and what each is doing. */
        void folders(List<LibraryWatch.Folder> folders, boolean watchingHere);

        /** A document under a watched folder was indexed, changed or failed. */
        void document(DocumentUpdate update);

        /** A document was removed because its file is gone. */
        void removed(Path file);

        /** Another Cairn process changed documents under {@code folder}. */
        void changedElsewhere(Path folder);
    }
}
