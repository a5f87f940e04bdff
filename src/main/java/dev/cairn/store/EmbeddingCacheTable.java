package dev.cairn.store;

import com.pgvector.PGvector;
import dev.cairn.embed.VectorCache;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The persistent embedding cache in the {@code embedding_cache} table. A lookup is one round trip
 * however many hashes it asks for; a store is one batch of {@code INSERT ... ON CONFLICT DO
 * NOTHING} (one round trip, the vectors in binary), so concurrent writers of the same text never
 * fail and the first vector stored for a text wins. (It was a binary COPY into a temporary table
 * made and dropped for each batch: the catalog writes of that table cost the server more than the
 * rows, ADR 0013.)
 */
public final class EmbeddingCacheTable implements VectorCache {

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /**
     * Two kept sessions: every embedding batch reads and writes the cache once, and a new session
     * (password handshake, a server process) cost about a fifth of the embedding stage's time.
     */
    private final WarmConnections sessions;

    public EmbeddingCacheTable(DataSource dataSource) {
        this.sessions = new WarmConnections(
                Objects.requireNonNull(dataSource, "dataSource"), 2, () -> SearchSettings.PGVECTOR_DEFAULTS);
        CLEANER.register(this, sessions::close);
    }

    /**
     * Deletes the cached vectors of {@code modelId}, a model that was removed: an added model's id
     * names its files, so they can never be asked for again. Returns how many were deleted.
     */
    public static long forget(DataSource dataSource, String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        return Jdbc.withConnection(dataSource, "forget the cached vectors of " + modelId, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM embedding_cache WHERE model_id = ? OR starts_with(model_id, ?)")) {
                ps.setString(1, modelId);
                ps.setString(2, modelId + "@"); // its vectors of texts' starts (VectorCache#readingAtMost)
                return (long) ps.executeUpdate();
            }
        });
    }

    @Override
    public Map<String, float[]> getAll(String modelId, Collection<String> textSha256Hex) {
        Objects.requireNonNull(modelId, "modelId");
        if (textSha256Hex.isEmpty()) {
            return Map.of();
        }
        byte[][] keys = textSha256Hex.stream().map(Sha256::parse).toArray(byte[][]::new);
        return sessions.withConnection("read cached embeddings", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT text_sha256, embedding FROM embedding_cache
                    WHERE model_id = ? AND text_sha256 = ANY (?)""")) {
                Array array = c.createArrayOf("bytea", keys);
                ps.setString(1, modelId);
                ps.setArray(2, array);
                Map<String, float[]> found = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(Sha256.format(rs.getBytes(1)), new PGvector(rs.getString(2)).toArray());
                    }
                }
                array.free();
                return found;
            }
        });
    }

    @Override
    public void putAll(String modelId, Map<String, float[]> vectorsBySha256Hex) {
        Objects.requireNonNull(modelId, "modelId");
        if (vectorsBySha256Hex.isEmpty()) {
            return;
        }
        // Rows go in by key order, the same in every writer: two writers inserting overlapping keys in their
        // own orders could each wait on the other's uncommitted row, and one would fail with a deadlock.
        Map<byte[], float[]> rows = new LinkedHashMap<>();
        new TreeMap<>(vectorsBySha256Hex).forEach((hex, vector) -> {
            if (vector == null || vector.length == 0 || vector.length > EmbeddingModel.MAX_DIMENSION) {
                throw new IllegalArgumentException("cannot cache an embedding of "
                        + (vector == null ? "no" : vector.length) + " dimensions for text " + hex);
            }
            rows.put(Sha256.parse(hex), vector);
        });
        sessions.withConnection("store embeddings in the cache", c -> {
            c.setAutoCommit(false); // a failure discards the session, open transaction and all
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO embedding_cache (model_id, text_sha256, embedding) VALUES (?, ?, ?::real[]::vector)
                    ON CONFLICT (model_id, text_sha256) DO NOTHING""")) {
                for (Map.Entry<byte[], float[]> row : rows.entrySet()) {
                    ps.setString(1, modelId);
                    ps.setBytes(2, row.getKey());
                    ps.setObject(3, row.getValue()); // float4[] in binary, as the chunks' vectors
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                c.setAutoCommit(true);
                return rows.size();
            }
        });
    }
}
