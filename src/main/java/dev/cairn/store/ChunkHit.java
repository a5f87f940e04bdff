package dev.cairn.store;

/**
 * A chunk found by a search, with what a citation needs.
 *
 * @param score cosine similarity ({@code 1 - cosine distance}) for vector search,
 *              {@code ts_rank_cd} for full-text search; higher is better within one search
 */
public record ChunkHit(
        long chunkId,
        long documentId,
        String path,
        String title,
        String heading,
        Integer page,
        int charStart,
        int charEnd,
        String text,
        double score) {

    /** The same chunk with another score (fusion re-scores hits). */
    public ChunkHit withScore(double newScore) {
        return new ChunkHit(chunkId, documentId, path, title, heading, page, charStart, charEnd, text, newScore);
    }
}
