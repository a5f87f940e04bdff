package dev.cairn.store;

/**
 * A chunk found by a search, with what a citation needs.
 *
 * @param mediaType the document's media type, which says what its pages are (slides, a PDF's pages, messages)
 * @param partOf    where the document is in its file ("attachment of 'Budget'"), or {@code null} for a file of its own
 * @param language  the document's language (ISO 639-1, see {@code text.Languages}), or {@code null} where none was detected
 * @param textConfig the text-search configuration the chunk's words were indexed with ({@code english}, {@code simple}, ...)
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
        double score,
        String mediaType,
        String partOf,
        String language,
        String textConfig) {

    /** The same chunk with another score (fusion re-scores hits). */
    public ChunkHit withScore(double newScore) {
        return new ChunkHit(
                chunkId,
                documentId,
                path,
                title,
                heading,
                page,
                charStart,
                charEnd,
                text,
                newScore,
                mediaType,
                partOf,
                language,
                textConfig);
    }
}
