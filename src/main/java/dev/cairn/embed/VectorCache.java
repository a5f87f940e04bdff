package dev.cairn.embed;

import java.util.Collection;
import java.util.Map;

/** A persistent store of embeddings keyed by model id and the SHA-256 (hex) of the exact text, e.g. the database's embedding cache. */
public interface VectorCache {

    /** The stored vectors for those hashes that are present; one round trip. */
    Map<String, float[]> getAll(String modelId, Collection<String> textSha256Hex);

    /** Stores vectors; hashes already present are left as they are. */
    void putAll(String modelId, Map<String, float[]> vectorsBySha256Hex);

    /**
     * This store for vectors made from the first {@code tokens} of each text: kept under
     * {@code modelId@tokens}, apart from the same model's vectors of whole texts, so that a library
     * re-indexed after a change of {@code embedding.tokens} gets vectors that read as far as it asks.
     */
    default VectorCache readingAtMost(int tokens) {
        VectorCache whole = this;
        String suffix = "@" + tokens;
        return new VectorCache() {
            @Override
            public Map<String, float[]> getAll(String modelId, Collection<String> textSha256Hex) {
                return whole.getAll(modelId + suffix, textSha256Hex);
            }

            @Override
            public void putAll(String modelId, Map<String, float[]> vectorsBySha256Hex) {
                whole.putAll(modelId + suffix, vectorsBySha256Hex);
            }
        };
    }
}
