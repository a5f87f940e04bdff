package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelSpec;
import dev.cairn.store.ChunkHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How the vector list votes where the model does not read the language (docs/decisions/0025-languages.md,
 * addendum stop 22): the fusion is arithmetic over the two lists the store returns, so the lists are
 * written out here, each chunk with the configuration its text was indexed with.
 */
class UnservedFusionTest {

    private final ModelSpec english = ModelSpec.DEFAULT;

    @Test
    void aQueryWhoseWordsFoundMostlyFrenchChunksDiscountsTheVectorsOfEnglishChunksToo() {
        List<ChunkHit> text = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            text.add(hit(i, i <= 6 ? "french" : "english"));
        }
        List<ChunkHit> vector = List.of(hit(20, "english"), hit(21, "french"), hit(7, "english"));

        assertThat(HybridFusion.readsUnserved(english, text)).isTrue();
        assertThat(HybridFusion.unserved(english, vector, text, Set.of()))
                .as("the model reads the French query no better against an English chunk")
                .containsExactlyInAnyOrder(20L, 21L, 7L);
    }

    @Test
    void aQueryWhoseWordsFoundMostlyEnglishChunksDiscountsOnlyTheFrenchChunksVectors() {
        List<ChunkHit> text = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            text.add(hit(i, i <= 5 ? "french" : "english"));
        }
        List<ChunkHit> vector = List.of(hit(20, "english"), hit(21, "french"));

        assertThat(HybridFusion.readsUnserved(english, text))
                .as("half is not most")
                .isFalse();
        assertThat(HybridFusion.unserved(english, vector, text, Set.of())).containsExactly(21L);
        assertThat(HybridFusion.readsUnserved(english, List.of()))
                .as("nothing found by words")
                .isFalse();
    }

    @Test
    void aModelOfEveryLanguageDiscountsNothing() {
        ModelSpec any = new ModelSpec(
                "any",
                english.files(),
                english.pooling(),
                english.normalize(),
                english.maxTokens(),
                english.queryPrefix(),
                english.passagePrefix(),
                english.dimension(),
                english.maxBatch(),
                List.of(ModelSpec.ANY_LANGUAGE));
        List<ChunkHit> french = List.of(hit(1, "french"), hit(2, "french"));

        assertThat(HybridFusion.unserved(any, french, french, Set.of(1L))).isEmpty();
    }

    @Test
    void anUnservedChunkAtTheVectorListsEndDoesNotRiseAboveTheTextListsFirst() {
        List<ChunkHit> text = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            // Falling scores, as a text list has them: with equal ones the vectors may order the text hits.
            text.add(hit(i, "french").withScore(1.0 - i * 0.05));
        }
        List<ChunkHit> vector = new ArrayList<>();
        for (int i = 1; i < 50; i++) {
            vector.add(hit(100 + i, "french"));
        }
        vector.add(hit(5, "french"));
        Set<Long> unserved = HybridFusion.unserved(english, vector, text, Set.of());

        List<ChunkHit> fused = HybridFusion.fuse(vector, text, Set.of(), unserved, 0.5);

        // Counted as a vote of its own, being in both lists at all lifted the text list's fifth above its first.
        assertThat(fused.getFirst().chunkId()).isEqualTo(1L);
        assertThat(fused.stream().limit(10).map(ChunkHit::chunkId))
                .as("the chunks only the vectors found come after the text list's ten")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void anUnservedVectorStillOrdersTextNeighboursAndAServedOneVotesInFull() {
        List<ChunkHit> text = List.of(hit(1, "french"), hit(2, "french"), hit(3, "english"), hit(4, "english"));
        List<ChunkHit> french = vectorsWithFirst(hit(2, "french"));

        assertThat(HybridFusion.fuse(french, text, Set.of(), Set.of(2L), 0.5)
                        .getFirst()
                        .chunkId())
                .as("the vectors' first among nearly equal text ranks")
                .isEqualTo(2L);

        List<ChunkHit> englishFirst = vectorsWithFirst(hit(4, "english"));
        assertThat(HybridFusion.fuse(englishFirst, text, Set.of(), Set.of(), 0.5)
                        .getFirst()
                        .chunkId())
                .as("a served vector's first place outweighs three text places")
                .isEqualTo(4L);
    }

    @Test
    void aChunkWaitingForItsVectorTakesItsTextRankAsAVectorRank() {
        List<ChunkHit> vector = List.of(hit(1, "english"), hit(2, "english"));
        List<ChunkHit> waiting = List.of(hit(3, "english"));

        // Vector mode while chunks wait for their vectors (progressive indexing): the text list votes nothing
        // itself, its rank stands in, floor and all, for the vector rank the chunk cannot have yet.
        assertThat(HybridFusion.fuse(vector, waiting, Set.of(3L), Set.of(), 0).stream()
                        .map(ChunkHit::chunkId))
                .containsExactly(1L, 3L, 2L);
    }

    @Test
    void aFrenchChunkWaitingForItsVectorStandsInAtTheUnservedWeightNotAboveTheIndexedOnes() {
        List<ChunkHit> text = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            text.add(hit(i, "french"));
        }
        List<ChunkHit> vector = vectorsWithFirst(hit(1, "french"));
        Set<Long> waiting = Set.of(3L);
        Set<Long> unserved = HybridFusion.unserved(english, vector, text, waiting);

        assertThat(unserved)
                .as("the waiting chunk's stand-in vote is discounted too")
                .contains(3L);
        assertThat(unserved)
                .as("a text hit with its vector has no vector vote to discount")
                .doesNotContain(2L);
        // At full weight the stand-in (its text place 3 as a vector place) put the waiting chunk above the chunk
        // first in both lists, whose own vector vote the French query discounts; discounted alike, it stays below.
        assertThat(HybridFusion.fuse(vector, text, waiting, Set.of(1L), 1.0)
                        .getFirst()
                        .chunkId())
                .as("the stand-in at full weight")
                .isEqualTo(3L);
        assertThat(HybridFusion.fuse(vector, text, waiting, unserved, 1.0)
                        .getFirst()
                        .chunkId())
                .isEqualTo(1L);
    }

    /** A vector list of 50, {@code first} and chunks no text list holds. */
    private static List<ChunkHit> vectorsWithFirst(ChunkHit first) {
        List<ChunkHit> vector = new ArrayList<>(List.of(first));
        for (int i = 1; i < 50; i++) {
            vector.add(hit(100 + i, "french"));
        }
        return vector;
    }

    private static ChunkHit hit(long id, String textConfig) {
        return FusionHits.hit(id, 1.0, textConfig);
    }
}
