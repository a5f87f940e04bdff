package dev.cairn.search;

import dev.cairn.store.ChunkHit;
import dev.cairn.text.Languages;

/** Chunk hits written out for the fusion's tests: each the one chunk of a page of its own. */
final class FusionHits {

    private FusionHits() {}

    /** Chunk {@code id} of page {@code id}, scoring {@code score}, indexed with {@code textConfig}, in that configuration's language. */
    static ChunkHit hit(long id, double score, String textConfig) {
        return new ChunkHit(
                id,
                id,
                "/docs/" + id + ".html",
                "Page " + id,
                null,
                null,
                0,
                4,
                "text",
                score,
                "text/html",
                null,
                Languages.languageOf(textConfig).orElseThrow(),
                textConfig);
    }
}
