package dev.cairn.store;

import dev.cairn.platform.Phrase;
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
            throw new DatabaseException(Phrase.of("db.badUrl", jdbcUrl), e);
        }
        if (user != null && !user.isBlank()) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        String where = Phrase.of("db.at", jdbcUrl);
        try (Connection c = ds.getConnection()) {
            int versionNum = Integer.parseInt(Sql.queryString(c, "SHOW server_version_num"));
            String version = Sql.queryString(c, "SHOW server_version");
            if (versionNum < MIN_VERSION_NUM) {
                throw new DatabaseException(Phrase.of("db.tooOld", where, version));
            }
            // Full text reads text in its Unicode compatibility form (normalize(), V16), which the server
            // can do only in a UTF8 database; the bundled one always is.
            String encoding = Sql.queryString(c, "SHOW server_encoding");
            if (!"UTF8".equalsIgnoreCase(encoding)) {
                throw new DatabaseException(Phrase.of("db.notUtf8", where, encoding));
            }
            String vector = Sql.ensureVector(c, where);
            return new Running(ds, Duration.ofNanos(System.nanoTime() - t0), version, vector, false);
        } catch (SQLException e) {
            throw new DatabaseException(Phrase.of("db.unreachable", where, e.getMessage()), e);
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
