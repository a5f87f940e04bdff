package dev.cairn.store;

import com.pgvector.PGvector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What {@link IndexTuner} measures recall with: queries sampled from the stored vectors, their
 * true top-k (an exact scan) and the approximate index's top-k with given settings.
 */
final class RecallProbe {

    static final String TOP_K = """
            SELECT id FROM chunks
            WHERE model_id = (SELECT model_id FROM models WHERE active) AND embedding IS NOT NULL
            ORDER BY embedding <=> ? LIMIT ?""";

    private final DataSource dataSource;
    private final IndexTuner.Options options;

    RecallProbe(DataSource dataSource, IndexTuner.Options options) {
        this.dataSource = dataSource;
        this.options = options;
    }

    /** Mean recall@k of the current index with {@code settings}, against exact top-k sets. */
    double recall(SearchSettings settings, List<float[]> queries, List<Set<Long>> exact) {
        double sum = 0;
        for (int i = 0; i < queries.size(); i++) {
            Set<Long> truth = exact.get(i);
            if (truth.isEmpty()) {
                sum += 1;
                continue;
            }
            Set<Long> found = new HashSet<>(approximateTopK(queries.get(i), settings));
            found.retainAll(truth);
            sum += (double) found.size() / truth.size();
        }
        return sum / queries.size();
    }

    /**
     * Stored vectors of the active model, each moved a little in a random direction: queries
     * that look like the library's content without being exactly one of its vectors.
     */
    List<float[]> sampleQueries(int n) {
        Random random = new Random(options.seed());
        List<float[]> stored = Jdbc.withConnection(dataSource, "sample stored vectors", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT setseed(" + (random.nextDouble() * 2 - 1) + ")");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT embedding::text FROM chunks
                    WHERE model_id = (SELECT model_id FROM models WHERE active) AND embedding IS NOT NULL
                    ORDER BY random() LIMIT ?""")) {
                ps.setInt(1, n);
                List<float[]> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new PGvector(rs.getString(1)).toArray());
                    }
                }
                return rows;
            }
        });
        List<float[]> queries = new ArrayList<>(stored.size());
        for (float[] v : stored) {
            queries.add(perturb(v, random, 0.1));
        }
        return queries;
    }

    private static float[] perturb(float[] v, Random random, double scale) {
        float[] out = new float[v.length];
        double step = scale / Math.sqrt(v.length);
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] + random.nextGaussian() * step);
            norm += out[i] * out[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) {
            out[i] *= inv;
        }
        return out;
    }

    /** The true top-k: index scans are switched off for this one transaction. */
    List<Long> exactTopK(float[] query) {
        return Jdbc.inTransaction(dataSource, "scan the vectors exactly", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off");
            }
            return ids(c, query);
        });
    }

    /** The index's top-k with {@code settings}. */
    List<Long> approximateTopK(float[] query, SearchSettings settings) {
        return Jdbc.inTransaction(dataSource, "search the vector index", c -> {
            searchTheIndex(c, settings);
            return ids(c, query);
        });
    }

    /**
     * Sets {@code settings} for the open transaction and keeps the planner on the index: on a small
     * table a high {@code hnsw.ef_search} makes a sequential scan look cheaper, and its exact top-k
     * would be measured as the index's recall (5,000 vectors: 1.0 at ef_search 200, where the index
     * finds 0.97). A search whose plan takes the index then had the recall of a lower rung.
     */
    static void searchTheIndex(Connection c, SearchSettings settings) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(settings.setStatements(true) + "; SET LOCAL enable_seqscan = off");
        }
    }

    private List<Long> ids(Connection c, float[] query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TOP_K)) {
            ps.setObject(1, new PGvector(query));
            ps.setInt(2, options.k());
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }
}
