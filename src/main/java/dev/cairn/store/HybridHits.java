package dev.cairn.store;

import java.util.List;
import java.util.Set;

/**
 * The two ranked lists hybrid search fuses, each best first.
 *
 * @param textOnly the chunks of the text list that have no vector yet (progressive indexing):
 *                 the vector list cannot hold them, so their text rank is all there is
 */
public record HybridHits(List<ChunkHit> vector, List<ChunkHit> text, Set<Long> textOnly) {
    public HybridHits {
        vector = List.copyOf(vector);
        text = List.copyOf(text);
        textOnly = Set.copyOf(textOnly);
    }

    public HybridHits(List<ChunkHit> vector, List<ChunkHit> text) {
        this(vector, text, Set.of());
    }
}
