package dev.cairn.bench;

import dev.cairn.embed.BatchPlanner;
import dev.cairn.embed.Embedder;
import dev.cairn.embed.ModelTokenizer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The embedding suite: single-text latency, batch throughput and padding, on realistic chunks.
 * Run it on the model itself, not behind the cache, or repeated samples would be cache hits.
 */
public final class EmbedBenchmark {

    public static final List<Integer> BATCH_SIZES = List.of(1, 8, 32, 64);
    private static final int CHUNKS = 256;
    private static final int CHUNK_TOKENS = 200;
    private static final int PADDING_BATCH = 32;

    private final Harness harness;
    private final List<Integer> batchSizes;

    public EmbedBenchmark(Harness harness) {
        this(harness, BATCH_SIZES);
    }

    public EmbedBenchmark(Harness harness, List<Integer> batchSizes) {
        if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("Batch sizes must be 1 or more, not " + batchSizes);
        }
        this.harness = harness;
        this.batchSizes = List.copyOf(batchSizes);
    }

    public EmbedBenchReport run(Embedder embedder) {
        return run(embedder, (step, done, total) -> {});
    }

    /** How many steps {@link #run(Embedder, Progress)} reports: loading, single-text latency, each batch size. */
    public int steps() {
        return 2 + batchSizes.size();
    }

    /**
     * Runs the suite, telling {@code progress} before each step. The desktop stops a run by throwing
     * from {@code progress} (a step already started finishes first).
     */
    public EmbedBenchReport run(Embedder embedder, Progress progress) {
        progress.step("Loading " + embedder.modelId(), 0, steps());
        ModelTokenizer tokenizer = embedder.tokenizer();
        List<String> chunks = BenchChunks.generate(tokenizer, CHUNKS, CHUNK_TOKENS, 42);
        int[] tokens = chunks.stream()
                .mapToInt(c ->
                        Math.min(tokenizer.countTokens(c) + 2, embedder.model().maxTokens()))
                .toArray();
        double meanTokens = IntStream.of(tokens).average().orElse(0);

        embedder.embed("load the model before anything is timed");
        Duration load = embedder.loadTime().orElse(Duration.ZERO);

        progress.step("Single embedding", 1, steps());
        Stats single = single(embedder, chunks);
        List<EmbedBenchReport.Throughput> batches = new ArrayList<>();
        for (int size : batchSizes) {
            progress.step("Batch of " + size, 2 + batches.size(), steps());
            // Fewer samples for big batches: each already averages over many texts.
            Harness h = harness.withSamples(
                    Math.max(Math.min(3, harness.samples()), harness.samples() * 8 / Math.max(8, size)));
            long cpuBefore = processCpuNanos();
            Stats stats = h.measure("Batch of " + size, i -> embedder.embedAll(window(chunks, i * size, size)));
            long texts = (long) (h.warmup() + h.samples()) * size;
            double cpuMsPerText = (processCpuNanos() - cpuBefore) / 1e6 / texts;
            double textsPerSecond = size / stats.meanSeconds();
            batches.add(new EmbedBenchReport.Throughput(
                    size, stats, textsPerSecond, textsPerSecond * meanTokens, cpuMsPerText));
        }
        progress.step("Done", steps(), steps());
        double arrival = BatchPlanner.paddingFraction(BatchPlanner.inOrder(tokens, PADDING_BATCH), tokens);
        double sorted =
                BatchPlanner.paddingFraction(new BatchPlanner(Integer.MAX_VALUE, PADDING_BATCH).plan(tokens), tokens);
        return new EmbedBenchReport(
                embedder.modelId(),
                Runtime.getRuntime().availableProcessors(),
                load,
                chunks.size(),
                meanTokens,
                single,
                batches,
                PADDING_BATCH,
                arrival,
                sorted,
                embedder.model().maxBatch());
    }

    /**
     * The latency of embedding one ~200-token chunk, the model loaded first (untimed). Give it the
     * model itself, not a cache in front of it.
     */
    public Stats singleEmbedding(Embedder embedder) {
        List<String> chunks = BenchChunks.generate(embedder.tokenizer(), CHUNKS, CHUNK_TOKENS, 42);
        embedder.embed("load the model before anything is timed");
        return single(embedder, chunks);
    }

    private Stats single(Embedder embedder, List<String> chunks) {
        return harness.measure("Single Embedding", i -> embedder.embed(chunks.get(i % chunks.size())));
    }

    /** CPU time of the whole process, ONNX Runtime's native threads included; -1 where unknown. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    /** Hears which step the suite is on. */
    @FunctionalInterface
    public interface Progress {
        void step(String name, int done, int total);
    }

    private static List<String> window(List<String> chunks, int from, int size) {
        List<String> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            out.add(chunks.get((from + k) % chunks.size()));
        }
        return out;
    }
}
