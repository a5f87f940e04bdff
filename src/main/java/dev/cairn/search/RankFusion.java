package dev.cairn.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, 2009): each list votes {@code 1 / (k + rank)}
 * for its items. Ranks, not raw scores, are fused, so a cosine similarity and a {@code ts_rank_cd}
 * need no calibration against each other.
 */
public final class RankFusion {

    /** The constant from the paper; larger values flatten the advantage of the very top ranks. */
    public static final int DEFAULT_K = 60;

    private RankFusion() {}

    /** One fused item: the score and the 1-based rank it had in each input list (0 where absent). */
    public record Fused<T>(T item, double score, int[] ranks) {}

    /**
     * Fuses ranked lists of items identified by {@code key}; the first occurrence of an item is the
     * one kept. Ties keep the order of first appearance (list order, then rank), so results are stable.
     */
    public static <T, K> List<Fused<T>> fuse(List<List<T>> rankings, Function<T, K> key, int k) {
        double[] equal = new double[rankings.size()];
        java.util.Arrays.fill(equal, 1.0);
        return fuse(rankings, equal, key, k);
    }

    /**
     * Weighted fusion: list {@code i} votes {@code weights[i] / (k + rank)}, so a retrieval known to
     * be weaker breaks ties and adds recall without overruling a stronger one.
     */
    public static <T, K> List<Fused<T>> fuse(List<List<T>> rankings, double[] weights, Function<T, K> key, int k) {
        if (weights.length != rankings.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + rankings.size() + " rankings");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        Map<K, Fused<T>> byKey = new LinkedHashMap<>();
        for (int list = 0; list < rankings.size(); list++) {
            List<T> ranking = rankings.get(list);
            for (int i = 0; i < ranking.size(); i++) {
                T item = ranking.get(i);
                int rank = i + 1;
                int listIndex = list;
                byKey.compute(key.apply(item), (kk, prev) -> {
                    int[] ranks = prev == null ? new int[rankings.size()] : prev.ranks();
                    if (ranks[listIndex] == 0) {
                        ranks[listIndex] = rank;
                    }
                    double score = (prev == null ? 0 : prev.score())
                            + (ranks[listIndex] == rank ? weights[listIndex] / (k + rank) : 0);
                    return new Fused<>(prev == null ? item : prev.item(), score, ranks);
                });
            }
        }
        List<Fused<T>> fused = new ArrayList<>(byKey.values());
        fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
        return fused;
    }

    /**
     * The first {@code limit} of {@code ranked} with at most {@code perGroup} items of each group (e.g.
     * chunks of one document) ahead of the rest, in order: a group's further items only fill places no
     * other group's item takes, so a library or list of one or two documents still fills the list.
     */
    public static <T, G> List<T> capPerGroup(List<T> ranked, Function<T, G> group, int perGroup, int limit) {
        Map<G, Integer> seen = new LinkedHashMap<>();
        List<T> out = new ArrayList<>(Math.min(limit, ranked.size()));
        List<T> further = new ArrayList<>();
        for (T item : ranked) {
            if (out.size() >= limit) {
                break;
            }
            int n = seen.merge(group.apply(item), 1, Integer::sum);
            if (n <= perGroup) {
                out.add(item);
            } else if (further.size() < limit) {
                further.add(item);
            }
        }
        for (int i = 0; i < further.size() && out.size() < limit; i++) {
            out.add(further.get(i));
        }
        return out;
    }
}
