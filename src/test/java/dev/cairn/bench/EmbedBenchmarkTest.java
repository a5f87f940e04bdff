package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.ModelTokenizer;
import dev.cairn.embed.OnnxEmbedder;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmbedBenchmarkTest {

    @Test
    void benchChunksAreProseNearTheTokenTargetAndRepeatable() {
        try (ModelTokenizer tokenizer = ModelTokenizer.load(ModelSpec.ALL_MINILM_L6_V2)) {
            List<String> chunks = BenchChunks.generate(tokenizer, 64, 200, 42);

            int[] tokens = chunks.stream().mapToInt(tokenizer::countTokens).toArray();
            assertThat(chunks).hasSize(64).doesNotHaveDuplicates();
            assertThat(IntStream.of(tokens).max().orElseThrow()).isLessThanOrEqualTo(200);
            assertThat(IntStream.of(tokens).average().orElseThrow()).isBetween(150.0, 200.0);
            assertThat(chunks.getFirst()).matches("[A-Z].*\\.");
            assertThat(BenchChunks.generate(tokenizer, 64, 200, 42)).isEqualTo(chunks);
        }
    }

    @Test
    void theSuiteReportsLatencyThroughputAndPaddingForTheRealModel() {
        try (OnnxEmbedder embedder = OnnxEmbedder.create(ModelSpec.ALL_MINILM_L6_V2)) {
            EmbedBenchReport report = new EmbedBenchmark(new Harness(0, 1), List.of(1, 4)).run(embedder);

            assertThat(report.model()).isEqualTo("all-minilm-l6-v2");
            assertThat(report.loadTime()).isPositive();
            assertThat(report.batches())
                    .extracting(EmbedBenchReport.Throughput::batchSize)
                    .containsExactly(1, 4);
            assertThat(report.batches())
                    .allSatisfy(b -> assertThat(b.tokensPerSecond()).isGreaterThan(b.textsPerSecond()));
            assertThat(report.paddingSortedByLength()).isLessThan(report.paddingInArrivalOrder());
            assertThat(report.toText())
                    .contains("Single Embedding", "Batch of 4", "Texts/s", "CPU ms/text", "Padding in batches of 32");
            assertThat(report.toMap()).containsKeys("single", "batches", "padding_sorted", "padding_arrival_order");
        }
    }
}
