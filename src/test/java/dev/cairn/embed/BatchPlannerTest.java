package dev.cairn.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    private final int[] lengths = new Random(7).ints(500, 3, 257).toArray();

    @Test
    void everyTextIsInExactlyOneBatch() {
        List<BatchPlanner.Batch> plan = new BatchPlanner(4096, 64).plan(lengths);

        int[] seen = plan.stream()
                .flatMapToInt(b -> Arrays.stream(b.indices()))
                .sorted()
                .toArray();

        assertThat(seen).isEqualTo(IntStream.range(0, lengths.length).toArray());
    }

    @Test
    void batchesStayWithinTheTokenBudgetAndSize() {
        for (BatchPlanner.Batch b : new BatchPlanner(4096, 64).plan(lengths)) {
            assertThat((long) b.size() * b.paddedLength()).isLessThanOrEqualTo(4096);
            assertThat(b.size()).isLessThanOrEqualTo(64);
            assertThat(b.paddedLength())
                    .isEqualTo(Arrays.stream(b.indices())
                            .map(i -> lengths[i])
                            .max()
                            .orElseThrow());
        }
    }

    @Test
    void sortingByLengthComputesFarLessPaddingThanArrivalOrder() {
        double sorted = BatchPlanner.paddingFraction(new BatchPlanner(16_384, 32).plan(lengths), lengths);
        double unsorted = BatchPlanner.paddingFraction(BatchPlanner.inOrder(lengths, 32), lengths);

        assertThat(unsorted).isGreaterThan(0.3);
        assertThat(sorted).isLessThan(0.1);
    }

    @Test
    void aTextLongerThanTheBudgetStillGetsABatchOfItsOwn() {
        List<BatchPlanner.Batch> plan = new BatchPlanner(100, 8).plan(new int[] {10, 500, 10});

        assertThat(plan).anySatisfy(b -> assertThat(b.indices()).containsExactly(1));
    }

    @Test
    void paddingFractionIsZeroForEqualLengths() {
        int[] same = {5, 5, 5, 5};
        assertThat(BatchPlanner.paddingFraction(BatchPlanner.inOrder(same, 2), same))
                .isZero();
    }
}
