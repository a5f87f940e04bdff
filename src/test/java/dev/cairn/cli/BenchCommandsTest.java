package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.search.SearchWarmup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** {@code cairn bench} (the suite) and {@code cairn bench scale}, on the real database and model. */
class BenchCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return CairnCommand.newCommandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    private static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void theQuickSuiteMeasuresEveryRowAndWritesAMarkdownReport(@TempDir Path dataDir) throws Exception {
        Path report = dataDir.resolve("reports/suite.md");
        assertThat(run("--data-dir", dataDir.toString(), "bench", "--quick", "--json", "--report", report.toString()))
                .as(err.toString())
                .isZero();

        JsonNode suite = new ObjectMapper().readTree(out.toString());
        List<String> names = new ArrayList<>();
        suite.get("results").forEach(r -> names.add(r.get("name").asText()));
        assertThat(names)
                .containsExactly(
                        "Single Embedding",
                        "Vector Search (top 5)",
                        "Vector Search (top 20)",
                        "Hybrid Search (top 10)",
                        "Cached Query",
                        "Ingest (chunks/s)",
                        "Index build (HNSW)");
        for (JsonNode row : suite.get("results")) {
            assertThat(row.get("samples").asInt()).as(row.toString()).isPositive();
            assertThat(row.get("min").asDouble())
                    .as(row.toString())
                    .isLessThanOrEqualTo(row.get("p50").asDouble());
            assertThat(row.get("p50").asDouble())
                    .as(row.toString())
                    .isLessThanOrEqualTo(row.get("max").asDouble());
        }
        assertThat(suite.get("chunks").asLong()).isPositive();

