package dev.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.Cairn;
import dev.cairn.embed.ModelSpec;
import dev.cairn.platform.AppDirs;
import dev.cairn.store.ChunkHit;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.HybridHits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fusion measured offline: {@code dump} searches a library's queries once and keeps the store's two lists per
 * query (chunks written once); {@code sweep} reranks and fuses them again as {@link Searcher} does, in memory
 * ({@link FusionSweep}), and scores them as the eval scripts do (a document's base name; R@1, R@5, R@10, MRR@10).
 * On copies of the eval libraries: docs/decisions/0025-languages.md, addendum stop 23.
 * Run by hand:
 *
 * <pre>java -cp ... dev.cairn.search.FusionProbe dump SET DATA_DIR QUERIES.jsonl OUT.json
 * java -cp ... dev.cairn.search.FusionProbe sweep DUMP.json... </pre>
 */
public final class FusionProbe {

    record Listed(long id, double score) {}

    record Query(
            String id,
            String query,
            List<String> relevant,
            boolean scriptUnserved,
            List<Listed> vector,
            List<Listed> text,
            List<Long> textOnly) {}

    record Dump(String set, Map<Long, ChunkHit> chunks, List<Query> queries) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private FusionProbe() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "dump" -> dump(args[1], Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
            case "sweep" -> {
                List<Dump> dumps = new ArrayList<>();
                for (int i = 1; i < args.length; i++) {
                    dumps.add(JSON.readValue(Path.of(args[i]).toFile(), Dump.class));
                }
                FusionSweep.run(dumps, System.out);
            }
            default -> throw new IllegalArgumentException("dump or sweep, not " + args[0]);
        }
    }

    private static void dump(String set, Path dataDir, Path queries, Path out) throws IOException {
        Map<Long, ChunkHit> chunks = new TreeMap<>();
        List<Query> dumped = new ArrayList<>();
        try (Cairn cairn = Cairn.open(AppDirs.resolve(dataDir), null);
                BufferedReader in = Files.newBufferedReader(queries, StandardCharsets.UTF_8)) {
            Searcher searcher = cairn.searcher();
            ChunkStore store = cairn.store();
            ModelSpec model = cairn.embedder().model();
            int n = Math.max(Searcher.Policy.DEFAULT.candidates(), 30);
            int perDocument = searcher.textPerDocument(null, n);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode q = JSON.readTree(line);
                String query = q.path("query").asText();
                List<String> relevant = new ArrayList<>();
                q.path("relevant").forEach(r -> relevant.add(r.asText()));
                HybridHits lists = store.hybridSearch(query, () -> searcher.queryVector(query), n, null, perDocument);
                boolean scriptUnserved = HybridFusion.scriptUnserved(model, query);
                dumped.add(new Query(
                        q.path("id").asText(),
                        query,
                        relevant,
                        scriptUnserved,
                        listed(lists.vector(), chunks),
                        listed(lists.text(), chunks),
                        List.copyOf(lists.textOnly())));
            }
        }
        JSON.writeValue(out.toFile(), new Dump(set, chunks, dumped));
        System.err.printf(Locale.ROOT, "%s: %d queries, %d chunks%n", set, dumped.size(), chunks.size());
    }

    private static List<Listed> listed(List<ChunkHit> hits, Map<Long, ChunkHit> chunks) {
        List<Listed> out = new ArrayList<>(hits.size());
        for (ChunkHit h : hits) {
            chunks.putIfAbsent(h.chunkId(), h.withScore(0));
            out.add(new Listed(h.chunkId(), h.score()));
        }
        return out;
    }

    /** A dumped list as the store returned it. */
    static List<ChunkHit> hits(Dump d, List<Listed> listed) {
        List<ChunkHit> out = new ArrayList<>(listed.size());
        for (Listed l : listed) {
            out.add(d.chunks().get(l.id()).withScore(l.score()));
        }
        return out;
    }

    /** The documents of a final list as the eval scripts read them: base names, each once, the first ten. */
    static List<String> documents(List<ChunkHit> ranked) {
        List<ChunkHit> capped =
                RankFusion.capPerGroup(ranked, ChunkHit::documentId, Searcher.Policy.DEFAULT.perDocument(), 10);
        LinkedHashMap<String, Boolean> seen = new LinkedHashMap<>();
        for (ChunkHit h : capped) {
            seen.putIfAbsent(Path.of(h.path()).getFileName().toString(), true);
        }
        return new ArrayList<>(seen.keySet());
    }

    /** The relevant document's place in {@code docs}, 1-based, or 0 where it is not in the ten. */
    static int place(Query q, List<String> docs) {
        Set<String> relevant = Set.copyOf(q.relevant());
        for (int i = 0; i < Math.min(10, docs.size()); i++) {
            if (relevant.contains(docs.get(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    static void print(PrintStream out, String label, int[] places) {
        double r1 = 0, r5 = 0, r10 = 0, mrr = 0;
        for (int p : places) {
            if (p > 0) {
                r10++;
                r5 += p <= 5 ? 1 : 0;
                r1 += p == 1 ? 1 : 0;
                mrr += 1.0 / p;
            }
        }
        int n = places.length;
        out.printf(Locale.ROOT, "%s %.3f %.3f %.3f %.3f%n", label, r1 / n, r5 / n, r10 / n, mrr / n);
    }
}
