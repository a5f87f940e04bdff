package dev.cairn.ingest;

import static dev.cairn.ingest.IngestCrashTest.cairn;
import static dev.cairn.ingest.IngestCrashTest.records;
import static dev.cairn.ingest.IngestCrashTest.runJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ChildProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Cairn processes importing one folder into one library at once: each document is stored
 * once and parsed by one of them only (the other finds it stored), and no chunk is doubled.
 */
class ConcurrentIngestTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void twoIngestsOfOneFolderAtOnceParseEachFileOnceAndStoreItOnce() throws Exception {
        int files = 240;
        Path corpus = records(dir, files);
        Path data = dir.resolve("library");

        // Each writes to a file of its own: neither can stall on a full pipe while the other is read.
        List<Path> outputs = List.of(dir.resolve("first.out"), dir.resolve("second.out"));
        List<Process> both = new ArrayList<>();
        for (Path output : outputs) {
            both.add(children.start(
                    cairn(data, "ingest", corpus.toString(), "--json").redirectOutput(output.toFile())));
        }
        List<JsonNode> summaries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Process p = both.get(i);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("both imports end").isTrue();
            String out = Files.readString(outputs.get(i));
            assertThat(p.exitValue()).as(out).isZero();
            summaries.add(new ObjectMapper()
                    .readTree(out.strip().lines().reduce((x, y) -> y).orElseThrow()));
        }
        JsonNode a = summaries.get(0);
        JsonNode b = summaries.get(1);
        System.out.printf(
                "two ingests at once: first indexed %d, skipped %d; second indexed %d, skipped %d%n",
                a.get("indexed").asInt(),
                a.get("skipped").asInt(),
                b.get("indexed").asInt(),
                b.get("skipped").asInt());

        for (JsonNode s : summaries) {
            assertThat(s.get("failed").asInt()).as(s.toString()).isZero();
            assertThat(s.get("indexed").asInt() + s.get("skipped").asInt())
                    .as("every file has its outcome")
                    .isEqualTo(files);
            assertThat(s.get("semantic_complete").asBoolean()).isTrue();
        }
        assertThat(a.get("indexed").asInt() + b.get("indexed").asInt())
                .as("each file parsed and stored by one of the two")
                .isEqualTo(files);
        JsonNode library = runJson(data, "doctor", "--json");
        assertThat(library.get("documents").asLong()).isEqualTo(files);
        assertThat(library.get("chunks").asLong())
                .as("the chunks the two stored, none twice")
                .isEqualTo(a.get("chunks").asLong() + b.get("chunks").asLong());
        assertThat(library.get("chunks_without_vectors").asLong()).isZero();
    }
}
