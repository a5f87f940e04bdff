package dev.cairn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {

    private static final double SAME = 0.9999;

    @Test
    void theModelLoadsOnceOnFirstUseEvenWhenManyCallersArriveTogether() throws Exception {
        try (OnnxEmbedder fresh = OnnxEmbedder.create(ModelSpec.ALL_MINILM_L6_V2)) {
            assertThat(fresh.sessionLoads()).isZero();
            assertThat(fresh.loadTime()).isEmpty();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<float[]>> answers = new ArrayList<>();
            try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    String text = "caller " + i;
                    answers.add(callers.submit(() -> {
                        start.await();
                        return fresh.embed(text);
                    }));
                }
                start.countDown();
                for (Future<float[]> answer : answers) {
                    assertThat(answer.get()).hasSize(384);
                }
            }
            assertThat(fresh.sessionLoads()).isEqualTo(1);
            assertThat(fresh.loadTime()).isPresent();
        }
    }

    @Test
    void closingWhileABatchRunsWaitsForItAndLaterCallsAreRefusedClearly() throws Exception {
        OnnxEmbedder fresh = OnnxEmbedder.create(ModelSpec.ALL_MINILM_L6_V2);
        fresh.embed("load the model first");
        List<String> texts = java.util.Collections.nCopies(64, OracleTexts.thousandWords());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<List<float[]>> running =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    started.countDown();
                    return fresh.embedAll(texts);
                });
        started.await();
        fresh.close();

        // Either the batch got the model first and finished whole, or close won and the batch was
        // refused with the clear message; never a half-freed session (which crashed the process).
        running.handle((vectors, error) -> {
                    if (error == null) {
                        assertThat(vectors)
                                .hasSize(64)
                                .allSatisfy(v -> assertThat(v).hasSize(384));
                    } else {
                        assertThat(error)
                                .rootCause()
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessageContaining("closed");
                    }
                    return null;
                })
                .get();
        assertThatThrownBy(() -> fresh.embed("after close"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theTokenizerLoadsWithoutLoadingTheModel() {
        try (OnnxEmbedder fresh = OnnxEmbedder.create(ModelSpec.BGE_SMALL_EN_V15_Q)) {
            assertThat(fresh.tokenizer().countTokens("three little words")).isEqualTo(3);
            assertThat(fresh.sessionLoads()).isZero();
        }
    }

    @Test
    void vectorsHaveUnitLengthAndTheModelsDimension() {
        for (ModelSpec model : ModelSpec.all()) {
            float[] v = RealModels.get(model).embed("A sentence about mountains.");
            assertThat(v).hasSize(model.dimension());
            assertThat(VectorMath.norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void whitespaceOnlyTextGivesTheVectorOfAnEmptyInput() {
        for (ModelSpec model : ModelSpec.all()) {
            OnnxEmbedder embedder = RealModels.get(model);
            float[] empty = embedder.embed("");

            List<float[]> mixed = embedder.embedAll(List.of("a real sentence", "   ", "\n\t \u00a0", "another one"));

            assertThat(VectorMath.norm(empty)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(VectorMath.cosine(mixed.get(1), empty)).isGreaterThanOrEqualTo(SAME);
            assertThat(VectorMath.cosine(mixed.get(2), empty)).isGreaterThanOrEqualTo(SAME);
            assertThat(VectorMath.cosine(mixed.get(0), embedder.embed("a real sentence")))
                    .isGreaterThanOrEqualTo(SAME);
        }
    }

    @Test
    void batchedAndPaddedVectorsEqualOneAtATime() {
        OnnxEmbedder embedder = RealModels.get(ModelSpec.ALL_MINILM_L6_V2);
        List<String> texts = new ArrayList<>(OracleTexts.shortAndMedium());
        texts.add(OracleTexts.thousandWords());

        List<float[]> batched = embedder.embedAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(VectorMath.cosine(batched.get(i), embedder.embed(texts.get(i))))
                    .as("text %d", i)
                    .isGreaterThanOrEqualTo(SAME);
        }
    }

    @Test
    void textsLongerThanTheLimitAreTruncatedToIt() {
        OnnxEmbedder embedder = RealModels.get(ModelSpec.ALL_MINILM_L6_V2);
        String longText = OracleTexts.thousandWords();
        Tokens tokens = embedder.tokenizer().tokenize(longText);
        String firstTokens = longText.substring(0, tokens.ends()[253]); // 254 + [CLS] + [SEP] = 256

        assertThat(VectorMath.cosine(embedder.embed(longText), embedder.embed(firstTokens)))
                .isGreaterThanOrEqualTo(SAME);
        assertThat(VectorMath.cosine(embedder.embed(longText), embedder.embed(longText.substring(0, 400))))
                .isLessThan(SAME);
    }

    @Test
    void tokensCarryTheirPlaceInTheTextEvenPastEmoji() {
        String text = "Héllo 😀 東京 world";
        Tokens tokens = RealModels.get(ModelSpec.ALL_MINILM_L6_V2).tokenizer().tokenize(text);

        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            pieces.add(text.substring(tokens.starts()[i], tokens.ends()[i]));
        }

        assertThat(pieces).containsExactly("Héllo", "😀", "東", "京", "world");
        assertThat(RealModels.get(ModelSpec.ALL_MINILM_L6_V2).tokenizer().countTokens(text))
                .isEqualTo(5);
    }

    @Test
    void theModelIsASettingChosenById() {
        assertThat(ModelSpec.byId("BGE-small-en-v1.5-q")).isEqualTo(ModelSpec.BGE_SMALL_EN_V15_Q);
        assertThat(ModelSpec.DEFAULT).isEqualTo(ModelSpec.ALL_MINILM_L6_V2);
        assertThatThrownBy(() -> ModelSpec.byId("gpt-9"))
                .hasMessageContaining("Unknown embedding model 'gpt-9'")
                .hasMessageContaining("all-minilm-l6-v2, bge-small-en-v1.5-q");
    }

    @Test
    void onlyModelsWithAQueryInstructionChangeQueries() {
        OnnxEmbedder minilm = RealModels.get(ModelSpec.ALL_MINILM_L6_V2);
        assertThat(minilm.embedQuery("where is the pier")).isEqualTo(minilm.embed("where is the pier"));
        assertThat(ModelSpec.BGE_SMALL_EN_V15_Q.queryText("q"))
                .isEqualTo("Represent this sentence for searching relevant passages: q");
    }

    @Test
    void brokenUnicodeAndControlCharactersDoNotStopTheBatch() {
        List<float[]> vectors = RealModels.get(ModelSpec.ALL_MINILM_L6_V2)
                .embedAll(List.of("fine", "lone \uD800 surrogate", "\u0000 nul and \u0007 bell"));

        assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(384));
    }

    @Test
    void aNullTextIsRejectedWithItsPosition() {
        List<String> texts = new ArrayList<>(List.of("fine"));
        texts.add(null);
        assertThatThrownBy(() -> RealModels.get(ModelSpec.ALL_MINILM_L6_V2).embedAll(texts))
                .hasMessage("Text 1 of 2 is null; pass \"\" for no text.");
    }
}
