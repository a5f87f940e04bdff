package dev.cairn.store;

import dev.cairn.platform.AppDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One real bundled PostgreSQL with pgvector per test JVM, in a temporary directory, migrated to
 * the current schema. Tests that use it share one server, so they hold
 * {@code @ResourceLock(TestDatabase.LOCK)} and call {@link #reset()} before each test.
 */
public final class TestDatabase {

    /** The JUnit resource lock of the shared server. */
    public static final String LOCK = "embeddedPostgres";

    private static Database database;
    private static DataSource dataSource;

    private TestDatabase() {}

    /** The shared server's data source, started and migrated on first use. */
    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            Path dir = createTempDir();
            database = Database.bundled(AppDirs.resolve(dir));
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                database.close();
                                deleteRecursively(dir);
                            },
                            "test-database-shutdown"));
            dataSource = database.dataSource();
            Schema.migrate(dataSource);
        }
        return dataSource;
    }

    /** Empties every table and gives the vector column its initial dimension back. */
    public static void reset() {
        try (Connection c = dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE documents, chunks, embedding_cache, models, text_configs RESTART IDENTITY CASCADE");
            if (ModelRegistry.columnDimension(c) != Schema.INITIAL_DIMENSION) {
                st.execute("ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(" + Schema.INITIAL_DIMENSION + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not reset the test database", e);
        }
    }

    /** {@link #reset()}, then MiniLM as the active model: where most store tests start. */
    public static void resetWithMiniLmActive() {
        reset();
        new ModelRegistry(dataSource()).activate(Fixtures.MINILM, Fixtures.DIM);
    }

    static Path createTempDir() {
        try {
            return Files.createTempDirectory("cairn-test-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit: a leftover temp dir is harmless.
        }
    }

    /**
     * Makes {@code ds}'s server refuse every new conversation thread with the error a full disk gives:
     * a real refusal from PostgreSQL, for the tests of an answer that cannot be kept.
     */
    public static void refuseNewThreads(DataSource ds) throws java.sql.SQLException {
        try (java.sql.Connection c = ds.getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION refuse_threads() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$");
            st.execute("CREATE TRIGGER refuse BEFORE INSERT ON threads FOR EACH ROW EXECUTE FUNCTION refuse_threads()");
        }
    }

    /** The first column of the one row {@code sql} returns, as a long: a figure the server keeps. */
    public static long longOf(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource().getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
