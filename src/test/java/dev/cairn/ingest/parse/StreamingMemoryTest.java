package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.IngestFigures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A text file bigger than the heap streams through the parser: proof that nothing holds it whole. */
class StreamingMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aTextFileLargerThanTheHeapIsParsedIn32Megabytes() throws Exception {
        Path file = dir.resolve("large.txt");
        long size = BigText.write(file, 40L * 1024 * 1024); // 40 M chars = 80 MB as one Java string

        String out = parseInChildJvm(file, "-Xmx32m");

        assertThat(out).as(out).contains("RESULT parse outcome=Parsed");
        long blocks =
                Long.parseLong(out.replaceAll("(?s).* blocks=(\\d+) .*", "$1").strip());
        assertThat(blocks).isGreaterThan(size / TextParser.MAX_BLOCK_CHARS);
    }

    @Test
    void aThousandPagePdfIsReadPageByPageIn48Megabytes() throws Exception {
        List<List<String>> pages = new ArrayList<>();
        for (int p = 1; p <= 1000; p++) {
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < 30; l++) {
                lines.add("Page " + p + ", line " + l + ": the cairn marks the path over the ridge.");
            }
            pages.add(lines);
        }
        Path file = TestDocuments.pdf(dir.resolve("thousand.pdf"), pages, null, null);

        String out = parseInChildJvm(file, "-Xmx48m");

        assertThat(out).as(out).contains("RESULT parse outcome=Parsed");
        long blocks =
                Long.parseLong(out.replaceAll("(?s).* blocks=(\\d+) .*", "$1").strip());
        assertThat(blocks).isGreaterThanOrEqualTo(1000);
    }

    private static String parseInChildJvm(Path file, String heap) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        heap,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        IngestFigures.class.getName(),
                        file.toString(),
                        "0",
                        "parse")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
