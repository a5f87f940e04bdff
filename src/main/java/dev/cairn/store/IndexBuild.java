package dev.cairn.store;

import dev.cairn.platform.Phrase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IndexTuner#apply}'s work: the vector index replaced with {@code CREATE INDEX
 * CONCURRENTLY} under a temporary name, on a connection of its own, then renamed into place.
 */
final class IndexBuild {

    /** Logged as the tuner's, as before this class was split from it. */
    private static final Logger LOG = LoggerFactory.getLogger(IndexTuner.class);

    private IndexBuild() {}

    static void replace(DataSource dataSource, VectorIndex target) {
        replace(dataSource, target, new Handle());
    }

    /**
     * {@link #replace(DataSource, VectorIndex)} that {@code handle} can stop: once it is cancelled the
     * statement running stops and no further one starts. A cancelled build leaves its INVALID index
     * under {@link VectorIndex#BUILD_NAME} for the next build to drop: dropping it concurrently now
     * would wait for every transaction on the chunks, and the caller is closing.
     */
    static void replace(DataSource dataSource, VectorIndex target, Handle handle) {
        if (target instanceof VectorIndex.IvfFlat) {
            long rows = Jdbc.withConnection(dataSource, "count the vectors", IndexBuild::vectorCount);
            if (rows < IndexTuner.IVFFLAT_MIN_ROWS) {
                throw new IllegalArgumentException(Phrase.of("tuner.ivfFlatTooFew", IndexTuner.IVFFLAT_MIN_ROWS, rows));
            }
        }
        Jdbc.withConnection(dataSource, "build the vector index " + target, c -> {
            try (Statement st = c.createStatement()) {
                stopWhenTheClientIsGone(handle, st);
                // CONCURRENTLY cannot run inside a transaction: this connection stays in auto-commit.
                handle.execute(st, "DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.BUILD_NAME);
                if (!isValid(c, VectorIndex.NAME)) {
                    LOG.info("Dropping the INVALID vector index left by a failed build");
                    handle.execute(st, "DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.NAME);
                }
                String create = VectorIndex.createStatement(target, VectorIndex.BUILD_NAME, true);
                if (target instanceof VectorIndex.Hnsw hnsw) {
                    // The server's default (at most 1 GB) holds the graph of a few hundred thousand
                    // chunks; beyond that pgvector falls back to a build many times slower. This
                    // session asks for what the graph needs, bounded by the memory free now.
                    long mb = IndexTuner.buildMemoryMb(vectorCount(c), 4 * 384, hnsw.m(), IndexTuner.memAvailableMb());
                    if (mb > currentMaintenanceMb(c)) {
                        handle.execute(st, "SET maintenance_work_mem = '" + mb + "MB'");
                    }
                }
                if (create == null) {
                    handle.execute(st, "DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.NAME);
                } else {
                    long t0 = System.nanoTime();
                    try {
                        handle.execute(st, create);
                    } catch (SQLException e) {
                        if (!handle.cancelled()) {
                            try {
                                handle.execute(st, "DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.BUILD_NAME);
                            } catch (SQLException suppressed) {
                                e.addSuppressed(suppressed);
                            }
                        }
                        throw e;
                    }
                    handle.execute(st, "DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.NAME);
                    // Not cancelled between the two: a library left with no index under its name would
                    // search by exact scan until the next build. The rename waits for no search.
                    st.execute("ALTER INDEX " + VectorIndex.BUILD_NAME + " RENAME TO " + VectorIndex.NAME);
                    LOG.info("Vector index {} built in {} ms", target, (System.nanoTime() - t0) / 1_000_000);
                }
                st.execute("RESET maintenance_work_mem");
            }
            return null;
        });
    }

    /**
     * Has the server stop this session's build within seconds of its client going away (a process
     * killed mid-build): otherwise it would build on, for nobody, holding its lock on the chunks.
     * Linux servers only; elsewhere the build ends when the server next writes to the client.
     */
    private static void stopWhenTheClientIsGone(Handle handle, Statement st) throws SQLException {
        try {
            handle.execute(st, "SET client_connection_check_interval = '2s'");
        } catch (SQLException e) {
            if (handle.cancelled()) {
                throw e;
            }
            LOG.debug("This server cannot watch for a client that went away: {}", e.getMessage());
        }
    }

    /**
     * Stops a build: every statement it runs goes through {@link #execute}, so a cancel reaches the
     * one running and bars the next. A cancel that arrives as a statement is being sent can miss it;
     * the caller repeats {@link #cancel} until the build has ended.
     */
    static final class Handle {

        private final Object lock = new Object();
        private Statement running; // guarded by lock
        private boolean cancelled; // guarded by lock

        void execute(Statement st, String sql) throws SQLException {
            synchronized (lock) {
                if (cancelled) {
                    throw new SQLException("The vector index build was cancelled", "57014");
                }
                running = st;
            }
            try {
                st.execute(sql);
            } finally {
                synchronized (lock) {
                    running = null;
                }
            }
        }

        void cancel() {
            Statement st;
            synchronized (lock) {
                cancelled = true;
                st = running;
            }
            if (st != null) {
                try {
                    st.cancel();
                } catch (SQLException e) {
                    LOG.debug("Could not cancel the vector index build", e);
                }
            }
        }

        boolean cancelled() {
            synchronized (lock) {
                return cancelled;
            }
        }
    }

    /** The active model's stored vectors: what an index build covers (no sample searches, unlike {@link IndexTuner#stats()}). */
    static long vectorCount(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM chunks WHERE model_id ="
                        + " (SELECT model_id FROM models WHERE active) AND embedding IS NOT NULL")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long currentMaintenanceMb(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT setting::bigint * 1024 / 1048576 FROM pg_settings WHERE name = 'maintenance_work_mem'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** False only for an index that exists and is INVALID. */
    private static boolean isValid(Connection c, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        }
    }
}
