package dev.cairn.bench;

import static dev.cairn.bench.ScaleBenchmark.DIMENSION;
import static dev.cairn.bench.ScaleBenchmark.K;
import static dev.cairn.bench.ScaleBenchmark.SCHEMA;

import com.pgvector.PGvector;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/** The scale benchmark's queries: their exact top 10 from a full scan, then timed HNSW searches scored against it. */
final class ScaleQueries {

    private final DataSource dataSource;
    private final ScaleBenchmark.Options options;

    ScaleQueries(DataSource dataSource, ScaleBenchmark.Options options) {
        this.dataSource = dataSource;
        this.options = options;
    }

    record Truth(List<float[]> queries, List<Set<Long>> ids, Stats exactScan, ScaleReport.Spread spread) {}

    /**
     * The queries (drawn from the same distribution with another seed, so none is a stored row) and
     * their exact top 10 from a full scan of the float table, kept in a table so a re-run over kept
     * tables needs no second scan.
     */
    Truth truth(int n, SyntheticVectors vectors, boolean kept, ScaleBenchmark.Listener listener) throws SQLException {
        String table = SCHEMA + ".q_" + n;
        SyntheticVectors.Points points = vectors.points(options.seed() + n + 1_000_003);
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < options.queries(); i++) {
            queries.add(points.next());
        }
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            if (kept && ScaleTables.stored(c, table) >= queries.size()) {
                return readTruth(c, table, queries);
            }
            listener.note(
                    String.format(Locale.ROOT, "  exact top %d for %d queries (full scans)...", K, queries.size()));
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (no int PRIMARY KEY, ids bigint[] NOT NULL, cos real[] NOT NULL,"
                    + " nanos bigint NOT NULL)");
            st.execute("SET enable_indexscan = off");
            st.execute("SET enable_bitmapscan = off");
            try (PreparedStatement exact = c.prepareStatement("SELECT id, 1 - (embedding <=> ?) FROM "
                            + ScaleStorage.VECTOR.table(n) + " ORDER BY embedding <=> ? LIMIT " + K);
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
                for (int q = 0; q < queries.size(); q++) {
                    PGvector pv = new PGvector(queries.get(q));
                    exact.setObject(1, pv);
                    exact.setObject(2, pv);
                    List<Long> ids = new ArrayList<>();
                    List<Float> cos = new ArrayList<>();
                    long t0 = System.nanoTime();
                    try (ResultSet rs = exact.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            cos.add(rs.getFloat(2));
                        }
                    }
                    long nanos = System.nanoTime() - t0;
                    insert.setInt(1, q);
                    insert.setArray(2, c.createArrayOf("bigint", ids.toArray()));
                    insert.setArray(3, c.createArrayOf("real", cos.toArray()));
                    insert.setLong(4, nanos);
                    insert.executeUpdate();
                }
            }
            return readTruth(c, table, queries);
        }
    }

    private Truth readTruth(Connection c, String table, List<float[]> queries) throws SQLException {
        List<Set<Long>> ids = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        double[] nearest = new double[queries.size()];
        double[] tenth = new double[queries.size()];
        try (PreparedStatement ps =
                c.prepareStatement("SELECT ids, cos, nanos FROM " + table + " WHERE no < ? ORDER BY no")) {
            ps.setInt(1, queries.size());
            try (ResultSet rs = ps.executeQuery()) {
                int q = 0;
                while (rs.next()) {
                    Array a = rs.getArray(1);
                    ids.add(new HashSet<>(Arrays.asList((Long[]) a.getArray())));
                    Float[] cos = (Float[]) rs.getArray(2).getArray();
                    nearest[q] = cos.length > 0 ? cos[0] : 0;
                    tenth[q] = cos.length > 0 ? cos[cos.length - 1] : 0;
                    nanos.add(rs.getLong(3));
                    q++;
                }
            }
        }
        Stats exact = Stats.of(
                "Exact scan (vector)", nanos.stream().mapToLong(Long::longValue).toArray());
        return new Truth(
                queries,
                ids,
                exact,
                new ScaleReport.Spread(ScaleBenchmark.median(nearest), ScaleBenchmark.median(tenth)));
    }

    /** Searches the HNSW index of one size and storage at {@code ef}, timing each query and scoring recall@10. */
    ScaleReport.Probe search(int n, ScaleStorage storage, int ef, Truth truth) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // The index is what is measured: never let the planner pick a scan instead.
            st.execute("SET enable_seqscan = off");
            st.execute("SET hnsw.ef_search = " + ef);
            String param = storage == ScaleStorage.VECTOR ? "?" : "?::halfvec(" + DIMENSION + ")";
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM " + storage.table(n) + " ORDER BY embedding <=> " + param + " LIMIT " + K)) {
                int q = truth.queries().size();
                List<Set<Long>> found = new ArrayList<>();
                for (int i = 0; i < q; i++) {
                    found.add(Set.of());
                }
                Harness harness = new Harness(Math.min(20, q), q);
                Stats stats = harness.measure("HNSW " + storage.type() + " ef=" + ef, i -> {
                    int qi = i % q;
                    found.set(qi, topK(ps, truth.queries().get(qi)));
                });
                double sum = 0;
                for (int i = 0; i < q; i++) {
                    Set<Long> hit = new HashSet<>(found.get(i));
                    hit.retainAll(truth.ids().get(i));
                    sum += truth.ids().get(i).isEmpty()
                            ? 1
                            : (double) hit.size() / truth.ids().get(i).size();
                }
                return new ScaleReport.Probe(storage, ef, stats, sum / q);
            }
        }
    }

    private static Set<Long> topK(PreparedStatement ps, float[] query) {
        try {
            ps.setObject(1, new PGvector(query));
            Set<Long> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("A benchmark search failed: " + e.getMessage(), e);
        }
    }
}
