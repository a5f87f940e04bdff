package dev.cairn.search;

import dev.cairn.embed.ModelSpec;
import dev.cairn.store.ChunkHit;
import dev.cairn.text.Languages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a hybrid search fuses its vector and full-text lists: Reciprocal Rank Fusion with the vector list's floor
 * taken off, the text list voting mostly by its scores, and the vector votes discounted where the active model does
 * not read the language (docs/decisions/0005-hybrid-retrieval.md, docs/decisions/0025-languages.md).
 */
public final class HybridFusion {

    private HybridFusion() {}

    /** System property: {@link #UNSERVED_VECTOR_WEIGHT} for measuring. */
    static final String UNSERVED_WEIGHT_PROPERTY = "cairn.unserved.weight";

    /**
     * The vector list's weight where the model does not read the language (a chunk in such a language, or any chunk
     * for a query in one: {@link #unserved}): 0.15 of a served vector vote. Swept on the Debian Reference in seven
     * languages with the text list at 0.5, and measured again with it at 1 (docs/decisions/0025-languages.md, addenda
     * stops 21 and 22).
     */
    static final double UNSERVED_VECTOR_WEIGHT = unservedWeight(System.getProperty(UNSERVED_WEIGHT_PROPERTY, "0.15"));

    /** System property: {@link #TEXT_RANK_SHARE} for measuring. */
    static final String TEXT_RANK_SHARE_PROPERTY = "cairn.fusion.rank.share";

    /**
     * The part of the text list's vote its ranks give (RRF's {@code 1/(k + rank)}); the rest is the square root of
     * each chunk's score as a share of the list's best, times the first place's vote. RRF's text votes were flat
     * (the first place .0164, the tenth .0143), so a vector vote at all but the last few places outweighed a text first
     * place whatever its lead,
     * and hybrid lost first places text mode kept in English, Spanish, French and Japanese. 0.1 and the square root
     * swept on all nine eval sets (docs/decisions/0025-languages.md, addendum stop 23).
     */
    static final double TEXT_RANK_SHARE =
            fraction(TEXT_RANK_SHARE_PROPERTY, System.getProperty(TEXT_RANK_SHARE_PROPERTY, "0.1"));

    /** How many of the text list's first chunks tell the language a query's words are in ({@link #readsUnserved}). */
    static final int QUERY_LANGUAGE_CHUNKS = 10;

    /**
     * The vector hits whose vote {@link #UNSERVED_VECTOR_WEIGHT} discounts (docs/decisions/0025-languages.md): none
     * for a model of any language ({@code *}); every one for a query whose words are in a language the model does
     * not serve ({@link #readsUnserved}: a vector is only as good as the model's reading of both texts, and it reads
     * such a query no better against an English chunk than against a French one); else the chunks read with another
     * language's configuration than the model's. A text hit in {@code textOnly} (still waiting for its vector)
     * counts too: its text rank votes in the vector's stead ({@link #fuse}), discounted alike.
     */
    static Set<Long> unserved(ModelSpec model, List<ChunkHit> vector, List<ChunkHit> text, Set<Long> textOnly) {
        if (model.serves(ModelSpec.ANY_LANGUAGE)) {
            return Set.of();
        }
        boolean query = readsUnserved(model, text);
        Set<Long> out = new HashSet<>();
        for (ChunkHit h : vector) {
            if (query || !serves(model, h)) {
                out.add(h.chunkId());
            }
        }
        for (ChunkHit h : text) {
            if (textOnly.contains(h.chunkId()) && (query || !serves(model, h))) {
                out.add(h.chunkId());
            }
        }
        return out;
    }

    /**
     * Whether a query's words are in a language the model does not serve: most of the text list's first
     * {@link #QUERY_LANGUAGE_CHUNKS} chunks are. The text half read the query in each of the library's languages
     * and found the chunks holding its words, so their languages are the query's, where a detector reading a
     * heading of three words is often wrong (docs/decisions/0025-languages.md). A library of the model's languages
     * alone never reads so.
     */
    static boolean readsUnserved(ModelSpec model, List<ChunkHit> text) {
        List<ChunkHit> first = text.subList(0, Math.min(QUERY_LANGUAGE_CHUNKS, text.size()));
        long unserved = first.stream().filter(h -> !serves(model, h)).count();
        return 2 * unserved > first.size();
    }

    /** Whether {@code query}'s script names a language {@code model} does not serve (its vectors then do not vote). */
    static boolean scriptUnserved(ModelSpec model, String query) {
        return Languages.byScript(query)
                .filter(g -> !model.serves(g.language()))
                .isPresent();
    }

