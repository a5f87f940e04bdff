package dev.cairn.bench;

import dev.cairn.app.Cairn;
import dev.cairn.embed.Embedder;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.ProcFiles;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.StoredChunk;
import dev.cairn.store.VectorIndex;
import dev.cairn.store.VectorIndexUpkeep;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How soon a library is searchable, and how close ingestion comes to the model's own speed. Three
 * runs on one library, back to back in one process so that machine load hits them alike:
 *
 * <ol>
 *   <li>ingest the files end to end into an empty library: hash, parse, chunk and store the text
 *       (every document then searchable by its words: {@code text_searchable_s}), then embed every
 *       chunk (the library fully semantic: {@code semantic_s});</li>
 *   <li>embed the very chunks that were stored, model only: a fresh model, no parsing, no
 *       database, no cache, the same batch size;</li>
 *   <li>ingest the same files again, unchanged: what a restart costs.</li>
 * </ol>
 *
 * The pipeline's chunks/s over the model's is the share of the model's speed ingestion keeps; the
 * re-run's time over the first run's is the cost of checking a library that did not change.
 */
public final class IngestBenchmark {

    /**
     * The figures of one benchmark. CPU is process CPU time over wall time and cores, 0 to 1.
     *
     * @param textSeconds   start until every document was searchable by its words
     * @param ingestSeconds start until every chunk had its vector
     * @param modelTokens   what the model computed during the ingest: tokens, and positions with padding
     * @param reusedInputs  chunks the model was fed the chunker's token ids for (not tokenized a second time)
     * @param assembledInputs chunks whose model input the chunker put together from the tokens it had
     *     counted with, without tokenizing the chunk's text (the rest were tokenized once more at import)
     * @param ingestServerCpuSeconds the bundled server's CPU-seconds during the ingest (0 with an external one)
     * @param embedStage    the embedding stage on its own, from the moment the text stage ended
     * @param vectorIndex   the index the library got after every other figure was taken, as the setting asks
     * @param indexBuildSeconds how long building it took (0 when none was built), in no other figure
     */
    public record Report(
            String model,
            int documents,
            long chunks,
            long chars,
            int failed,
            double textSeconds,
            double ingestSeconds,
            double ingestCpu,
            Embedder.TokenCount modelTokens,
            double modelSeconds,
            double modelCpu,
            int batch,
            double rerunSeconds,
            long throttleEvents,
            int cores,
            long reusedInputs,
            long assembledInputs,
            double ingestServerCpuSeconds,
            EmbedStage embedStage,
            String vectorIndex,
            double indexBuildSeconds) {

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

        /** Cairn's own CPU-seconds during the ingest. */
        public double ingestCpuSeconds() {
            return ingestCpu * ingestSeconds * cores;
        }

        /**
         * The embedding stage's speed, from the end of the text stage, as a share of the model's
         * alone on the same work: the model-only time scaled by the share of the model's tokens
         * computed after the text stage ended.
         */
        public double embedStageShareOfModelSpeed() {
            return modelSeconds * embedStage.modelTokenShare() / embedStage.seconds();
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
            m.put("text_searchable_s", round(textSeconds));
            m.put("semantic_s", round(ingestSeconds));
            m.put("chunks_per_s", round(ingestChunksPerSecond()));
            m.put("model_tokens", modelTokens.tokens());
            m.put("model_positions", modelTokens.positions());
            m.put("model_inputs_from_chunker", reusedInputs);
            m.put("model_inputs_assembled", assembledInputs);
            m.put("ingest_seconds", round(ingestSeconds));
            m.put("ingest_chunks_per_s", round(ingestChunksPerSecond()));
            m.put("ingest_chars_per_s", Math.round(chars / ingestSeconds));
            m.put("ingest_cpu_utilisation", round(ingestCpu));
            m.put("model_only_seconds", round(modelSeconds));
            m.put("model_only_chunks_per_s", round(modelChunksPerSecond()));
            m.put("model_only_cpu_utilisation", round(modelCpu));
            m.put(
                    "model_only_cpu_s",
                    round(modelCpu * modelSeconds * cores)); // steadier than wall time on a shared machine
            m.put("share_of_model_speed", round(shareOfModelSpeed()));
            // the same after the text stage, when the model no longer shares the cores with it
            m.put("embed_stage_s", round(embedStage.seconds()));
            m.put("embed_stage_model_token_share", round(embedStage.modelTokenShare()));
            m.put("embed_stage_share_of_model_speed", round(embedStageShareOfModelSpeed()));
            m.put("embed_stage_cpu_s", round(embedStage.cpuSeconds()));
            m.put("embed_stage_server_cpu_s", round(embedStage.serverCpuSeconds()));
            m.put("ingest_cpu_s", round(ingestCpuSeconds()));
            m.put("ingest_server_cpu_s", round(ingestServerCpuSeconds));
            m.put("rerun_seconds", round(rerunSeconds));
            m.put("rerun_share", round(rerunShare()));
            m.put("throttle_events", throttleEvents);
            m.put("vector_index", vectorIndex);
            m.put("index_build_s", round(indexBuildSeconds));
            return m;
        }

        public String toText() {
            return String.format(
                    Locale.ROOT,
                    """
                    %d documents (%d failed), %d chunks, %d characters, model %s, batch %d, %d cores
                    text searchable:   %.1f s
                    semantic (all vectors): %.1f s, %.1f chunks/s, %.0f chars/s, CPU %.0f%%, %d throttle events
                    model tokens:      %,d (%,d positions with padding); %,d chunks fed the chunker's token ids, %,d of them assembled
                    model only:        %.1f s, %.1f chunks/s, CPU %.0f%%
                    pipeline keeps %.0f%% of the model's speed (target 90%%)
                    embedding stage:   %.1f s after the text stage (%.0f%% of the model's tokens), %.0f%% of the model's speed
                    CPU-seconds:       ingest %.1f (server %.1f), embedding stage %.1f (server %.1f), model only %.1f
                    unchanged re-run:  %.2f s, %.1f%% of the first run (target 5%%)""",
                    documents,
                    failed,
                    chunks,
                    chars,
                    model,
                    batch,
                    cores,
                    textSeconds,
                    ingestSeconds,
                    ingestChunksPerSecond(),
                    chars / ingestSeconds,
                    ingestCpu * 100,
                    throttleEvents,
                    modelTokens.tokens(),
                    modelTokens.positions(),
                    reusedInputs,
                    assembledInputs,
                    modelSeconds,
                    modelChunksPerSecond(),
                    modelCpu * 100,
                    shareOfModelSpeed() * 100,
                    embedStage.seconds(),
                    embedStage.modelTokenShare() * 100,
                    embedStageShareOfModelSpeed() * 100,
                    ingestCpuSeconds(),
                    ingestServerCpuSeconds,
                    embedStage.cpuSeconds(),
                    embedStage.serverCpuSeconds(),
                    modelCpu * modelSeconds * cores,
                    rerunSeconds,
                    rerunShare() * 100);
        }

        static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    /**
     * The embedding stage on its own: from the moment every document was stored until the last
     * vector, when the model no longer shares the cores with the text stage.
     *
     * @param seconds          wall time
     * @param modelTokenShare  the share of the ingest's model tokens computed in that time
     * @param cpuSeconds       Cairn's CPU-seconds in that time
     * @param serverCpuSeconds the bundled server's CPU-seconds in that time
     */
    public record EmbedStage(double seconds, double modelTokenShare, double cpuSeconds, double serverCpuSeconds) {}

    /** What {@link #run} notes when the text stage ends. */
    private static final class TextEnd implements IngestPipeline.Listener {
        private final Cairn cairn;
        private volatile long tokens;
        private volatile long cpuNanos;
        private volatile double serverCpu;

        TextEnd(Cairn cairn) {
            this.cairn = cairn;
        }

        @Override
        public void textStored(IngestSummary text) {
            tokens = cairn.embedder().tokenCount().tokens();
            cpuNanos = processCpuNanos();
            serverCpu = serverCpuSeconds(cairn);
        }
    }

    /**
     * Only the first half of step 1: until every document is searchable by its words (the vectors
     * are not waited for). For tuning the text stage without the model's minutes.
     */
    public Map<String, Object> textOnly(Cairn cairn, List<Path> roots, IngestPipeline.Options options)
            throws InterruptedException {
        IngestSummary text;
        long assembledBefore = cairn.embedder().tokenizer().assembledInputs();
        long cpu0 = processCpuNanos();
        double server0 = serverCpuSeconds(cairn);
        try (var noVectors = cairn.semanticIndex().holdForText()) {
            text = cairn.pipeline(options).ingestText(roots, false, new IngestControl(), IngestPipeline.Listener.NONE);
        }
        double javaCpu = (processCpuNanos() - cpu0) / 1e9;
        double serverCpu = serverCpuSeconds(cairn) - server0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", cairn.model().id());
        m.put("documents", text.indexed() + text.failed());
        m.put("failed", text.failed());
        m.put("chunks", text.chunks());
        m.put("readers", options.readers());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("text_searchable_s", Report.round(text.seconds()));
        m.put("text_cpu_utilisation", Report.round(text.cpuUtilisation()));
        // CPU-seconds of the text stage, Cairn's and the bundled server's: steadier than wall time on a shared machine
        m.put("text_stage_cpu_s", Report.round(javaCpu + serverCpu));
        m.put("text_stage_server_cpu_s", Report.round(serverCpu));
        m.put("model_inputs_assembled", cairn.embedder().tokenizer().assembledInputs() - assembledBefore);
        return m;
    }

    /** Runs the three steps on {@code cairn}, whose library should be empty. */
    public Report run(Cairn cairn, List<Path> roots, IngestPipeline.Options options) throws InterruptedException {
        Embedder.TokenCount before = cairn.embedder().tokenCount();
        long reusedBefore = cairn.embedder().tokenizer().reusedInputs();
        long assembledBefore = cairn.embedder().tokenizer().assembledInputs();
        double server0 = serverCpuSeconds(cairn);
        TextEnd textEnd = new TextEnd(cairn);
        IngestSummary first = cairn.pipeline(options).ingest(roots, false, new IngestControl(), textEnd);
        long cpuEnd = processCpuNanos();
        double serverEnd = serverCpuSeconds(cairn);
        Embedder.TokenCount modelTokens = cairn.embedder().tokenCount().minus(before);
        EmbedStage embedStage = new EmbedStage(
                (first.elapsed().toNanos() - first.textSearchable().toNanos()) / 1e9,
                modelTokens.tokens() == 0
                        ? 0
                        : (double) (cairn.embedder().tokenCount().tokens() - textEnd.tokens) / modelTokens.tokens(),
                (cpuEnd - textEnd.cpuNanos) / 1e9,
                serverEnd - textEnd.serverCpu);
        long reused = cairn.embedder().tokenizer().reusedInputs() - reusedBefore;
        long assembled = cairn.embedder().tokenizer().assembledInputs() - assembledBefore;

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
        // the model as the library runs it: reading as much of each chunk as the library's settings say
        try (OnnxEmbedder model = OnnxEmbedder.create(cairn.embedder().model())) {
            model.embed("load the model before the clock starts");
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int from = 0; from < texts.size(); from += options.embedBatch()) {
                model.embedAll(texts.subList(from, Math.min(texts.size(), from + options.embedBatch())));
            }
            long wall = System.nanoTime() - t0;
            modelSeconds = wall / 1e9;
            modelCpu = (processCpuNanos() - cpu0)
                    / (double) wall
                    / Runtime.getRuntime().availableProcessors();
        }

        IngestSummary rerun =
                cairn.pipeline(options).ingest(roots, false, new IngestControl(), IngestPipeline.Listener.NONE);
        // The index the library gets (cairn ingest builds it at this point), after the figures above:
        // neither the embedding nor the model-only pass shares the cores with its build.
        VectorIndexUpkeep.Outcome index = cairn.vectorIndex().check();
        VectorIndex built = index instanceof VectorIndexUpkeep.Built b
                ? b.index()
                : cairn.vectorIndex().state().index();
        return new Report(
                cairn.model().id(),
                first.indexed() + first.failed(),
                texts.size(),
                chars,
                first.failed(),
                first.textSearchable().toNanos() / 1e9,
                first.elapsed().toNanos() / 1e9,
                first.cpuUtilisation(),
                modelTokens,
                modelSeconds,
                modelCpu,
                options.embedBatch(),
                rerun.elapsed().toNanos() / 1e9,
                first.throttleEvents(),
                Runtime.getRuntime().availableProcessors(),
                reused,
                assembled,
                serverEnd - server0,
                embedStage,
                Phrase.english(VectorIndex.phrase(built)),
                index instanceof VectorIndexUpkeep.Built b ? b.took().toNanos() / 1e9 : 0);
    }

    /** CPU-seconds the bundled server has used so far (0 with an external one, or off Linux). */
    private static double serverCpuSeconds(Cairn cairn) {
        try {
            String pid = Files.readAllLines(cairn.dirs().pgData().resolve("postmaster.pid"))
                    .getFirst()
                    .strip();
            return ProcFiles.treeCpuSeconds(Long.parseLong(pid));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }
}
