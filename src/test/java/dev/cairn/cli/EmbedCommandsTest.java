package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EmbedCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CairnCommand.newCommandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void embedPrintsModelDimensionNormValuesAndTimes() {
        assertThat(run("embed", "Hello from the command line")).isZero();

        assertThat(out.toString())
                .contains("model:      all-minilm-l6-v2")
                .contains("dimension:  384")
                .contains("norm:       1.000000")
                .contains("first 8:")
                .containsPattern("time: +[0-9.,]+ ms \\(model load [0-9,]+ ms, not included\\)");
    }

    @Test
    void embedAsJsonWithAnotherModelAndAQuery() throws Exception {
        assertThat(run("embed", "--json", "--query", "--model", "bge-small-en-v1.5-q", "lighthouses"))
                .isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("model").asText()).isEqualTo("bge-small-en-v1.5-q");
        assertThat(json.get("dimension").asInt()).isEqualTo(384);
        assertThat(json.get("query").asBoolean()).isTrue();
        assertThat(json.get("norm").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(json.get("first")).hasSize(8);
        assertThat(json.get("load_ms").asLong()).isPositive();
    }

    @Test
    void anUnknownModelIsRefusedWithTheChoices() {
        assertThat(run("embed", "--model", "nope", "text")).isEqualTo(1);

        assertThat(err.toString())
                .contains("Unknown embedding model 'nope'; choose one of: all-minilm-l6-v2, bge-small-en-v1.5-q");
    }

    @Test
    void benchEmbedPrintsTheTableAsJson() throws Exception {
        assertThat(run("bench", "embed", "--json", "--warmup", "0", "--samples", "1", "--batches", "1,2"))
                .isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("model").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(json.get("single").get("p99_ms").asDouble()).isPositive();
        assertThat(json.get("batches")).hasSize(2);
        assertThat(json.get("batches").get(1).get("batch_size").asInt()).isEqualTo(2);
    }
}
