package dev.cairn.store;

import dev.cairn.platform.Phrase;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a failure of the database itself (server gone, connection refused, disk full) from a
 * failure of one document: the first stops a whole batch with one message, the second fails that
 * document alone. Decided by PostgreSQL's SQLSTATE where there is one.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {}

    /**
     * What happened, in words a person can act on, when {@code failure} means the database cannot
     * be used at all; empty when it is about one document (or not about the database).
     */
    public static Optional<String> reason(Throwable failure) {
        return reason(failure, null);
    }

    /**
     * As {@link #reason(Throwable)}; when the database keeps its files in {@code storage} and that
     * disk is (nearly) full, says so: PostgreSQL that cannot write its log stops answering rather
     * than reporting a full disk to its clients.
     */
    public static Optional<String> reason(Throwable failure, java.nio.file.Path storage) {
        Optional<String> why = classify(failure);
        if (why.isPresent() && storage != null) {
            try {
                long free = java.nio.file.Files.getFileStore(storage).getUsableSpace();
                if (free < NEARLY_FULL_BYTES) {
                    return Optional.of(Phrase.of("db.diskFullAt", storage, humanBytes(free)));
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the disk cannot even be asked: keep the database's own reason
            }
        }
        return why;
    }

    /** Below this much free space a database that stopped answering is taken to have run out of disk. */
    static final long NEARLY_FULL_BYTES = 32L << 20;

    private static String humanBytes(long bytes) {
        return bytes < (1 << 20) ? (bytes >> 10) + " KB" : (bytes >> 20) + " MB";
    }

    private static Optional<String> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                String detail = sql.getMessage() == null
                        ? state
                        : sql.getMessage().lines().findFirst().orElse(state);
                if (state.equals("53100")) {
                    return Optional.of(Phrase.of("db.diskFull", detail));
                }
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("58030")) {
                    return Optional.of(Phrase.of("db.stoppedAnswering", detail));
                }
            }
        }
        return Optional.empty();
    }
}
