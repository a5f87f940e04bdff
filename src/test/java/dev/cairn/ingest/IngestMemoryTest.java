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
 * The memory test, sized for a test run: a real Cairn in a child JVM with a 64 MB heap
 * ingests, into the real bundled PostgreSQL with the real model, one Markdown document whose
 * text and vectors together take more than that heap (33 M characters, 31 k chunks of 1.5 KB
 * vectors), plus a file of prose that never repeats. The model works through that
 * prose while the big document's chunks queue up behind it, and the queues are allowed more than
 * the heap: only the memory governor stands between the run and an OutOfMemoryError, so it must
 * throttle, for real. The run completes with every file indexed and no OutOfMemoryError (the child
 * exits on the first one, even one a parser would have caught). The full-size run of the issue
 * (256 MB heap, more parsed text than that) is the same probe with bigger arguments, see
 * docs/decisions/0008-ingest-speed.md. Its counterpart, garbage around a small live set never
 * throttling, is {@code MemoryGovernorTest.garbageAroundASmallLiveSetNeverThrottles}.
 */
class IngestMemoryTest {

    private static final String HEAP = "-Xmx64m";
    private static final int FILES = 1;
    private static final int MEGACHARS_PER_FILE = 32;
    private static final int UNIQUE_KILOCHARS = 1000;

    @TempDir
    Path dir;

    @Test
    void aDocumentBiggerThanTheHeapStreamsThroughWithTheThrottleEngagedAndNoOutOfMemoryError() throws Exception {
        String result = probe(dir.resolve("corpus"), dir.resolve("data"));

        assertThat(value(result, "indexed")).isEqualTo(FILES + 1);
        assertThat(value(result, "failed")).isZero();
        long chunks = value(result, "chunks");
        double parsedChars = Double.parseDouble(result.replaceAll(".* parsed_mchars=([0-9.]+) .*", "$1")) * 1e6;
        assertThat(parsedChars + chunks * 384.0 * Float.BYTES)
                .as("text (a byte a character at least) and vectors outweigh the child's heap").isGreaterThan(64.0 * 1024 * 1024);
        assertThat(value(result, "throttle_events")).as("the governor had to step in").isPositive();
        assertThat(value(result, "computed")).as("repeated chunks come from the embedding cache").isLessThan(2000);
    }

    private static long value(String result, String key) {
        return Long.parseLong(result.replaceAll(".* " + key + "=(\\d+).*", "$1"));
    }

    private static String probe(Path corpus, Path data) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path")));
        String bundle = System.getProperty("cairn.pg.bundle");
        if (bundle != null) {
            cmd.add("-Dcairn.pg.bundle=" + bundle);
        }
        cmd.addAll(List.of(IngestMemoryProbe.class.getName(), corpus.toString(), data.toString(),
                String.valueOf(FILES), String.valueOf(MEGACHARS_PER_FILE), String.valueOf(UNIQUE_KILOCHARS), "unbounded-queues"));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(40, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(tail(out)).isZero();
        String result = out.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow(() -> new AssertionError(tail(out)));
        System.out.println(result); // the figures for the report: heap peak, throttle count, time
        return result;
    }

    private static String tail(String out) {
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }
}
