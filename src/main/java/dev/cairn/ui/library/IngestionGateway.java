package dev.cairn.ui.library;

import dev.cairn.platform.Phrase;
import dev.cairn.ui.jobs.PathOutcome;
import dev.cairn.ui.kit.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /**
     * As {@link #ingest(List, Consumer)}, and tells {@code outcomes} (from any thread) how each file
     * ended, for the Jobs page. A pipeline that can say more than the library's row (a file skipped as
     * unchanged, an entry not followed) overrides this; by default a file's last update says it.
     */
    default void ingest(List<Path> files, Consumer<DocumentUpdate> updates, Consumer<PathOutcome> outcomes)
            throws Exception {
        ingest(files, update -> {
            updates.accept(update);
            outcome(update).ifPresent(outcomes);
        });
    }

    /** The outcome a pipeline's last word on a file implies, when it is one (indexed or failed). */
    private static Optional<PathOutcome> outcome(DocumentUpdate update) {
        return switch (update.status()) {
            case INDEXED -> Optional.of(new PathOutcome(update.file(), PathOutcome.Kind.INDEXED, ""));
            case FAILED ->
                Optional.of(new PathOutcome(update.file(), PathOutcome.Kind.FAILED, Phrase.show(update.reason())));
            default -> Optional.empty();
        };
    }

    /**
     * Starts remembering an import of {@code files} until it finishes, so that one cut short by
     * quitting or a crash can be offered again at the next start.
     */
    default ImportRecord record(List<Path> files) {
        return ImportRecord.NONE;
    }

    /** One import's record: files are marked done as they finish; {@link #finish} forgets it. */
    interface ImportRecord extends AutoCloseable {
        ImportRecord NONE = new ImportRecord() {
            @Override
            public void done(Path file) {}

            @Override
            public void finish() {}

            @Override
            public void close() {}
        };

        void done(Path file);

        /** The import ended (or the person cancelled it): nothing to offer again. */
        void finish();

        /** Stops recording but keeps the record, for the offer at the next start. */
        @Override
        void close();
    }

    /**
     * Imports that a quit or a crash cut short: their files, and how many were not done. Read from
     * the data directory without starting the database.
     */
    default Unfinished unfinished() throws Exception {
        return new Unfinished(List.of(), 0);
    }

    /** Forgets the unfinished imports: the person dismissed the offer, or a resume took them over. */
    default void forgetUnfinished() throws Exception {}

    /** What an interrupted import left: all its files (done ones are skipped by hash on resume) and the count not done. */
    record Unfinished(List<Path> files, int notDone) {
        public Unfinished {
            files = List.copyOf(files);
        }
    }

    /** Removes the document and its chunks from the library (the file on disk is left alone). */
    void remove(Path file) throws Exception;
}
