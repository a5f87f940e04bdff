package dev.cairn.search;

import dev.cairn.store.ChunkHit;

/**
 * One retrieved chunk, with everything needed to cite it and take the reader to it.
 *
 * @param mediaType the document's media type
 * @param partOf    where the document is in its file ("attachment of 'Budget'"), or null for a file of its own
 * @param page 1-based page for paged documents (PDF), a slide's or a message's number, else null
 * @param charStart offset of the chunk in the document's extracted text
 * @param score the fused (or single-mode) score; higher is better
 * @param language the document's language (ISO 639-1), or null where none was detected
 */
public record SearchHit(
        long chunkId,
        long documentId,
        String path,
        String title,
        String mediaType,
        String partOf,
        String heading,
        Integer page,
        int charStart,
        int charEnd,
        String text,
        double score,
        Snippet snippet,
        String language) {

    /** The stored chunk {@code h} as a hit, with its snippet. */
    static SearchHit of(ChunkHit h, Snippet snippet) {
        return new SearchHit(
                h.chunkId(),
                h.documentId(),
                h.path(),
                h.title(),
                h.mediaType(),
                h.partOf(),
                h.heading(),
                h.page(),
                h.charStart(),
                h.charEnd(),
                h.text(),
                h.score(),
                snippet,
                h.language());
    }

    /**
     * Where the passage is, named by the document's kind: "p. 4", "slide 4", "sheet Budget, rows 2-40",
     * "chapter II. The Storm", "message 12"; null when the document has no places to name.
     */
    public String place() {
        return Places.of(mediaType, heading, page);
    }

    /**
     * The place and what the document is part of, for a citation's line: "p. 2 · attachment of
     * 'Budget'"; empty when there is neither.
     */
    public String whereabouts() {
        String place = place();
        if (partOf == null) {
            return place == null ? "" : place;
        }
        return place == null ? partOf : place + " \u00b7 " + partOf;
    }
}
