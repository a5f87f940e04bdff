package dev.cairn.store;

import com.pgvector.PGvector;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code chunks} table read back (a document's chunks, counts, the chunks that wait for a
 * vector), re-computed vectors written into it ({@link #updateEmbeddings}), and its statistics
 * refreshed ({@link #analyze}).
 */
final class ChunkTable {

    private static final String COLUMNS = """
            c.id, c.document_id, c.ordinal, c.text, c.heading, c.page, c.char_start, c.char_end, c.token_count,
            c.model_id, c.embedding""";

    /** How many chunks from each step of {@link #spread} are looked at for one with a vector. */
    private static final int SPREAD_LOOK = 32;

    private final StoreSessions sessions;
    private final AtomicInteger analyzeRequests = new AtomicInteger();

    ChunkTable(StoreSessions sessions) {
        this.sessions = sessions;
    }

    List<StoredChunk> chunksOf(long documentId) {
        return Jdbc.withConnection(sessions.dataSource(), "read the chunks of document " + documentId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM chunks c WHERE c.document_id = ? ORDER BY c.ordinal")) {
                ps.setLong(1, documentId);
                return rows(ps);
            }
        });
    }

    /** Documents without chunks are absent. */
    Map<Long, Integer> counts() {
        return Jdbc.withConnection(sessions.dataSource(), "count chunks per document", c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT document_id, count(*) FROM chunks GROUP BY document_id");
                    ResultSet rs = ps.executeQuery()) {
                Map<Long, Integer> counts = new HashMap<>();
                while (rs.next()) {
                    counts.put(rs.getLong(1), rs.getInt(2));
                }
                return counts;
            }
        });
    }

    /** One probe of a small index. */
    boolean anyWithoutVector() {
        return sessions.reads().withConnection("look for chunks without vectors", c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT EXISTS (SELECT 1 FROM chunks WHERE embedding IS NULL)");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    List<StoredChunk> stale(int limit) {
        return Jdbc.withConnection(sessions.dataSource(), "find chunks to re-embed", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + """
                     FROM chunks c
                    WHERE c.embedding IS NULL
                    ORDER BY c.id LIMIT ?""")) {
                ps.setInt(1, Jdbc.limit(limit, "limit"));
                return rows(ps);
            }
        });
    }

    /**
     * Up to {@code n} chunks with a vector of the active model, spread over the library: for each of
     * {@code n} even steps through the chunk ids, the first such chunk among the first {@link #SPREAD_LOOK} at or
     * after it (two steps may find the same chunk, kept once). Ordered by id. At most {@code n} times {@link
     * #SPREAD_LOOK} rows are read, however many chunks still wait for a vector.
     */
    List<StoredChunk> spread(int n) {
        return Jdbc.withConnection(sessions.dataSource(), "read chunks spread over the library", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH b AS (SELECT min(id) AS lo, max(id) - min(id) + 1 AS span FROM chunks),
                         s AS (SELECT DISTINCT x.id FROM b, generate_series(0, ? - 1) AS g(i)
                               CROSS JOIN LATERAL (SELECT f.id FROM (SELECT c.id, c.embedding IS NOT NULL
                                                                    AND c.model_id = (SELECT model_id FROM models WHERE active) AS ready
                                                             FROM chunks c WHERE c.id >= b.lo + b.span * g.i / ?
                                                             ORDER BY c.id LIMIT LOOK) f
                                                   WHERE f.ready ORDER BY f.id LIMIT 1) x)
                    """.replace("LOOK", Integer.toString(SPREAD_LOOK))
                    + "SELECT " + COLUMNS + " FROM chunks c JOIN s USING (id) ORDER BY c.id")) {
                int limit = Jdbc.limit(n, "n");
                ps.setInt(1, limit);
                ps.setInt(2, limit);
                return rows(ps);
            }
        });
    }

    int updateEmbeddings(String modelId, Map<Long, float[]> embeddingsByChunkId) {
        if (embeddingsByChunkId.isEmpty()) {
            return 0;
        }
        return sessions.written(Jdbc.inTransaction(sessions.dataSource(), "store re-embedded chunks", c -> {
            EmbeddingModel model = ModelRegistry.lockActive(c, modelId);
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE chunks SET embedding = ?, model_id = ? WHERE id = ?")) {
                for (Map.Entry<Long, float[]> e : embeddingsByChunkId.entrySet()) {
                    model.requireDimension(e.getValue(), "chunk " + e.getKey());
                    ps.setObject(1, new PGvector(e.getValue()));
                    ps.setString(2, model.modelId());
                    ps.setLong(3, e.getKey());
                    ps.addBatch();
                }
                int updated = 0;
                for (int n : ps.executeBatch()) {
                    updated += Math.max(n, 0);
                }
                return updated;
            }
        }));
    }

    /**
     * Folds the lexeme counts ({@link #FOLD_LEXEME_COUNTS}), then {@code ANALYZE chunks}, unless a lock
     * on the chunks that ANALYZE conflicts with is held (a vector index build, a VACUUM): then it
     * analyses nothing rather than wait, possibly minutes, and returns false. A call while another is
     * analysing returns at once (true) and has that one analyse once more when it is done, so that
     * imports ending together cost one or two passes.
     */
    boolean analyze() {
        if (analyzeRequests.getAndIncrement() > 0) {
            return true;
        }
        int served;
        boolean analysed;
        do {
            served = analyzeRequests.get();
            try {
                analysed = Jdbc.withConnection(sessions.dataSource(), "refresh the statistics of the chunks", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute(FOLD_LEXEME_COUNTS);
                        st.execute("ANALYZE (SKIP_LOCKED) chunks");
                        return !skippedForALock(st.getWarnings());
                    }
                });
            } catch (RuntimeException e) {
                analyzeRequests.set(0);
                throw e;
            }
        } while (analyzeRequests.addAndGet(-served) > 0 && analysed);
        if (!analysed) {
            analyzeRequests.set(0);
        }
        return analysed;
    }

    /** Whether the server said "skipping analyze of chunks --- lock not available" (SQLSTATE 55P03). */
    private static boolean skippedForALock(SQLWarning warning) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            if ("55P03".equals(w.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each lexeme's rows in {@code lexeme_counts} (one added by every statement that inserted or deleted
     * chunks holding it, migration V15) summed into one, so that a search reads one row a word. Safe
     * beside writers: rows added after the statement's snapshot are neither deleted nor summed.
     */
    static final String FOLD_LEXEME_COUNTS = """
            WITH m AS (SELECT lexeme FROM lexeme_counts GROUP BY lexeme HAVING count(*) > 1),
                 d AS (DELETE FROM lexeme_counts lc USING m WHERE lc.lexeme = m.lexeme RETURNING lc.lexeme, lc.chunks)
            INSERT INTO lexeme_counts (lexeme, chunks) SELECT lexeme, sum(chunks) FROM d GROUP BY lexeme HAVING sum(chunks) <> 0
            """;

    /**
     * How many chunks the last analysis counted ({@code pg_class.reltuples}, kept by ANALYZE, VACUUM
     * and autovacuum), or -1 when the table was never analysed since it was made or emptied.
     */
    long analysedChunks() {
        return sessions.reads().withConnection("read the statistics of the chunks", c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT reltuples FROM pg_class WHERE oid = 'chunks'::regclass")) {
                return rs.next() ? (long) rs.getFloat(1) : -1L;
            }
        });
    }

    private static List<StoredChunk> rows(PreparedStatement ps) throws SQLException {
        List<StoredChunk> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String embedding = rs.getString("embedding");
                rows.add(new StoredChunk(
                        rs.getLong("id"),
                        rs.getLong("document_id"),
                        rs.getInt("ordinal"),
                        rs.getString("text"),
                        rs.getString("heading"),
                        rs.getObject("page", Integer.class),
                        rs.getInt("char_start"),
                        rs.getInt("char_end"),
                        rs.getInt("token_count"),
                        rs.getString("model_id"),
                        embedding == null ? null : new PGvector(embedding).toArray()));
            }
        }
        return rows;
    }
}