        String markdown = Files.readString(report);
        assertThat(markdown).startsWith("# Cairn benchmark").contains("| Name | Mean | Min | Max | P50 | P95 | P99 |");
        names.forEach(name -> assertThat(markdown).contains("| " + name + " |"));
    }

    @Test
    void scaleAtTwoThousandVectorsFindsTheTrueNeighboursInBothStoragesAndKeptTablesAreReused(@TempDir Path dataDir)
            throws Exception {
        String[] scale = {
            "--data-dir",
            dataDir.toString(),
            "bench",
            "scale",
            "--chunks",
            "2k",
            "--queries",
            "30",
            "--ef-search",
            "10,80",
            "--keep"
        };
        assertThat(run(with(scale, "--json"))).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Scale benchmark plan").contains("GB free");

        JsonNode size = new ObjectMapper().readTree(out.toString()).get("sizes").get(0);
        assertThat(size.get("rows").asInt()).isEqualTo(2000);
        assertThat(size.get("builds"))
                .extracting(b -> b.get("storage").asText())
                .containsExactly("vector", "halfvec");
        for (JsonNode build : size.get("builds")) {
            assertThat(build.get("index_bytes").asLong()).isPositive();
            assertThat(build.get("reused").asBoolean()).isFalse();
        }
        assertThat(size.get("search"))
                .extracting(p ->
                        p.get("storage").asText() + "@" + p.get("ef_search").asInt())
                .containsExactly("vector@10", "vector@80", "halfvec@10", "halfvec@80");
        for (JsonNode probe : size.get("search")) {
            if (probe.get("ef_search").asInt() == 80) {
                assertThat(probe.get("recall_at_10").asDouble())
                        .as(probe.toString())
                        .isGreaterThanOrEqualTo(0.9);
            }
        }
        assertThat(size.get("heap_peak_bytes").asLong())
                .isLessThan(size.get("heap_governor_limit_bytes").asLong());

        // A second run over the kept tables measures search only; the builds are the first run's.
        assertThat(run(scale)).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("kept tables found")
                .contains("HNSW halfvec ef=80")
                .contains("built by an earlier run");
    }

    @Test
    void benchIngestFeedsTheModelOnlyTheStartOfEachChunkThatTheLibraryReads(@TempDir Path corpus) throws Exception {
        String sentence = "The glacier carved a valley where the river now runs past quiet farms and old stone walls. ";
        for (int i = 0; i < 3; i++) { // about 200 tokens each: one chunk, more than 128 tokens
            Files.writeString(corpus.resolve("valley-" + i + ".txt"), "Valley " + i + ".\n\n" + sentence.repeat(11));
        }

        assertThat(run("bench", "ingest", corpus.toString(), "--json", "--embedding-tokens", "256"))
                .as(err.toString())
                .isZero();
        JsonNode whole = new ObjectMapper().readTree(out.toString());
        assertThat(run("bench", "ingest", corpus.toString(), "--json"))
                .as(err.toString())
                .isZero();
        JsonNode start = new ObjectMapper().readTree(out.toString());

        assertThat(start.get("chunks").asLong())
                .isEqualTo(whole.get("chunks").asLong())
                .isEqualTo(3);
        assertThat(start.get("model_tokens").asLong())
                .as("a new library's model reads 128 tokens of each chunk")
                .isEqualTo(3 * 128);
        assertThat(whole.get("model_tokens").asLong()).isBetween(3 * 180L, 3 * 256L);
        assertThat(start.get("model_only_cpu_s").asDouble()).isPositive();
        assertThat(whole.get("semantic_s").asDouble()).isPositive();
    }

    @Test
    void keepWithoutADataDirectorySaysWhatToAdd() {
        assertThat(run("bench", "scale", "--chunks", "2k", "--keep")).isNotZero();
        assertThat(err.toString()).contains("--keep needs --data-dir");
    }

    @Test
    void sizesAcceptThousandsAndMillions() {
        ScaleBenchCommand.CountConverter counts = new ScaleBenchCommand.CountConverter();
        assertThat(counts.convert("10k")).isEqualTo(10_000);
        assertThat(counts.convert("1M")).isEqualTo(1_000_000);
        assertThat(counts.convert("2500")).isEqualTo(2_500);
        assertThatThrownBy(() -> counts.convert("lots"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("10k or 1M");
    }

    @Test
    void theAotTrainingSearchesALibraryOfItsOwnAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.txt");
        Files.writeString(
                classes,
                "# a class list\njava/lang/String id: 1\ndev/cairn/search/Searcher\nno/such/Thing\n@lambda-x\n");
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Path work = dir.resolve("work");

        assertThat(run(
                        "--data-dir",
                        dataDir.toString(),
                        "bench",
                        "aot-training",
                        "--classes",
                        classes.toString(),
                        "--chunks",
                        "40",
                        "--questions",
                        "12",
                        "--work-dir",
                        work.toString()))
                .as(err.toString())
                .isZero();

        Matcher done = Pattern.compile(
                        "(\\d+) classes loaded \\((\\d+) not found\\), (\\d+) chunks, (\\d+) searches \\((\\d+) found nothing\\)")
                .matcher(out.toString());
        assertThat(done.find()).as(out.toString()).isTrue();
        assertThat(done.group(1)).isEqualTo("2");
        assertThat(done.group(2)).isEqualTo("1");
        assertThat(Integer.parseInt(done.group(3))).isGreaterThanOrEqualTo(40);
        // The window's warm-up, then 12 questions: each twice as hybrid top 10, every 2nd as vector top 5 and 20,
        // every 3rd as full-text, every 4th within a third of the documents (24 + 12 + 4 + 3).
        assertThat(Integer.parseInt(done.group(4))).isEqualTo(SearchWarmup.SEARCHES + 43);
        // A vector or hybrid search of a library always finds passages; only the 4 full-text ones may not, where the
        // question's topic is not among the library's few notes.
        assertThat(Integer.parseInt(done.group(5))).isBetween(0, 4);
        assertThat(dataDir)
                .as("the person's data directory is never the training's")
                .isEmptyDirectory();
        assertThat(work).as("the training's own directory is deleted").isEmptyDirectory();
    }
}
