package dev.cairn.ingest;

import dev.cairn.app.Cairn;
import dev.cairn.bench.Stats;
import dev.cairn.platform.AppDirs;
import dev.cairn.search.Searcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Hybrid search latency on an embedded library, idle and then while the semantic index embeds
 * another folder in the background (issue 14: p95 during embedding at most twice the idle p95).
 * Every query is new, so its vector is computed, not cached. Run by hand on a quiet machine:
 *
 * <pre>java -cp ... dev.cairn.ingest.SearchDuringEmbeddingProbe FOLDER_A FOLDER_B DATA_DIR</pre>
 */
public final class SearchDuringEmbeddingProbe {

    private static final String[] WORDS = {
        "index",
        "table",
        "query",
        "function",
        "server",
        "replication",
        "vacuum",
        "transaction",
        "lock",
        "trigger",
        "type",
        "array",
        "json",
        "partition",
        "backup",
        "role",
        "privilege",
        "statistics",
        "planner",
        "join",
        "sequence",
        "constraint",
        "view",
        "cursor",
        "extension",
        "encoding",
        "timezone",
        "checkpoint",
        "wal",
        "standby",
        "foreign",
        "schema",
        "column",
        "operator",
        "aggregate"
    };

    private SearchDuringEmbeddingProbe() {}

    public static void main(String[] args) throws Exception {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        AppDirs dirs = AppDirs.resolve(Files.createDirectories(Path.of(args[2])));
        Random random = new Random(7);
        try (Cairn cairn = Cairn.open(dirs, null)) {
            cairn.pipeline(cairn.ingestOptions())
                    .ingest(List.of(a), false, new IngestControl(), IngestPipeline.Listener.NONE);
            Searcher searcher = cairn.searcher();
            for (int i = 0; i < 20; i++) {
                searcher.search(query(random, i), 10, Searcher.Mode.HYBRID); // warm-up
            }
            Stats idle = measure(searcher, random, 100, 1000);

            IngestSummary text = cairn.pipeline(cairn.ingestOptions())
                    .ingestText(List.of(b), false, new IngestControl(), IngestPipeline.Listener.NONE);
            SemanticIndexer stage = cairn.semanticIndex();
            Thread.sleep(2000); // the stage is embedding now
            long before = stage.progress().waiting();
            Stats busy = measure(searcher, random, 100, 2000);
            long after = stage.progress().waiting();
            System.out.printf(
                    Locale.ROOT,
                    "idle:   p50 %.1f ms  p95 %.1f ms  (%d queries)%n",
                    idle.p50Nanos() / 1e6,
                    idle.p95Nanos() / 1e6,
                    100);
            System.out.printf(
                    Locale.ROOT,
                    "during: p50 %.1f ms  p95 %.1f ms  (%d queries; %d new chunks, %d embedded meanwhile, still embedding: %s)%n",
                    busy.p50Nanos() / 1e6,
                    busy.p95Nanos() / 1e6,
                    100,
                    text.chunks(),
                    before - after,
                    after > 0);
            System.out.printf(Locale.ROOT, "p95 during / idle: %.2f%n", (double) busy.p95Nanos() / idle.p95Nanos());
        }
    }

    private static Stats measure(Searcher searcher, Random random, int n, int seed) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            String q = query(random, seed + i);
            long t0 = System.nanoTime();
            searcher.search(q, 10, Searcher.Mode.HYBRID);
            nanos[i] = System.nanoTime() - t0;
        }
        return Stats.of("hybrid top 10", nanos);
    }

    private static String query(Random random, int i) {
        return WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " " + i;
    }
}
