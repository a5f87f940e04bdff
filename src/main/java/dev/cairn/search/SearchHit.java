package dev.cairn.search;

import dev.cairn.store.ChunkHit;

/**
 * One retrieved chunk, with everything needed to cite it and take the reader to it.
 *
 * @param page 1-based page for paged documents (PDF), else null
 * @param charStart offset of the chunk in the document's extracted text
 * @param score the fused (or single-mode) score; higher is better
 */
public record SearchHit(
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
        Snippet snippet) {

    /** The stored chunk {@code h} as a hit, with its snippet. */
    static SearchHit of(ChunkHit h, Snippet snippet) {
        return new SearchHit(
                h.chunkId(),
                h.documentId(),
                h.path(),
                h.title(),
                h.heading(),
                h.page(),
                h.charStart(),
                h.charEnd(),
                h.text(),
                h.score(),
                snippet);
    }
}
