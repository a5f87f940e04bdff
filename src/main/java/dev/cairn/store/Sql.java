package dev.cairn.store;

import dev.cairn.platform.Phrase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The few statements every backend runs when it starts. */
final class Sql {

    private static final Logger LOG = LoggerFactory.getLogger(Sql.class);

    static final String VECTOR = "vector";

    private Sql() {}

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Creates the pgvector extension in the connected database, or says exactly what is missing.
     *
     * @param where how to name the server in messages, e.g. "the PostgreSQL at jdbc:..."
     * @return the installed pgvector version
     */
    static String ensureVector(Connection c, String where) throws SQLException {
        String installed = queryString(c, "SELECT extversion FROM pg_extension WHERE extname = 'vector'");
        if (installed != null) {
            return installed;
        }
        if (queryString(c, "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'") == null) {
            String major = queryString(c, "SELECT current_setting('server_version_num')::int / 10000");
            throw new DatabaseException(Phrase.of("db.noVector", where, major));
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new DatabaseException(
                        Phrase.of("db.mayNotCreateVector", where, queryString(c, "SELECT current_database()")), e);
            }
            throw e;
        }
        return queryString(c, "SELECT extversion FROM pg_extension WHERE extname = 'vector'");
    }

    /** Updates pgvector to the version the server's files provide; returns the installed version. */
    static String updateVector(Connection c) throws SQLException {
        String installed = queryString(c, "SELECT extversion FROM pg_extension WHERE extname = 'vector'");
        String available = queryString(c, "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'");
        if (available != null && !available.equals(installed)) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER EXTENSION vector UPDATE");
                return available;
            } catch (SQLException e) {
                // The old version keeps working; a failed update must not keep the database closed.
                LOG.warn("Could not update pgvector from {} to {}: {}", installed, available, e.getMessage());
            }
        }
        return installed;
    }
}
