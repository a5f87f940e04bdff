package dev.cairn.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code cairn bench embed} measured for one model.
 *
 * @param model the model id
 * @param cores the processors the JVM saw (ONNX Runtime uses all of them per call)
 * @param loadTime how long the first use took to load the model
 * @param chunks how many distinct chunks the runs cycled through
 * @param meanChunkTokens their mean length in model tokens, [CLS] and [SEP] included
 * @param single the latency of embedding one chunk
 * @param batches throughput per batch size
 * @param paddingBatchSize the batch size the padding comparison used
 * @param paddingInArrivalOrder the share of padded positions when batches are taken as they come
 * @param paddingSortedByLength the share of padded positions when texts are sorted by length first
 * @param modelMaxBatch the most texts the model takes per call ({@link dev.cairn.embed.ModelSpec#maxBatch()})
 */
public record EmbedBenchReport(
        String model,
        int cores,
        Duration loadTime,
        int chunks,
        double meanChunkTokens,
        Stats single,
        List<Throughput> batches,
        int paddingBatchSize,
        double paddingInArrivalOrder,
        double paddingSortedByLength,
        int modelMaxBatch) {

    /**
     * One batch size: its latency and the rates it reached. {@code cpuMsPerText} is the process's
     * CPU time per text over warm-up and samples: steadier than wall time on a busy machine.
     */
    public record Throughput(
            int batchSize, Stats stats, double textsPerSecond, double tokensPerSecond, double cpuMsPerText) {}

    public String toText() {
        List<Stats> rows = new ArrayList<>();
        rows.add(single);
        batches.forEach(b -> rows.add(b.stats()));
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Model %s, %d cores, loaded in %d ms; %d chunks of %.0f tokens on average%n%n",
                model,
                cores,
                loadTime.toMillis(),
                chunks,
                meanChunkTokens));
        out.append(Harness.table(rows)).append('\n');
        out.append(String.format(Locale.ROOT, "%-10s %10s %12s %14s%n", "Batch", "Texts/s", "Tokens/s", "CPU ms/text"));
        for (Throughput t : batches) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-10d %10.1f %12.0f %14.1f%n",
                    t.batchSize(),
                    t.textsPerSecond(),
                    t.tokensPerSecond(),
                    t.cpuMsPerText()));
        }
        out.append(String.format(
                Locale.ROOT,
                "%nPadding in batches of %d: %.1f%% in arrival order, %.1f%% sorted by length%n",
                paddingBatchSize,
                100 * paddingInArrivalOrder,
                100 * paddingSortedByLength));
        if (modelMaxBatch == 1) {
            out.append("(this model runs one text per call, so it computes no padding at all)\n");
        }
        return out.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("cores", cores);
        m.put("load_ms", loadTime.toMillis());
        m.put("chunks", chunks);
        m.put("mean_chunk_tokens", Math.round(meanChunkTokens * 10) / 10.0);
        m.put("single", single.toMap());
        List<Map<String, Object>> bs = new ArrayList<>();
        for (Throughput t : batches) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("batch_size", t.batchSize());
            b.put("texts_per_s", Math.round(t.textsPerSecond() * 10) / 10.0);
            b.put("tokens_per_s", Math.round(t.tokensPerSecond()));
            b.put("cpu_ms_per_text", Math.round(t.cpuMsPerText() * 10) / 10.0);
            b.put("latency", t.stats().toMap());
            bs.add(b);
        }
        m.put("batches", bs);
        m.put("padding_batch_size", paddingBatchSize);
        m.put("padding_arrival_order", paddingInArrivalOrder);
        m.put("padding_sorted", paddingSortedByLength);
        m.put("model_max_batch", modelMaxBatch);
        return m;
    }
}
