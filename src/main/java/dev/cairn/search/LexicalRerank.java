package dev.cairn.search;

import dev.cairn.store.ChunkHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reorders the first fused candidates by how the query's words stand in each passage's own text:
 * how much of the query the text holds (rarer words counting more), whether it holds them together
 * (an exact phrase, a short window), and whether it names the query's identifiers whole. A word
 * only in the heading counts for less than one in the text, so a chapter called "The Storm" no
 * longer outranks the passage that says "the storm in March".
 *
 * <p>Each candidate keeps its place in fusion as a prior, {@code (k + 1) / (k + rank)}, and gains
 * {@code weight} times its lexical score: the retrievals' judgement stands, and the words break
 * its near-ties and lift a passage holding the whole query by a few places. Pure Java over text
 * already fetched: no model, no round trip. Figures in docs/decisions/0027-rerank.md.
 */
final class LexicalRerank implements Reranker {

    /** System property: the lexical score's weight against the rank prior; for measuring. */
    static final String WEIGHT_PROPERTY = "cairn.rerank.weight";
    /** System property: how many of the fused candidates are reranked; for measuring. */
    static final String DEPTH_PROPERTY = "cairn.rerank.depth";

    static final LexicalRerank DEFAULT = new LexicalRerank(
            Integer.getInteger(DEPTH_PROPERTY, 40),
            Double.parseDouble(System.getProperty(WEIGHT_PROPERTY, "0.05")),
            RankFusion.DEFAULT_K);

    private final int depth;
    private final double weight;
    private final int k;

    LexicalRerank(int depth, double weight, int k) {
        if (depth < 1 || weight < 0 || k < 1) {
            throw new IllegalArgumentException(
                    "rerank depth and k must be at least 1 and the weight not negative, were " + depth + ", " + k + ", "
                            + weight);
        }
        this.depth = depth;
        this.weight = weight;
        this.k = k;
    }

    @Override
    public List<ChunkHit> rerank(String query, List<ChunkHit> ranked) {
        QueryWords words = QueryWords.of(query);
        // A query that is only identifiers is what the full text already ranks best (identifiers
        // whole, headings first: docs/decisions/0020); read again here, the pages that merely mention
        // one rose above the page that defines it (Python docs set, identifier R@1 0.955 -> 0.895).
        if (words.isEmpty() || words.onlyIdentifiers() || ranked.size() < 2) {
            return ranked;
        }
        int n = Math.min(depth, ranked.size());
        List<PassageWords> passages = new ArrayList<>(n);
        Map<String, String> normalised = new HashMap<>();
        for (ChunkHit h : ranked.subList(0, n)) {
            passages.add(PassageWords.of(h, words, normalised));
        }
        double[] rarity = rarity(words, passages);
        record Scored(ChunkHit hit, double score) {}
        List<Scored> scored = new ArrayList<>(ranked.size());
        for (int i = 0; i < n; i++) {
            double prior = (k + 1.0) / (k + i + 1);
            scored.add(
                    new Scored(ranked.get(i), prior + weight * passages.get(i).score(rarity)));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<ChunkHit> out = new ArrayList<>(ranked.size());
        for (Scored s : scored) {
            out.add(s.hit().withScore(s.score()));
        }
        // Below the reranked ones, the rest keep fusion's order, their scores below every reranked one.
        double floor = scored.getLast().score();
        for (int i = n; i < ranked.size(); i++) {
            out.add(ranked.get(i).withScore(Math.min(floor, (k + 1.0) / (k + i + 1))));
        }
        return out;
    }

    /**
     * Each query word's weight, {@code ln(1 + n / df)} over the {@code n} candidates: a word every
     * candidate holds tells them apart by nothing; a word none holds is left out (0).
     */
    private static double[] rarity(QueryWords words, List<PassageWords> passages) {
        double[] w = new double[words.terms().size()];
        for (int t = 0; t < w.length; t++) {
            int df = 0;
            for (PassageWords p : passages) {
                df += p.inText(t) || p.inHeading(t) ? 1 : 0;
            }
            w[t] = df == 0 ? 0 : Math.log(1 + (double) passages.size() / df);
        }
        return w;
    }

    @Override
    public String toString() {
        return "lexical rerank of the first " + depth + " candidates, weight " + weight;
    }
}
