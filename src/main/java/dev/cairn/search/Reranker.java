package dev.cairn.search;

import dev.cairn.store.ChunkHit;
import java.util.List;
import java.util.Locale;

/**
 * A second look at the fused candidates, best first, before they are cut to a document's share and
 * the top: the retrievals find the passages, a reranker orders the first few of them by what it can
 * afford to read (docs/decisions/0027-rerank.md).
 */
@FunctionalInterface
public interface Reranker {

    /** Leaves the order as fusion gave it. */
    Reranker NONE = (query, ranked) -> ranked;

    /** {@code ranked} in the reranker's order (its first candidates reordered, the rest as they were). */
    List<ChunkHit> rerank(String query, List<ChunkHit> ranked);

    /** The rerank stages a person can choose ({@code search.rerank} in the settings). */
    enum Kind {
        /** Fusion's order stands. */
        OFF,
        /** The words of the query in the passage's text, together and whole ({@link LexicalRerank}); the default. */
        LEXICAL;

        public static Kind parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The reranker of {@code kind}. */
    static Reranker of(Kind kind) {
        return switch (kind) {
            case OFF -> NONE;
            case LEXICAL -> LexicalRerank.DEFAULT;
        };
    }
}
