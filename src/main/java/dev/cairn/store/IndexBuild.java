package dev.cairn.store;

import dev.cairn.platform.Phrase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
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
        replace(dataSource, target, statement -> {});
    }

    /** @param running hears of the statement the build runs on, before it starts, so that it can be cancelled */
    static void replace(DataSource dataSource, VectorIndex target, Consumer<Statement> running) {
        if (target instanceof VectorIndex.IvfFlat) {
            long rows = Jdbc.withConnection(dataSource, "count the vectors", IndexBuild::vectorCount);
            if (rows < IndexTuner.IVFFLAT_MIN_ROWS) {
                throw new IllegalArgumentException(Phrase.of("tuner.ivfFlatTooFew", IndexTuner.IVFFLAT_MIN_ROWS, rows));
            }
        }
        Jdbc.withConnection(dataSource, "build the vector index " + target, c -> {
            try (Statement st = c.createStatement()) {
                running.accept(st);
                // CONCURRENTLY cannot run inside a transaction: this connection stays in auto-commit.
                st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.BUILD_NAME);
                if (!isValid(c, VectorIndex.NAME)) {
                    LOG.info("Dropping the INVALID vector index left by a failed build");
                    st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.NAME);
                }
                String create = VectorIndex.createStatement(target, VectorIndex.BUILD_NAME, true);
                if (target instanceof VectorIndex.Hnsw hnsw) {
                    // The server's default (at most 1 GB) holds the graph of a few hundred thousand
                    // chunks; beyond that pgvector falls back to a build many times slower. This
                    // session asks for what the graph needs, bounded by the memory free now.
                    long mb = IndexTuner.buildMemoryMb(vectorCount(c), 4 * 384, hnsw.m(), IndexTuner.memAvailableMb());
                    if (mb > currentMaintenanceMb(c)) {
                        st.execute("SET maintenance_work_mem = '" + mb + "MB'");
                    }
                }
                if (create == null) {
                    st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.NAME);
                } else {
                    long t0 = System.nanoTime();
                    try {
                        st.execute(create);
                    } catch (SQLException e) {
                        try (Statement cleanup = c.createStatement()) {
                            cleanup.execute("DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.BUILD_NAME);
                        } catch (SQLException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                        throw e;
                    }
                    st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.NAME);
                    st.execute("ALTER INDEX " + VectorIndex.BUILD_NAME + " RENAME TO " + VectorIndex.NAME);
                    LOG.info("Vector index {} built in {} ms", target, (System.nanoTime() - t0) / 1_000_000);
                }
                st.execute("RESET maintenance_work_mem");
            }
            return null;
        });
    }

    /** The active model's stored vectors: what an index build covers (no sample searches, unlike {@link IndexTuner#stats()}). */
    private static long vectorCount(Connection c) throws SQLException {
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
