package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.CairnProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a real Cairn process in the middle of an ingest, then the same ingest again: no
 * document half-stored, no duplicate chunks, the same chunk count as an uninterrupted run.
 */
class IngestCrashTest {

    @TempDir
    Path dir;

    @Test
    void anIngestKilledMidwayAndRunAgainEndsLikeAnUninterruptedOne() throws Exception {
        Path corpus = records(60);
        Path killed = dir.resolve("killed");
        Path clean = dir.resolve("clean");

        Process child = cairn(killed, "ingest", corpus.toString()).start();
        int indexedBeforeKill = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("indexed") && ++indexedBeforeKill == 5) {
                    break;
                }
            }
            killNine(child);
        }
        assertThat(indexedBeforeKill)
                .as("the child indexed some files before it was killed")
                .isEqualTo(5);

        JsonNode resumed = runJson(killed, "ingest", corpus.toString(), "--json");
        JsonNode uninterrupted = runJson(clean, "ingest", corpus.toString(), "--json");

        assertThat(resumed.get("failed").asInt()).isZero();
        assertThat(resumed.get("skipped").asInt())
                .as("files stored before the kill are not redone")
                .isGreaterThanOrEqualTo(5);
        assertThat(resumed.get("indexed").asInt() + resumed.get("skipped").asInt())
                .isEqualTo(60);
        JsonNode afterCrash = runJson(killed, "doctor", "--json");
        JsonNode reference = runJson(clean, "doctor", "--json");
        assertThat(afterCrash.get("documents").asLong()).isEqualTo(60);
        assertThat(afterCrash.get("chunks").asLong())
                .isEqualTo(reference.get("chunks").asLong());
        assertThat(uninterrupted.get("chunks").asLong())
                .isEqualTo(reference.get("chunks").asLong());
    }

    @Test
    void anIngestKilledWhileEmbeddingKeepsItsTextAndTheNextStartEmbedsTheRest() throws Exception {
        Path corpus = records(40);
        Path killed = dir.resolve("killed");

        Process child = cairn(killed, "ingest", corpus.toString()).start();
        boolean searchable = false;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("searchable by words")) {
                    searchable = true;
                    break;
                }
            }
            killNine(child);
        }
        assertThat(searchable)
                .as("the child stored the text before it was killed")
                .isTrue();
        JsonNode afterKill = runJson(killed, "doctor", "--json");
        assertThat(afterKill.get("documents").asLong()).isEqualTo(40);
        long chunks = afterKill.get("chunks").asLong();
        assertThat(afterKill.get("chunks_without_vectors").asLong())
                .as("killed before the last vector")
                .isPositive();

        JsonNode again = runJson(killed, "ingest", corpus.toString(), "--json");

        assertThat(again.get("skipped").asInt()).as("no file is parsed again").isEqualTo(40);
        assertThat(again.get("semantic_complete").asBoolean()).isTrue();
        JsonNode done = runJson(killed, "doctor", "--json");
        assertThat(done.get("chunks").asLong()).as("no chunk lost or doubled").isEqualTo(chunks);
        assertThat(done.get("chunks_without_vectors").asLong()).isZero();
        assertThat(done.get("semantic_index").asText()).isEqualTo("semantic index complete");
    }

    private Path records(int n) throws IOException {
        return records(dir, n);
    }

    /** {@code n} text files of twelve paragraphs each, none the same as another, in {@code dir}/corpus. */
    static Path records(Path dir, int n) throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder();
            for (int p = 0; p < 12; p++) {
                text.append("Record %d, paragraph %d: the stone cairn at waypoint %d marks the path over the moor. "
                                .formatted(i, p, i * 12 + p)
                                .repeat(3))
                        .append("\n\n");
            }
            Files.writeString(corpus.resolve("record-%03d.txt".formatted(i)), text);
        }
        return corpus;
    }

    /** SIGKILL for the child and everything it started except the database server, as a crash leaves it. */
    private static void killNine(Process child) throws InterruptedException {
        child.toHandle().destroyForcibly();
        child.waitFor(60, TimeUnit.SECONDS);
    }

    static ProcessBuilder cairn(Path dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        return CairnProcess.builder(all).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    static JsonNode runJson(Path dataDir, String... args) throws IOException, InterruptedException {
        Process p = cairn(dataDir, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("cairn %s: %s", String.join(" ", args), out)
                .isZero();
        String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
        return new ObjectMapper().readTree(last);
    }
}
