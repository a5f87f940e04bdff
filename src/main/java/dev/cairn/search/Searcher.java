package dev.cairn.search;

import dev.cairn.embed.Embedder;
import dev.cairn.store.ChunkHit;
import dev.cairn.store.ChunkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the chunks that answer a question: vector top-N by cosine and full-text top-N fused by
 * Reciprocal Rank Fusion, at most a few chunks per document, each with a highlighted snippet.
 */
public final class Searcher {

    /** Which retrievals run; vector-only and text-only stay available for comparison. */
    public enum Mode {
        HYBRID, VECTOR, TEXT;

        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @param candidates how many chunks each retrieval contributes to the fusion
     * @param perDocument at most this many chunks of one document in the final list
     * @param snippetChars the longest snippet
     * @param textWeight the full-text list's weight in the fusion, the vector list's being 1
     */
    public record Policy(int candidates, int perDocument, int snippetChars, double textWeight) {
        /** Text votes at 0.3 of the vector list's weight: measured on the SQuAD kit, see docs/decisions/0005. */
        public static final Policy DEFAULT = new Policy(50, 3, 240, 0.3);
    }

    private final ChunkStore store;
    private final Embedder embedder;
    private final Policy policy;

    public Searcher(ChunkStore store, Embedder embedder, Policy policy) {
        this.store = Objects.requireNonNull(store);
        this.embedder = Objects.requireNonNull(embedder);
        this.policy = Objects.requireNonNull(policy);
    }

    /** The query's vector, through the embedder's cache. */
    public float[] queryVector(String query) {
        return embedder.embedQuery(query);
    }

    public List<SearchHit> search(String query, int top, Mode mode) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return search(query, mode == Mode.TEXT ? null : queryVector(query), top, mode);
    }

    /** Searches with a query vector already computed (the answerer reuses it). */
    public List<SearchHit> search(String query, float[] queryVector, int top, Mode mode) {
        int n = Math.max(policy.candidates(), top * 3);
        List<ChunkHit> ranked = switch (mode) {
            case VECTOR -> store.vectorSearch(queryVector, n);
            case TEXT -> store.fullTextSearch(query, n);
            case HYBRID -> {
                List<ChunkHit> vector = store.vectorSearch(queryVector, n);
                List<ChunkHit> text = store.fullTextSearch(query, n);
                List<ChunkHit> fused = new ArrayList<>();
                // Scaled so that a chunk ranked first by both retrievals scores 1.
                double best = (1 + policy.textWeight()) / (RankFusion.DEFAULT_K + 1);
                for (var f : RankFusion.fuse(List.of(vector, text), new double[] {1.0, policy.textWeight()}, ChunkHit::chunkId, RankFusion.DEFAULT_K)) {
                    ChunkHit h = f.item();
                    fused.add(new ChunkHit(h.chunkId(), h.documentId(), h.path(), h.title(), h.heading(), h.page(),
                            h.charStart(), h.charEnd(), h.text(), f.score() / best));
                }
                yield fused;
            }
        };
        List<ChunkHit> capped = RankFusion.capPerGroup(ranked, ChunkHit::documentId, policy.perDocument(), top);
        List<String> terms = QueryTerms.of(query);
        List<SearchHit> hits = new ArrayList<>(capped.size());
        for (ChunkHit h : capped) {
            hits.add(new SearchHit(h.chunkId(), h.documentId(), h.path(), h.title(), h.heading(), h.page(),
                    h.charStart(), h.charEnd(), h.text(), h.score(), Snippet.of(h.text(), terms, policy.snippetChars())));
        }
        return hits;
    }

    /** Searches and answers extractively from the top hits. */
    public Answer ask(String question, int top, Mode mode) {
        float[] q = queryVector(question);
        List<SearchHit> hits = search(question, q, top, mode);
        return new ExtractiveAnswerer(embedder::embedAll, ExtractiveAnswerer.Policy.DEFAULT).answer(question, q, hits);
    }
}
