package dev.cairn.bench;

import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.runtime.Cairn;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.StoredChunk;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How close ingestion comes to the model's own speed. Three runs on one library, back to back in
 * one process so that machine load hits them alike:
 *
 * <ol>
 *   <li>ingest the files end to end (hash, parse, chunk, embed, store) into an empty library;</li>
 *   <li>embed the very chunks that were stored, model only: a fresh model, no parsing, no
 *       database, no cache, the same batch size;</li>
 *   <li>ingest the same files again, unchanged: what a restart costs.</li>
 * </ol>
 *
 * The pipeline's chunks/s over the model's is the share of the model's speed ingestion keeps; the
 * re-run's time over the first run's is the cost of checking a library that did not change.
 */
public final class IngestBenchmark {

    /** The figures of one benchmark. CPU is process CPU time over wall time and cores, 0 to 1. */
    public record Report(String model, int documents, long chunks, long chars, int failed, double ingestSeconds,
                         double ingestCpu, double modelSeconds, double modelCpu, int batch, double rerunSeconds,
                         long throttleEvents, int cores) {

        public double ingestChunksPerSecond() {
            return chunks / ingestSeconds;
        }

        public double modelChunksPerSecond() {
            return chunks / modelSeconds;
        }

        /** End-to-end speed as a share of model-only speed (target: 0.9 or more). */
        public double shareOfModelSpeed() {
            return ingestChunksPerSecond() / modelChunksPerSecond();
        }

        /** The unchanged re-run's time as a share of the first run's (target: 0.05 or less). */
        public double rerunShare() {
            return rerunSeconds / ingestSeconds;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("documents", documents);
            m.put("failed", failed);
            m.put("chunks", chunks);
            m.put("chars", chars);
            m.put("cores", cores);
            m.put("embed_batch", batch);
            m.put("ingest_seconds", round(ingestSeconds));
            m.put("ingest_chunks_per_s", round(ingestChunksPerSecond()));
            m.put("ingest_chars_per_s", Math.round(chars / ingestSeconds));
            m.put("ingest_cpu_utilisation", round(ingestCpu));
            m.put("model_only_seconds", round(modelSeconds));
            m.put("model_only_chunks_per_s", round(modelChunksPerSecond()));
            m.put("model_only_cpu_utilisation", round(modelCpu));
            m.put("share_of_model_speed", round(shareOfModelSpeed()));
            m.put("rerun_seconds", round(rerunSeconds));
            m.put("rerun_share", round(rerunShare()));
            m.put("throttle_events", throttleEvents);
            return m;
        }

        public String toText() {
            return String.format(Locale.ROOT, """
                    %d documents (%d failed), %d chunks, %d characters, model %s, batch %d, %d cores
                    ingest end to end: %.1f s, %.1f chunks/s, %.0f chars/s, CPU %.0f%%, %d throttle events
                    model only:        %.1f s, %.1f chunks/s, CPU %.0f%%
                    pipeline keeps %.0f%% of the model's speed (target 90%%)
                    unchanged re-run:  %.2f s, %.1f%% of the first run (target 5%%)""",
                    documents, failed, chunks, chars, model, batch, cores,
                    ingestSeconds, ingestChunksPerSecond(), chars / ingestSeconds, ingestCpu * 100, throttleEvents,
                    modelSeconds, modelChunksPerSecond(), modelCpu * 100,
                    shareOfModelSpeed() * 100, rerunSeconds, rerunShare() * 100);
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    /** Runs the three steps on {@code cairn}, whose library should be empty. */
    public Report run(Cairn cairn, List<Path> roots, IngestPipeline.Options options) throws InterruptedException {
        IngestSummary first = cairn.pipeline(options).ingest(roots, false, new IngestControl(), IngestPipeline.Listener.NONE);

        ChunkStore store = cairn.store();
        List<String> texts = new ArrayList<>();
        long chars = 0;
        for (DocumentRecord doc : store.listDocuments()) {
            for (StoredChunk c : store.chunksOf(doc.id())) {
                texts.add(c.heading() == null || c.heading().isEmpty() ? c.text() : c.heading() + "\n" + c.text());
                chars += c.text().length();
            }
        }
        double modelSeconds;
        double modelCpu;
        try (OnnxEmbedder model = OnnxEmbedder.create(cairn.model())) {
            model.embed("load the model before the clock starts");
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int from = 0; from < texts.size(); from += options.embedBatch()) {
                model.embedAll(texts.subList(from, Math.min(texts.size(), from + options.embedBatch())));
            }
            long wall = System.nanoTime() - t0;
            modelSeconds = wall / 1e9;
            modelCpu = (processCpuNanos() - cpu0) / (double) wall / Runtime.getRuntime().availableProcessors();
        }

        IngestSummary rerun = cairn.pipeline(options).ingest(roots, false, new IngestControl(), IngestPipeline.Listener.NONE);
        return new Report(cairn.model().id(), first.indexed() + first.failed(), texts.size(), chars, first.failed(),
                first.elapsed().toNanos() / 1e9, first.cpuUtilisation(), modelSeconds, modelCpu, options.embedBatch(),
                rerun.elapsed().toNanos() / 1e9, first.throttleEvents(), Runtime.getRuntime().availableProcessors());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
