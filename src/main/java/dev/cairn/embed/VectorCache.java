package dev.cairn.embed;

import java.util.Collection;
import java.util.Map;

/** A persistent store of embeddings keyed by model id and the SHA-256 (hex) of the exact text, e.g. the database's embedding cache. */
public interface VectorCache {

    /** The stored vectors for those hashes that are present; one round trip. */
    Map<String, float[]> getAll(String modelId, Collection<String> textSha256Hex);

    /** Stores vectors; hashes already present are left as they are. */
    void putAll(String modelId, Map<String, float[]> vectorsBySha256Hex);
}