    /** {@code value} as a weight from 0 (the vectors do not vote) to 1 (as a served language's). */
    static double unservedWeight(String value) {
        return fraction(UNSERVED_WEIGHT_PROPERTY, value);
    }

    /** {@code value} of {@code property} as a number from 0 to 1, or an error that names the property. */
    static double fraction(String property, String value) {
        double weight;
        try {
            weight = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            weight = Double.NaN;
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException(property + " must be a number from 0 to 1, was " + value);
        }
        return weight;
    }

    /** Whether the model serves a chunk's language: its stemmer's, or for {@code simple} its document's. */
    static boolean serves(ModelSpec model, ChunkHit hit) {
        return Languages.languageOf(hit.textConfig())
                .map(model::serves)
                .orElseGet(() -> hit.language() != null && model.serves(hit.language()));
    }

    /**
     * Reciprocal-rank fusion of the vector and text lists, scaled so that a chunk ranked first by
     * both scores 1 (less the vector list's floor, below). A chunk in {@code textOnly} has no vector yet: its
     * text rank stands in for the vector rank it cannot have, so it is not ranked below chunks that merely have
     * one. A chunk in {@code unserved} is in a language the model was not trained on, or the query is: its
     * vector rank (or the text rank standing in for it) votes at {@link #UNSERVED_VECTOR_WEIGHT}, less than a text
     * rank.
     *
     * <p>The vector list ranks every chunk and is cut at its length, so a chunk missing from it ranks below its
     * last: each vector vote counts only what it gives above the vote of the place after the last (the floor).
     * Counted whole, merely being in both lists outvoted the text list's order: a chunk at the text list's fifth
     * place and the vector list's fiftieth rose above the text list's first (docs/decisions/0025-languages.md,
     * addendum stop 22).
     *
     * <p>The text list votes {@link #TEXT_RANK_SHARE} by its ranks and the rest by its scores: a text hit of score
     * {@code s} in a list whose best scores {@code s1} gets the first place's vote times {@code sqrt(s / s1)}, so a
     * first place that leads the second by its words' score is outvoted only by a high vector place of the second,
     * while near-equal scores still leave the vectors to order them. A list whose best scores nothing (0, or no
     * finite score) votes by its ranks alone; a hit scoring 0 or less, or no number, gets no score vote. A chunk
     * listed twice counts at its first place, as {@link RankFusion#fuse} counts it.
     */
    public static List<ChunkHit> fuse(
            List<ChunkHit> vector, List<ChunkHit> text, Set<Long> textOnly, Set<Long> unserved, double textWeight) {
        double best = (1 + textWeight) / (RankFusion.DEFAULT_K + 1);
        double floor = 1.0 / (RankFusion.DEFAULT_K + vector.size() + 1);
        double first = text.stream()
                .mapToDouble(ChunkHit::score)
                .filter(Double::isFinite)
                .max()
                .orElse(0);
        double byRank = first > 0 ? TEXT_RANK_SHARE : 1;
        Map<Long, Double> extra = new HashMap<>();
        Map<Long, Double> byScore = new HashMap<>();
        for (int i = 0; i < text.size(); i++) {
            ChunkHit h = text.get(i);
            long id = h.chunkId();
            if (textOnly.contains(id)) {
                double weight = unserved.contains(id) ? UNSERVED_VECTOR_WEIGHT : 1;
                extra.putIfAbsent(id, weight * Math.max(0, 1.0 / (RankFusion.DEFAULT_K + i + 1) - floor));
            }
            if (byRank < 1) {
                double share = h.score() > 0 ? Math.sqrt(Math.min(1, h.score() / first)) : 0;
                byScore.putIfAbsent(id, textWeight * (1 - byRank) * share / (RankFusion.DEFAULT_K + 1));
            }
        }
        List<ChunkHit> fused = new ArrayList<>();
        for (var f : RankFusion.fuse(
                List.of(vector, text),
                new double[] {1.0, textWeight * byRank},
                ChunkHit::chunkId,
                RankFusion.DEFAULT_K)) {
            ChunkHit h = f.item();
            double discount = 0;
            if (f.ranks()[0] > 0) {
                double vote = 1.0 / (RankFusion.DEFAULT_K + f.ranks()[0]);
                double weight = unserved.contains(h.chunkId()) ? UNSERVED_VECTOR_WEIGHT : 1;
                discount = vote - weight * (vote - floor);
            }
            double score = (f.score()
                            + extra.getOrDefault(h.chunkId(), 0.0)
                            + byScore.getOrDefault(h.chunkId(), 0.0)
                            - discount)
                    / best;
            fused.add(h.withScore(score));
        }
        fused.sort(Comparator.comparingDouble(ChunkHit::score).reversed());
        return fused;
    }
}
