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
 * ingests, into the real bundled PostgreSQL with the real model, one Markdown document whose text
 * and vectors together outweigh that heap (33 M characters, about 31 k chunks of 1.5 KB vectors),
 * with the pipeline's default bounds. Before the writer streamed, all of it was held until the
 * document was stored; now it completes with no OutOfMemoryError (the child exits on the first
 * one, even one a parser would have caught).
 *
 * <p>The throttle is not asserted here. With queues allowed more than the heap (the probe's
 * {@code unbounded-queues}), a unique-text file keeping the model busy and the big document's
 * chunks queueing behind it, the governor throttled 11 times and the run completed once, but
 * another run died of OutOfMemoryError: in 64 MB, what a reader adds between two collections
 * outruns a throttle that reacts to occupancy after GC. The byte bound is what keeps the heap safe;
 * the governor is the second line. That run, and the full size of the issue (256 MB heap, more
 * parsed text than that), are commands in docs/decisions/0008-ingest-speed.md. The other half of
 * the test, garbage around a small live set never throttling, is
 * {@code MemoryGovernorTest.garbageAroundASmallLiveSetNeverThrottles}.
 */
class IngestMemoryTest {

    private static final String HEAP = "-Xmx64m";
    private static final int FILES = 1;
    private static final int MEGACHARS_PER_FILE = 32;

    @TempDir
    Path dir;

    @Test
    void aDocumentWhoseTextAndVectorsOutweighTheHeapStreamsThroughWithoutOutOfMemoryError() throws Exception {
        String result = probe(dir.resolve("corpus"), dir.resolve("data"));

        assertThat(value(result, "indexed")).isEqualTo(FILES);
        assertThat(value(result, "failed")).isZero();
        long chunks = value(result, "chunks");
        double parsedChars = Double.parseDouble(result.replaceAll(".* parsed_mchars=([0-9.]+) .*", "$1")) * 1e6;
        assertThat(parsedChars + chunks * 384.0 * Float.BYTES)
                .as("text (a byte a character at least) and vectors outweigh the child's heap").isGreaterThan(64.0 * 1024 * 1024);
        assertThat(value(result, "computed")).as("repeated chunks come from the embedding cache").isLessThan(100);
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
                String.valueOf(FILES), String.valueOf(MEGACHARS_PER_FILE), "0"));
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
