package dev.cairn.store;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a failure of the database itself (server gone, connection refused, disk full) from a
 * failure of one document: the first stops a whole batch with one message, the second fails that
 * document alone. Decided by PostgreSQL's SQLSTATE where there is one.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /**
     * What happened, in words a person can act on, when {@code failure} means the database cannot
     * be used at all; empty when it is about one document (or not about the database).
     */
    public static Optional<String> reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                String detail = sql.getMessage() == null ? state : sql.getMessage().lines().findFirst().orElse(state);
                if (state.equals("53100")) {
                    return Optional.of("the disk holding the library's database is full (" + detail + ")");
                }
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("58030")) {
                    return Optional.of("the library's database stopped answering (" + detail + ")");
                }
            }
        }
        return Optional.empty();
    }
}
