package dev.cairn.embed;

/**
 * What the in-memory embedding cache has done since it was created.
 *
 * @param hits lookups answered from memory (including ones that joined a computation in flight)
 * @param misses lookups that had to go to the persistent cache or the model
 * @param evictions entries dropped for size or age
 * @param entries vectors held now
 * @param bytes estimated memory the held vectors take
 * @param maxBytes the bound on {@code bytes}
 * @param storeHits misses answered by the persistent {@link VectorCache}
 * @param computed texts the model had to embed
 */
public record CacheStats(
        long hits,
        long misses,
        long evictions,
        long entries,
        long bytes,
        long maxBytes,
        long storeHits,
        long computed) {

    /** Hits over lookups, 0 before the first lookup. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
