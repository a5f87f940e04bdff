package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.ChunkHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The text list votes mostly by its scores (docs/decisions/0025-languages.md, addendum stop 23): the lists are written
 * out with the scores the store gives (a text hit's is its words' rank), the vector list served and 50 long.
 */
class TextScoreFusionTest {

    /** The text list's weight in {@link Searcher.Policy#DEFAULT}. */
    private static final double TEXT_WEIGHT = Searcher.Policy.DEFAULT.textWeight();

    @Test
    void aTextFirstPlaceLeadingTheSecondByItsScoreStaysAboveTheSecondThatTheVectorsRankTwentieth() {
        List<ChunkHit> text = List.of(hit(1, 2.0), hit(2, 1.0), hit(3, 0.9), hit(4, 0.8));
        List<ChunkHit> vector = vectorsWith(hit(2, 0.6), 20);

        // By ranks alone the second's text vote (1/62) and its twentieth vector place (1/80 less the floor, 1/111)
        // outweighed the first's text vote (1/61): .0196 against .0164.
        assertThat(HybridFusion.fuse(vector, text, Set.of(), Set.of(), TEXT_WEIGHT)
                        .getFirst()
                        .chunkId())
                .isEqualTo(1L);
    }

    @Test
    void aSecondScoringNearlyAsMuchAsTheFirstIsStillPutFirstByTheVectors() {
        List<ChunkHit> text = List.of(hit(1, 2.0), hit(2, 1.9), hit(3, 0.9), hit(4, 0.8));
        List<ChunkHit> vector = vectorsWith(hit(2, 0.6), 20);

        assertThat(HybridFusion.fuse(vector, text, Set.of(), Set.of(), TEXT_WEIGHT)
                        .getFirst()
                        .chunkId())
                .isEqualTo(2L);
    }

    @Test
    void aTextListWhoseFirstScoresNothingVotesByItsRanks() {
        List<ChunkHit> text = List.of(hit(1, 0), hit(2, 0));
        List<ChunkHit> vector = vectorsWith(hit(2, 0.6), 20);

        List<ChunkHit> fused = HybridFusion.fuse(vector, text, Set.of(), Set.of(), TEXT_WEIGHT);

        assertThat(fused.getFirst().chunkId()).isEqualTo(2L);
        assertThat(fused).allSatisfy(h -> assertThat(h.score()).isFinite());
        // The text list's whole weight by rank, none by score: the first text place alone is (1/61) / (2/61).
        assertThat(fused.stream()
                        .filter(h -> h.chunkId() == 1L)
                        .findFirst()
                        .orElseThrow()
                        .score())
                .isCloseTo(0.5, Offset.offset(1e-12));
    }

    @Test
    void aHitScoringNoNumberOrLessThanNothingGetsNoScoreVoteAndStaysBelowTheScoredOnes() {
        List<ChunkHit> text = List.of(hit(1, 2.0), hit(2, 1.0), hit(3, Double.NaN), hit(4, -1.0));

        List<ChunkHit> fused = HybridFusion.fuse(List.of(), text, Set.of(), Set.of(), TEXT_WEIGHT);

        assertThat(fused).extracting(ChunkHit::chunkId).containsExactly(1L, 2L, 3L, 4L);
        assertThat(fused).allSatisfy(h -> assertThat(h.score()).isFinite());
    }

    @Test
    void theScoresAreSharesOfTheListsBestWhereverItStands() {
        // A list out of score order (the store's never is): the best score is the measure, not the first place's.
        List<ChunkHit> text = List.of(hit(1, 0.001), hit(2, 2.0));

        List<ChunkHit> fused = HybridFusion.fuse(List.of(), text, Set.of(), Set.of(), TEXT_WEIGHT);

        assertThat(fused.getFirst().chunkId()).isEqualTo(2L);
    }

    @Test
    void aChunkFirstInBothListsStillScoresOne() {
        List<ChunkHit> text = List.of(hit(1, 3.0), hit(2, 1.0));
        List<ChunkHit> vector = vectorsWith(hit(1, 0.8), 1);

        ChunkHit first =
                HybridFusion.fuse(vector, text, Set.of(), Set.of(), TEXT_WEIGHT).getFirst();

        // Less the vector list's floor, as before: (1/61 + 1/61 - 1/111) / (2/61).
        assertThat(first.chunkId()).isEqualTo(1L);
        assertThat(first.score()).isCloseTo(1 - 61.0 / 222, Offset.offset(1e-9));
    }

    @Test
    void theRankShareForMeasuringIsAFractionAndSaysWhichPropertyIsWrong() {
        if (System.getProperty(HybridFusion.TEXT_RANK_SHARE_PROPERTY) == null) { // not while measuring another value
            assertThat(HybridFusion.TEXT_RANK_SHARE).isEqualTo(0.1);
        }
        assertThatThrownBy(() -> HybridFusion.fraction(HybridFusion.TEXT_RANK_SHARE_PROPERTY, "1.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(HybridFusion.TEXT_RANK_SHARE_PROPERTY);
    }

    /** A vector list of 50 with {@code hit} at {@code place} (1-based) and chunks no text list holds elsewhere. */
    private static List<ChunkHit> vectorsWith(ChunkHit hit, int place) {
        List<ChunkHit> vector = new ArrayList<>();
        for (int i = 1; i < 50; i++) {
            vector.add(hit(100 + i, 0.5));
        }
        vector.add(place - 1, hit);
        return vector;
    }

    private static ChunkHit hit(long id, double score) {
        return FusionHits.hit(id, score, "english");
    }
}
