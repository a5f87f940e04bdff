package dev.cairn.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one seam between the desktop app and the ingestion pipeline. The pipeline's adapter (in this
 * package, since only the UI may see both sides) implements it; until then the app has none and the
 * library honestly shows added files as "queued".
 *
 * <p>Methods are called on a background thread from a {@link javafx.concurrent.Task} run by
 * {@link TaskRunner}, so they may block; cancelling the job interrupts the thread.
 */
public interface IngestionGateway {

    /** The documents already in the library, for the table at start-up. */
    List<DocumentUpdate> documents() throws Exception;

    /**
     * Parses, chunks, embeds and stores the files, reporting each step through {@code updates}
     * (from any thread). A file that fails is reported as FAILED with its reason and the rest go on.
     */
    void ingest(List<Path> files, Consumer<DocumentUpdate> updates) throws Exception;

    /** Removes the document and its chunks from the library (the file on disk is left alone). */
    void remove(Path file) throws Exception;
}
