package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory test: a real Cairn in a child JVM with a 256 MB heap ingests Markdown whose
 * parsed text is larger than that heap, into the real bundled PostgreSQL with the real model. The
 * pipeline's queues are allowed more than the heap, so the memory governor must throttle; the run
 * completes with every file indexed and no OutOfMemoryError (the child exits on the first one,
 * even one a parser would have caught). Its counterpart, garbage around a small live set never
 * throttling, is {@code MemoryGovernorTest.garbageAroundASmallLiveSetNeverThrottles}.
 */
class IngestMemoryTest {

    private static final int FILES = 4;
    private static final int MEGACHARS_PER_FILE = 70;

    @TempDir
    Path dir;

    @Test
    void moreTextThanTheHeapIsIngestedIn256MegabytesWithTheThrottleEngaged() throws Exception {
        String result = probe(dir.resolve("corpus"), dir.resolve("data"));

        assertThat(value(result, "indexed")).isEqualTo(FILES);
        assertThat(value(result, "failed")).isZero();
        assertThat(Double.parseDouble(result.replaceAll(".* parsed_mchars=([0-9.]+) .*", "$1")) * 1e6)
                .as("parsed text larger than the heap").isGreaterThan(256.0 * 1024 * 1024);
        assertThat(value(result, "throttle_events")).as("the governor had to step in").isPositive();
        assertThat(value(result, "computed")).as("repeated chunks come from the embedding cache").isLessThan(100);
    }

    private static long value(String result, String key) {
        return Long.parseLong(result.replaceAll(".* " + key + "=(\\d+).*", "$1"));
    }

    private static String probe(Path corpus, Path data) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path")));
        String bundle = System.getProperty("cairn.pg.bundle");
        if (bundle != null) {
            cmd.add("-Dcairn.pg.bundle=" + bundle);
        }
        cmd.addAll(List.of(IngestMemoryProbe.class.getName(), corpus.toString(), data.toString(),
                String.valueOf(FILES), String.valueOf(MEGACHARS_PER_FILE)));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(tail(out)).isZero();
        String result = out.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow(() -> new AssertionError(tail(out)));
        System.out.println(result); // the figures for the report: heap peak, throttle count, time
        return result;
    }

    private static String tail(String out) {
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }
}
