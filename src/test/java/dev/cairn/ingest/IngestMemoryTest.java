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
 * The memory tests: a real Cairn in a child JVM with a small heap ingests, into the real
 * bundled PostgreSQL with the real model, Markdown documents with more text than that heap, and
 * finishes with no OutOfMemoryError (the child exits on the first one, even one a parser would
 * have caught). The documents repeat two sections, so the embedding cache answers for most chunks
 * and the model's speed does not set the test's length; every character is still parsed, chunked,
 * hashed and stored (see {@link IngestMemoryProbe}).
 *
 * <p>Memory has two guards. The byte bound between the stages ({@code Options.queuedBytes}, an
 * eighth of the heap) keeps the live set small, so with the defaults the governor never needs to
 * act: the first test. The second lifts that bound to four times the heap, so only the memory
 * governor stands between the queues and the heap, and checks that the run still completes (with
 * text stored before the model runs, the queues no longer fill the heap, so it need not engage). The other half of the governor test, garbage around a small live set never
 * throttling, is {@code MemoryGovernorTest.garbageAroundASmallLiveSetNeverThrottles}.
 */
class IngestMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aDocumentWhoseTextAndVectorsOutweighTheHeapStreamsThroughWithTheDefaultBounds() throws Exception {
        String result = probe("-Xmx64m", 1, 32, 0, "");

        assertThat(value(result, "indexed")).isEqualTo(1);
        assertThat(value(result, "failed")).isZero();
        assertThat(parsedChars(result) + value(result, "chunks") * 384.0 * Float.BYTES)
                .as("text (a byte a character at least) and vectors outweigh the child's heap")
                .isGreaterThan(64.0 * MB);
        assertThat(value(result, "computed"))
                .as("repeated chunks come from the embedding cache")
                .isLessThan(100);
    }

    @Test
    void moreTextThanA256MegabyteHeapCompletesWhenTheGovernorIsTheOnlyBound() throws Exception {
        // Four 70 M-character documents and 2 M characters of prose that never repeats, the byte bound lifted.
        // Since text is stored before the model runs (ADR 0013), nothing queues behind the model any more:
        // the heap no longer fills, so the governor need not throttle (it did when vectors travelled with the
        // text; see ADR 0013). The child exits on the first OutOfMemoryError; completing is the point. That the
        // governor throttles when occupancy does pass its mark is MemoryGovernorTest's.
        String result = probe("-Xmx256m", 4, 70, 2000, "governor-only");

        assertThat(value(result, "indexed")).isEqualTo(5);
        assertThat(value(result, "failed")).isZero();
        assertThat(parsedChars(result))
                .as("parsed text, in characters (a byte each at least)")
                .isGreaterThan(256.0 * MB);
        System.out.println("IngestMemoryTest: throttle periods " + value(result, "throttle_events"));
    }

    private static final double MB = 1024 * 1024;

    private static double parsedChars(String result) {
        return Double.parseDouble(result.replaceAll(".* parsed_mchars=([0-9.]+) .*", "$1")) * 1e6;
    }

    private static long value(String result, String key) {
        return Long.parseLong(result.replaceAll(".* " + key + "=(\\d+).*", "$1"));
    }

    private String probe(String heap, int files, int megacharsPerFile, int uniqueKilochars, String mode)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-XX:MaxDirectMemorySize=256m",
                "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path")));
        String bundle = System.getProperty("cairn.pg.bundle");
        if (bundle != null) {
            cmd.add("-Dcairn.pg.bundle=" + bundle);
        }
        cmd.addAll(List.of(
                IngestMemoryProbe.class.getName(),
                dir.resolve("corpus").toString(),
                dir.resolve("data").toString(),
                String.valueOf(files),
                String.valueOf(megacharsPerFile),
                String.valueOf(uniqueKilochars),
                mode));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(40, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(tail(out)).isZero();
        String result = out.lines()
                .filter(l -> l.startsWith("RESULT"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(tail(out)));
        System.out.println(result); // the figures for the report: heap peak, throttle count, time
        return result;
    }

    private static String tail(String out) {
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }
}
