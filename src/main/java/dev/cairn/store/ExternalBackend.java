package dev.cairn.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/** A PostgreSQL 13+ with pgvector that someone else runs; Cairn only connects. */
record ExternalBackend(String jdbcUrl, String user, String password) implements Backend {

    private static final int MIN_VERSION_NUM = 130000;

    @Override
    public Running start() {
        long t0 = System.nanoTime();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new DatabaseException(
                    "--db-url " + jdbcUrl + " is not a PostgreSQL JDBC URL; expected "
                            + "jdbc:postgresql://HOST:PORT/DATABASE",
                    e);
        }
        if (user != null && !user.isBlank()) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        String where = "The PostgreSQL at " + jdbcUrl;
        try (Connection c = ds.getConnection()) {
            int versionNum = Integer.parseInt(Sql.queryString(c, "SHOW server_version_num"));
            String version = Sql.queryString(c, "SHOW server_version");
            if (versionNum < MIN_VERSION_NUM) {
                throw new DatabaseException(where + " is version " + version + "; Cairn needs PostgreSQL 13 or newer.");
            }
            String vector = Sql.ensureVector(c, where);
            return new Running(ds, Duration.ofNanos(System.nanoTime() - t0), version, vector, false);
        } catch (SQLException e) {
            throw new DatabaseException(
                    where + " could not be reached: " + e.getMessage()
                            + " (credentials come from CAIRN_DB_USER and CAIRN_DB_PASSWORD)",
                    e);
        }
    }

    @Override
    public void stop() {
        // Not ours to stop.
    }

    @Override
    public Path dataDir() {
        return null;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "ExternalBackend[" + jdbcUrl + ", user=" + user + "]";
    }
}
