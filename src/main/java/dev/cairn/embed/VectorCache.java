package dev.cairn.embed;

import java.util.Collection;
import java.util.Map;

/**
 * A persistent store of embeddings keyed by model and by the SHA-256 of the embedded text, so
 * that text seen before (an unchanged chunk, a re-ingested file) is never run through the model
 * again.
 */
public interface VectorCache {

    /** The cached vectors of {@code modelId} for those of the given hashes (lowercase hex) that are present. */
    Map<String, float[]> getAll(String modelId, Collection<String> textSha256Hex);

    /** Stores vectors by the hex SHA-256 of their text; entries already present are kept as they are. */
    void putAll(String modelId, Map<String, float[]> vectorsBySha256Hex);
}
