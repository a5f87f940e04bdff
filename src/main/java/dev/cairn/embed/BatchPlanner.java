package dev.cairn.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits texts of known token lengths into model batches. Each batch is padded to its longest
 * text, so sorting by length first keeps the padded (wasted) positions few; a token budget
 * bounds the padded size of a batch, which bounds memory and keeps batches cache-friendly.
 *
 * @param tokenBudget the most padded positions (texts x longest length) in one batch
 * @param maxBatchSize the most texts in one batch
 */
public record BatchPlanner(int tokenBudget, int maxBatchSize) {

    /** 16k positions: 64 texts of 256 tokens, or 32 of 512. */
    public static final BatchPlanner DEFAULT = new BatchPlanner(16_384, 64);

    /** One batch: which texts (indices into the input) and the length they are padded to. */
    public record Batch(int[] indices, int paddedLength) {

        public int size() {
            return indices.length;
        }
    }

    public BatchPlanner {
        if (tokenBudget < 1 || maxBatchSize < 1) {
            throw new IllegalArgumentException("tokenBudget and maxBatchSize must be positive");
        }
    }

    /** Batches sorted by length, each within the budget (a single over-long text gets a batch of its own). */
    public List<Batch> plan(int[] lengths) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        List<Batch> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int longest = 0;
        for (int i : order) {
            int len = lengths[i];
            int wouldBe = Math.max(longest, len) * (current.size() + 1);
            if (!current.isEmpty() && (wouldBe > tokenBudget || current.size() == maxBatchSize)) {
                batches.add(batch(current, longest));
                current.clear();
                longest = 0;
            }
            current.add(i);
            longest = Math.max(longest, len);
        }
        if (!current.isEmpty()) {
            batches.add(batch(current, longest));
        }
        return batches;
    }

    /** Batches of {@code batchSize} in arrival order, as a naive caller would send them. */
    public static List<Batch> inOrder(int[] lengths, int batchSize) {
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < lengths.length; from += batchSize) {
            int[] indices = IntStream.range(from, Math.min(lengths.length, from + batchSize))
                    .toArray();
            int longest = Arrays.stream(indices).map(i -> lengths[i]).max().orElse(0);
            batches.add(new Batch(indices, longest));
        }
        return batches;
    }

    /** The share of computed positions that are padding. */
    public static double paddingFraction(List<Batch> batches, int[] lengths) {
        long computed = 0;
        long real = 0;
        for (Batch b : batches) {
            computed += (long) b.paddedLength() * b.size();
            for (int i : b.indices()) {
                real += lengths[i];
            }
        }
        return computed == 0 ? 0 : (double) (computed - real) / computed;
    }

    private static Batch batch(List<Integer> indices, int longest) {
        return new Batch(indices.stream().mapToInt(Integer::intValue).toArray(), longest);
    }
}
