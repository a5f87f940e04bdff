package dev.cairn.bench;

import static dev.cairn.bench.ScaleBenchmark.DIMENSION;
import static dev.cairn.bench.ScaleBenchmark.SCHEMA;

import dev.cairn.store.BinaryCopy;
import dev.cairn.store.VectorIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The scale benchmark's own tables in schema {@value ScaleBenchmark#SCHEMA}: one a size and storage,
 * loaded by binary COPY, and the {@code runs} table that lets a later run reuse kept tables with the
 * figures of the run that built them.
 */
final class ScaleTables {

    private final DataSource dataSource;
    private final ScaleBenchmark.Options options;

    ScaleTables(DataSource dataSource, ScaleBenchmark.Options options) {
        this.dataSource = dataSource;
        this.options = options;
    }

    static void ensureSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            st.execute(
                    "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".runs (tbl text PRIMARY KEY, rows bigint, sigma float8,"
                            + " seed bigint, m int, ef_construction int, load_seconds float8, build_seconds float8,"
                            + " index_bytes bigint, table_bytes bigint, mwm_mb bigint, workers int, peak_bytes bigint,"
                            + " notices text)");
        }
    }

    /** True when both tables of this size were built by a run with the same data and index settings. */
    boolean kept(Connection c, int n, VectorIndex.Hnsw hnsw) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + SCHEMA + ".runs r"
                + " WHERE r.tbl = ANY(?) AND r.rows = ? AND r.sigma = ? AND r.seed = ? AND r.m = ? AND r.ef_construction = ?"
                + " AND to_regclass(r.tbl) IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {
                ScaleStorage.VECTOR.table(n), ScaleStorage.HALFVEC.table(n)
            }));
            ps.setLong(2, n);
            ps.setDouble(3, options.sigma());
            ps.setLong(4, options.seed());
            ps.setInt(5, hnsw.m());
            ps.setInt(6, hnsw.efConstruction());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 2;
            }
        }
    }

    record Recorded(double loadSeconds, ScaleReport.Build build) {}

    Recorded recorded(int n, ScaleStorage storage) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT m, ef_construction, load_seconds, build_seconds,"
                        + " index_bytes, table_bytes, mwm_mb, workers, peak_bytes, notices FROM " + SCHEMA
                        + ".runs WHERE tbl = ?")) {
            ps.setString(1, storage.table(n));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String notices = rs.getString(10);
                return new Recorded(
                        rs.getDouble(3),
                        new ScaleReport.Build(
                                storage,
                                new VectorIndex.Hnsw(rs.getInt(1), rs.getInt(2)),
                                rs.getDouble(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                rs.getInt(8),
                                rs.getLong(9),
                                notices == null || notices.isEmpty() ? List.of() : List.of(notices.split("\n")),
                                true));
            }
        }
    }

    void record(int n, ScaleStorage storage, double loadSeconds, ScaleReport.Build b) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO " + SCHEMA + ".runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                                + " ON CONFLICT (tbl) DO UPDATE SET rows = EXCLUDED.rows, sigma = EXCLUDED.sigma,"
                                + " seed = EXCLUDED.seed, m = EXCLUDED.m, ef_construction = EXCLUDED.ef_construction,"
                                + " load_seconds = EXCLUDED.load_seconds, build_seconds = EXCLUDED.build_seconds,"
                                + " index_bytes = EXCLUDED.index_bytes, table_bytes = EXCLUDED.table_bytes,"
                                + " mwm_mb = EXCLUDED.mwm_mb, workers = EXCLUDED.workers, peak_bytes = EXCLUDED.peak_bytes,"
                                + " notices = EXCLUDED.notices")) {
            ps.setString(1, storage.table(n));
            ps.setLong(2, n);
            ps.setDouble(3, options.sigma());
            ps.setLong(4, options.seed());
            ps.setInt(5, b.index().m());
            ps.setInt(6, b.index().efConstruction());
            ps.setDouble(7, loadSeconds);
            ps.setDouble(8, b.seconds());
            ps.setLong(9, b.indexBytes());
            ps.setLong(10, b.tableBytes());
            ps.setLong(11, b.maintenanceWorkMemMb());
            ps.setInt(12, b.workers());
            ps.setLong(13, b.peakBackendBytes());
            ps.setString(14, String.join("\n", b.notices()));
            ps.executeUpdate();
        }
    }

    /** Drops one size's tables and its record. */
    void drop(int n) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            ensureSchema(c);
            st.execute("DROP TABLE IF EXISTS " + ScaleStorage.VECTOR.table(n) + ", " + ScaleStorage.HALFVEC.table(n)
                    + ", " + SCHEMA + ".q_" + n);
            st.execute("DELETE FROM " + SCHEMA + ".runs WHERE tbl IN ('" + ScaleStorage.VECTOR.table(n) + "', '"
                    + ScaleStorage.HALFVEC.table(n) + "')");
        }
    }

    /** Loads {@code n} points into both storages' tables, which must not exist yet; returns the seconds it took. */
    double load(int n, SyntheticVectors vectors, ScaleBenchmark.Listener listener) throws SQLException {
        long t0 = System.nanoTime();
        String v = ScaleStorage.VECTOR.table(n);
        String h = ScaleStorage.HALFVEC.table(n);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // Created in the loading transaction: with wal_level=minimal the COPY then skips WAL.
                st.execute("CREATE TABLE " + v + " (id bigint NOT NULL, embedding vector(" + DIMENSION + ") NOT NULL)");
                st.execute(
                        "CREATE TABLE " + h + " (id bigint NOT NULL, embedding halfvec(" + DIMENSION + ") NOT NULL)");
            }
            SyntheticVectors.Points points = vectors.points(options.seed() + n);
            float[] point = new float[DIMENSION];
            long step = Math.max(n / 10, 1);
            try (BinaryCopy copy = BinaryCopy.start(c, "COPY " + v + " (id, embedding) FROM STDIN (FORMAT BINARY)")) {
                for (int i = 0; i < n; i++) {
                    points.next(point);
                    copy.row(2);
                    copy.int8(i);
                    copy.vector(point);
                    if ((i + 1) % step == 0 && n >= 100_000) {
                        listener.note(String.format(Locale.ROOT, "  loading: %,d of %,d", i + 1, n));
                    }
                }
                copy.finish();
            }
            try (Statement st = c.createStatement()) {
                // The same points rounded to half precision: both storages hold the same data.
                st.execute("INSERT INTO " + h + " SELECT id, embedding::halfvec(" + DIMENSION + ") FROM " + v);
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("ANALYZE " + v);
                st.execute("ANALYZE " + h);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        listener.note(String.format(Locale.ROOT, "  loaded %,d rows (vector and halfvec) in %.1fs", n, seconds));
        return seconds;
    }

    /** The rows in {@code table}, 0 when there is no such table. */
    static long stored(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT CASE WHEN to_regclass('" + table + "') IS NULL THEN 0" + " ELSE 1 END")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
