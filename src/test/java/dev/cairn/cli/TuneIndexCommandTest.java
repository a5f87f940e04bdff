package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneIndexCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        return CairnCommand.newCommandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void aBenchmarkedSmallLibraryKeepsTheExactScanAndSaysWhy(@TempDir Path dataDir) throws Exception {
        assertThat(run(
                        "--data-dir",
                        dataDir.toString(),
                        "bench",
                        "search",
                        "--chunks",
                        "20",
                        "--warmup",
                        "0",
                        "--samples",
                        "2",
                        "--json"))
                .as(err.toString())
                .isZero();
        JsonNode bench = new ObjectMapper().readTree(out.toString());
        assertThat(bench.get("chunks").asLong()).isPositive();
        assertThat(bench.get("results"))
                .extracting(r -> r.get("name").asText())
                .containsExactly(
                        "Vector Search (top 5)",
                        "Vector Search (top 20)",
                        "Hybrid Search (top 10)",
                        "Hybrid Search (top 10, no rerank)",
                        "Hybrid Search (top 10, 3 documents)",
                        "Hybrid Search (top 10, 1/10 of the documents)",
                        "Hybrid Search (top 10, 1/2 of the documents)",
                        "Hybrid Search (top 10, type md: every document)",
                        "Cached Query");

        assertThat(run("--data-dir", dataDir.toString(), "tune-index", "--apply", "--json"))
                .as(err.toString())
                .isZero();
        JsonNode tune = new ObjectMapper().readTree(out.toString());
        assertThat(tune.get("rows").asLong()).isEqualTo(bench.get("chunks").asLong());
        assertThat(tune.get("recommended_index").asText()).isEqualTo("exact scan (no index)");
        assertThat(tune.get("reason").asText()).contains("exact scan");
        assertThat(tune.get("recall_at_10").asDouble()).isEqualTo(1.0);
        assertThat(tune.get("built").asBoolean()).isFalse();

        assertThat(run("--data-dir", dataDir.toString(), "tune-index", "--kind", "hnsw"))
                .isZero();
        assertThat(out.toString())
                .contains("Vectors:")
                .contains("Recommended:      none (exact scan)")
                .contains("Recall@10:");
    }
}
