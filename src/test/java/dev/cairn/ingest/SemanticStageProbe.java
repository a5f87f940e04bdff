package dev.cairn.ingest;

import dev.cairn.app.Cairn;
import dev.cairn.platform.AppDirs;
import dev.cairn.store.EmbeddingQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the embedding stage's time goes (claim, model with its cache, storing the vectors), batch by
 * batch, on a folder stored as text first. Run by hand:
 *
 * <pre>java -cp ... dev.cairn.ingest.SemanticStageProbe FOLDER DATA_DIR [BATCH]</pre>
 */
public final class SemanticStageProbe {

    private SemanticStageProbe() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        AppDirs dirs = AppDirs.resolve(Files.createDirectories(Path.of(args[1])));
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        try (Cairn cairn = Cairn.open(dirs, null)) {
            try (var held = cairn.semanticIndex().holdForText()) {
                cairn.pipeline(cairn.ingestOptions())
                        .ingestText(List.of(folder), false, new IngestControl(), IngestPipeline.Listener.NONE);
                boolean raw = args.length > 3 && args[3].equals("raw");
                dev.cairn.embed.Embedder embedder =
                        raw ? dev.cairn.embed.OnnxEmbedder.create(cairn.model()) : cairn.embedder();
                embedder.embed("load the model before the clock starts");
                long claim = 0;
                long model = 0;
                long store = 0;
                int chunks = 0;
                long t0 = System.nanoTime();
                try (EmbeddingQueue queue = cairn.store().embeddingQueue()) {
                    while (true) {
                        long a = System.nanoTime();
                        try (EmbeddingQueue.Batch batch =
                                queue.claim(cairn.embedder().modelId(), batchSize)) {
                            long b = System.nanoTime();
                            claim += b - a;
                            if (batch.isEmpty()) {
                                break;
                            }
                            List<String> texts = new ArrayList<>();
                            batch.chunks().forEach(c -> texts.add(c.modelText()));
                            List<float[]> vectors = embedder.embedAll(texts);
                            long c = System.nanoTime();
                            model += c - b;
                            batch.complete(vectors);
                            store += System.nanoTime() - c;
                            chunks += texts.size();
                        }
                    }
                }
                double total = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "%d chunks in %.1f s (%.1f chunks/s): claim %.1f s, model+cache %.1f s, store %.1f s%n",
                        chunks,
                        total,
                        chunks / total,
                        claim / 1e9,
                        model / 1e9,
                        store / 1e9);
            }
        }
    }
}
