package dev.cairn.bench;

import dev.cairn.app.Cairn;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.embed.TextHash;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.ProcFiles;
import dev.cairn.store.EmbeddingCacheTable;
import dev.cairn.store.EmbeddingQueue;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the embedding stage spends beyond the model, part by part, in CPU-seconds of Cairn and of
 * the bundled server: a folder is stored as text first, then each part of the stage runs on its own
 * over every chunk, one batch after the other (claim and give back, the persistent cache's read,
 * the cache's write, the vectors' UPDATE), the model's vectors computed beforehand. Run by hand:
 *
 * <pre>java -cp ... dev.cairn.bench.EmbedStageCostProbe FOLDER DATA_DIR [BATCH [random]]</pre>
 */
public final class EmbedStageCostProbe {

    private EmbedStageCostProbe() {}

    public static void main(String[] args) throws Exception {
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        try (Cairn cairn = Cairn.open(AppDirs.resolve(Files.createDirectories(Path.of(args[1]))), null);
                var held = cairn.semanticIndex().holdForText()) {
            { // the folder's text stored, no vector yet: the stage's whole work waits
                cairn.pipeline(cairn.ingestOptions())
                        .ingestText(
                                List.of(Path.of(args[0])), false, new IngestControl(), IngestPipeline.Listener.NONE);
                String modelId = cairn.embedder().modelId();
                long postmaster =
                        Long.parseLong(Files.readAllLines(cairn.dirs().pgData().resolve("postmaster.pid"))
                                .getFirst()
                                .strip());
                List<List<EmbeddingQueue.Waiting>> batches = new ArrayList<>();
                // the probe's batches: every waiting chunk, in claim order
                batches.clear();
                List<EmbeddingQueue.Waiting> all = new ArrayList<>();
                try (EmbeddingQueue queue = cairn.store().embeddingQueue()) {
                    try (EmbeddingQueue.Batch b = queue.claim(modelId, 1_000_000)) {
                        all.addAll(b.chunks());
                    }
                }
                for (int i = 0; i < all.size(); i += batchSize) {
                    batches.add(all.subList(i, Math.min(all.size(), i + batchSize)));
                }
                try (EmbeddingQueue queue = cairn.store().embeddingQueue()) {
                    measure("claim, give back", postmaster, () -> {
                        for (int i = 0; i < batches.size(); i++) {
                            queue.claim(modelId, batchSize).close();
                        }
                    });
                }
                Map<Long, float[]> vectors = new HashMap<>();
                if (args.length > 3 && args[3].equals("random")) { // the writes' cost without the model's minutes
                    java.util.Random random = new java.util.Random(7);
                    for (EmbeddingQueue.Waiting w : all) {
                        float[] v = new float[cairn.embedder().dimension()];
                        for (int d = 0; d < v.length; d++) {
                            v[d] = (float) (random.nextGaussian() / Math.sqrt(v.length));
                        }
                        vectors.put(w.chunkId(), v);
                    }
                } else
                    try (OnnxEmbedder model =
                            OnnxEmbedder.create(cairn.embedder().model())) {
                        measure("model alone", postmaster, () -> {
                            for (List<EmbeddingQueue.Waiting> b : batches) {
                                List<float[]> v = model.embedAll(b.stream()
                                        .map(EmbeddingQueue.Waiting::modelText)
                                        .toList());
                                for (int i = 0; i < b.size(); i++) {
                                    vectors.put(b.get(i).chunkId(), v.get(i));
                                }
                            }
                        });
                    }
                EmbeddingCacheTable cache =
                        new EmbeddingCacheTable(cairn.database().dataSource());
                measure("hash texts", postmaster, () -> {
                    for (List<EmbeddingQueue.Waiting> b : batches) {
                        b.forEach(w -> TextHash.sha256Hex(w.modelText()));
                    }
                });
                measure("cache read (all miss)", postmaster, () -> {
                    for (List<EmbeddingQueue.Waiting> b : batches) {
                        cache.getAll(
                                modelId,
                                b.stream()
                                        .map(w -> TextHash.sha256Hex(w.modelText()))
                                        .toList());
                    }
                });
                measure("cache write", postmaster, () -> {
                    for (List<EmbeddingQueue.Waiting> b : batches) {
                        Map<String, float[]> rows = new HashMap<>();
                        b.forEach(w -> rows.put(TextHash.sha256Hex(w.modelText()), vectors.get(w.chunkId())));
                        cache.putAll(modelId, rows);
                    }
                });
                try (EmbeddingQueue queue = cairn.store().embeddingQueue()) {
                    measure("claim + UPDATE + commit", postmaster, () -> {
                        for (EmbeddingQueue.Batch b = queue.claim(modelId, batchSize);
                                !b.isEmpty();
                                b = queue.claim(modelId, batchSize)) {
                            List<float[]> v = new ArrayList<>();
                            b.chunks().forEach(w -> v.add(vectors.get(w.chunkId())));
                            b.complete(v);
                        }
                    });
                }
                System.out.printf(Locale.ROOT, "%d chunks, batches of %d%n", all.size(), batchSize);
                // exact vector searches, as a library without an ANN index answers them
                float[] query = vectors.values().iterator().next();
                for (int round = 0; round < 2; round++) { // the first round warms the cache
                    long t = System.nanoTime();
                    for (int i = 0; i < 30; i++) {
                        cairn.store().vectorSearch(query, 10);
                    }
                    System.out.printf(
                            Locale.ROOT, "exact vector search, top 10: %.2f ms each%n", (System.nanoTime() - t) / 30e6);
                }
                // where the rows and their vectors ended up: inline, or moved out to TOAST
                try (var c = cairn.database().dataSource().getConnection();
                        var st = c.createStatement();
                        var rs = st.executeQuery("""
                                SELECT pg_relation_size('chunks'), pg_relation_size(reltoastrelid),
                                       (SELECT avg(pg_column_size(ch.*))::int FROM chunks ch),
                                       (SELECT avg(pg_column_size(embedding))::int FROM chunks),
                                       (SELECT avg(pg_column_size(text))::int FROM chunks),
                                       (SELECT avg(octet_length(text))::int FROM chunks),
                                       (SELECT avg(pg_column_size(tsv))::int FROM chunks),
                                       (SELECT n_tup_hot_upd || '/' || n_tup_upd || ' hot, vacuums ' || autovacuum_count
                                               || ', analyses ' || autoanalyze_count
                                          FROM pg_stat_user_tables WHERE relname = 'chunks')
                                FROM pg_class WHERE relname = 'chunks'""")) {
                    rs.next();
                    System.out.printf(
                            Locale.ROOT,
                            "chunks heap %,d B, toast %,d B; row %d B, vector %d B, text %d B (%d raw), tsv %d B; %s%n",
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getInt(3),
                            rs.getInt(4),
                            rs.getInt(5),
                            rs.getInt(6),
                            rs.getInt(7),
                            rs.getString(8));
                }
            }
        }
    }

    private static void measure(String part, long postmaster, Runnable work) {
        long cpu0 = processCpuNanos();
        double server0 = ProcFiles.treeCpuSeconds(postmaster);
        long t0 = System.nanoTime();
        work.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double server = ProcFiles.treeCpuSeconds(postmaster) - server0;
        double java = (processCpuNanos() - cpu0) / 1e9;
        System.out.printf(
                Locale.ROOT, "%-26s wall %6.2f s  Cairn %6.2f CPU-s  server %6.2f CPU-s%n", part, wall, java, server);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }
}
