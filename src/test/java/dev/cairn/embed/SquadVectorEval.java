package dev.cairn.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compares models on retrieval alone: every paragraph of a SQuAD known-item set (made by the eval
 * kit's make-squad.py) is embedded whole, every question ranks the paragraphs by cosine, and
 * recall@1/5/10 count the paragraph the question was written about. No chunking, no database, no
 * full-text half: the difference between two models and nothing else. Run by hand:
 *
 * <pre>java -cp ... dev.cairn.embed.SquadVectorEval SQUAD_DIR MODEL_ID...</pre>
 */
public final class SquadVectorEval {

    private SquadVectorEval() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Path> paragraphs;
        try (Stream<Path> files = Files.list(dir.resolve("corpus"))) {
            paragraphs = files.sorted().toList();
        }
        List<String> texts = new ArrayList<>();
        for (Path p : paragraphs) {
            texts.add(Files.readString(p));
        }
        List<JsonNode> queries = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("queries.jsonl"))) {
            queries.add(json.readTree(line));
        }
        for (String id : Arrays.copyOfRange(args, 1, args.length)) {
            ModelSpec model = ModelSpec.byId(id);
            try (OnnxEmbedder embedder = OnnxEmbedder.create(model)) {
                embedder.embed("load");
                long t0 = System.nanoTime();
                List<float[]> docs = embedder.embedAll(texts);
                double docSeconds = (System.nanoTime() - t0) / 1e9;
                int[] hitsAt = new int[11];
                double mrr = 0;
                for (JsonNode q : queries) {
                    float[] v = embedder.embedQuery(q.get("query").asText());
                    String relevant = q.get("relevant").get(0).asText();
                    int target = -1;
                    for (int i = 0; i < paragraphs.size(); i++) {
                        if (paragraphs.get(i).getFileName().toString().equals(relevant)) {
                            target = i;
                        }
                    }
                    double score = VectorMath.cosine(v, docs.get(target));
                    int rank = 1;
                    for (int i = 0; i < docs.size(); i++) {
                        if (i != target && VectorMath.cosine(v, docs.get(i)) > score) {
                            rank++;
                        }
                    }
                    for (int k = rank; k <= 10; k++) {
                        hitsAt[k]++;
                    }
                    if (rank <= 10) {
                        mrr += 1.0 / rank;
                    }
                }
                int n = queries.size();
                System.out.printf(
                        "RESULT model=%s queries=%d paragraphs=%d R@1=%.4f R@5=%.4f R@10=%.4f MRR@10=%.4f"
                                + " paragraphs_per_s=%.2f%n",
                        id,
                        n,
                        docs.size(),
                        hitsAt[1] / (double) n,
                        hitsAt[5] / (double) n,
                        hitsAt[10] / (double) n,
                        mrr / n,
                        docs.size() / docSeconds);
            }
        }
    }
}
