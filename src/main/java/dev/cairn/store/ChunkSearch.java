package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The retrievals search builds on, each one statement on a warm session: vector top-k by cosine
 * distance among the active model's chunks, full-text top-k, and both in one round trip. The SQL
 * is {@link SearchSql}'s.
 */
final class ChunkSearch {

    private final StoreSessions sessions;

    ChunkSearch(StoreSessions sessions) {
        this.sessions = sessions;
    }

    List<ChunkHit> vector(float[] query, int k, long[] scope) {
        Objects.requireNonNull(query, "query");
        int limit = Jdbc.limit(k, "k");
        return sessions.reads().withConnection("search by vector", c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH " + SearchSql.vectorCte(scope)
                    + """
                    SELECT m.dimension, m.active_model, 'v' AS list, 0 AS rank, HIT_COLUMNS_PLACEHOLDER, 1 - v.dist AS score,
                           false AS pending
                    FROM (SELECT model_id AS active_model, dimension FROM models WHERE active) m
                    LEFT JOIN (v JOIN chunks c ON c.id = v.id JOIN documents d ON d.id = c.document_id) ON true
                    ORDER BY v.dist, c.id""".replace("HIT_COLUMNS_PLACEHOLDER", SearchSql.HIT_COLUMNS))) {
                int i = SearchSql.bindVector(ps, query, scope);
                ps.setInt(i, limit);
                return fastHits(c, ps, query).vector();
            }
        });
    }

    List<ChunkHit> fullText(String query, int k, long[] scope) {
        Objects.requireNonNull(query, "query");
        int limit = Jdbc.limit(k, "k");
        if (query.isBlank()) {
            return List.of();
        }
        return sessions.reads().withConnection("search by text", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "WITH " + SearchSql.textCte(query, scope) + "SELECT " + SearchSql.HIT_COLUMNS + """
                    , t.score
                    FROM t JOIN chunks c ON c.id = t.id JOIN documents d ON d.id = c.document_id
                    ORDER BY t.score DESC, c.id""")) {
                SearchSql.bindText(ps, 1, query, limit);
                List<ChunkHit> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(hit(rs));
                    }
                }
                return rows;
            }
        });
    }

    HybridHits hybrid(String text, float[] vector, int k, long[] scope) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        int limit = Jdbc.limit(k, "k");
        if (text.isBlank()) {
            return new HybridHits(vector(vector, limit, scope), List.of());
        }
        return sessions.reads().withConnection("search", c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH " + SearchSql.vectorCte(scope) + ", "
                    + SearchSql.textCte(text, scope) + """
                    , h AS (SELECT 'v' AS list, v.id, 1 - v.dist AS score, row_number() OVER (ORDER BY v.dist, v.id) AS rank FROM v
                          UNION ALL
                          SELECT 't', t.id, t.score, row_number() OVER (ORDER BY t.score DESC, t.id) FROM t)
                    SELECT m.dimension, m.active_model, h.list, h.rank, HIT_COLUMNS_PLACEHOLDER, h.score,
                           c.embedding IS NULL AS pending
                    FROM (SELECT model_id AS active_model, dimension FROM models WHERE active) m
                    LEFT JOIN (h JOIN chunks c ON c.id = h.id JOIN documents d ON d.id = c.document_id) ON true
                    ORDER BY h.list DESC, h.rank""".replace("HIT_COLUMNS_PLACEHOLDER", SearchSql.HIT_COLUMNS))) {
                int i = SearchSql.bindVector(ps, vector, scope);
                ps.setInt(i, limit);
                SearchSql.bindText(ps, i + 1, text, limit);
                return fastHits(c, ps, vector);
            }
        });
    }

    /**
     * Reads rows of (dimension, list, rank, hit columns, score): no row means no active model, a
     * row with a null list an empty result. A query of the wrong dimension fails in PostgreSQL on
     * the first distance; it is reported like any other, with the active model named.
     */
    private static HybridHits fastHits(Connection c, PreparedStatement ps, float[] query) throws SQLException {
        List<ChunkHit> vector = new ArrayList<>();
        List<ChunkHit> text = new ArrayList<>();
        Set<Long> textOnly = new HashSet<>();
        boolean model = false;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!model) {
                    model = true;
                    if (rs.getInt(1) != query.length) {
                        new EmbeddingModel(rs.getString(2), rs.getInt(1)).requireDimension(query, "the query vector");
                    }
                }
                String list = rs.getString("list");
                if (list != null && rs.getObject("id") != null) {
                    ChunkHit hit = hit(rs);
                    ("t".equals(list) ? text : vector).add(hit);
                    if ("t".equals(list) && rs.getBoolean("pending")) {
                        textOnly.add(hit.chunkId());
                    }
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("different vector dimensions")) {
                EmbeddingModel active = ModelRegistry.active(c).orElseThrow(() -> e);
                active.requireDimension(query, "the query vector");
            }
            throw e;
        }
        if (!model) {
            throw new IllegalStateException("No embedding model is active; activate one before searching.");
        }
        return new HybridHits(vector, text, textOnly);
    }

    private static ChunkHit hit(ResultSet rs) throws SQLException {
        return new ChunkHit(
                rs.getLong("id"),
                rs.getLong("document_id"),
                rs.getString("path"),
                rs.getString("title"),
                rs.getString("heading"),
                rs.getObject("page", Integer.class),
                rs.getInt("char_start"),
                rs.getInt("char_end"),
                rs.getString("text"),
                rs.getDouble("score"),
                rs.getString("media_type"),
                rs.getString("part_of"),
                rs.getString("language"),
                rs.getString("ts_config"));
    }
}
