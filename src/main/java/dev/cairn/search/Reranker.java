package dev.cairn.search;

import dev.cairn.store.ChunkHit;
import java.util.List;

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

    /** The default: the query's words in each passage's text, together and whole ({@link LexicalRerank}). */
    static Reranker lexical() {
        return LexicalRerank.DEFAULT;
    }

    /**
     * The lexical rerank, then the language model behind {@code generator} judging the first
     * {@link ModelRerank#DEPTH} ({@link ModelRerank}); the caller owns and closes {@code generator}.
     */
    static Reranker judgedBy(ChatGenerator generator) {
        return new ModelRerank(generator, LexicalRerank.DEFAULT);
    }
}
