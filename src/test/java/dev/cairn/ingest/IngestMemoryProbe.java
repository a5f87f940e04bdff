package dev.cairn.ingest;

import dev.cairn.app.Cairn;
import dev.cairn.embed.CacheStats;
import dev.cairn.ingest.parse.BigText;
import dev.cairn.platform.AppDirs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingests big Markdown files in a child JVM with a small heap (see {@link IngestMemoryTest}) and
 * prints one RESULT line: documents, chunks, throttle periods, the heap's peak, how many texts
 * the model computed. Also run by hand for figures:
 *
 * <pre>java -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -cp ... \
 *     dev.cairn.ingest.IngestMemoryProbe CORPUS DATA_DIR FILES MEGACHARS UNIQUE_KCHARS [unbounded-queues]</pre>
 *
 * <p>FILES Markdown files of MEGACHARS million characters repeat two sections word for word, each
 * under its own heading, so their chunks (heading included, as the model sees them) repeat and the
 * embedding cache answers all but the first few: the model's speed does not limit the run, while
 * every character is really parsed, chunked, hashed and stored. One more file of UNIQUE_KCHARS
 * thousand characters of prose that never repeats is read first: the model works through it at
 * its own pace while the big files' chunks queue up behind it, which is real memory pressure.
 * With {@code governor-only} the queues may hold more than the heap, so only the memory governor
 * keeps the run within the heap; {@code unbounded-queues} also reads every file at once. (The
 * model graph is read into a direct buffer of about 90 MB, hence the direct memory limit for small
 * heaps.)
 */
public final class IngestMemoryProbe {

    private IngestMemoryProbe() {}

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path dataDir = Path.of(args[1]);
        int files = Integer.parseInt(args[2]);
        long charsPerFile = Long.parseLong(args[3]) * 1_000_000L;
        long unique = Long.parseLong(args[4]) * 1000L;
        Files.createDirectories(corpus);
        long written = unique > 0 ? BigText.write(corpus.resolve("a-unique.txt"), unique) : 0;
        for (int f = 0; f < files; f++) {
            written += writeRepeatingSections(corpus.resolve("notes-" + f + ".md"), charsPerFile);
        }
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong maxOccupancy = new AtomicLong();
        try (Cairn cairn = Cairn.open(AppDirs.resolve(dataDir), null)) {
            cairn.governor()
                    .addListener(e -> maxOccupancy.accumulateAndGet(Math.round(e.occupancy() * 1000), Math::max));
            IngestPipeline.Options options = cairn.ingestOptions();
            String mode = args.length > 5 ? args[5] : "";
            if (mode.equals("unbounded-queues")
                    || mode.equals("governor-only")) { // only the governor then bounds memory
                options = options.withQueues(1 << 20, 4L * Runtime.getRuntime().maxMemory());
            }
            if (mode.equals("unbounded-queues")) { // and every file is read at once
                options = options.withReaders(files + 1);
            }
            IngestSummary summary = cairn.pipeline(options)
                    .ingest(List.of(corpus), false, new IngestControl(), IngestPipeline.Listener.NONE);
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed())
                    .sum();
            CacheStats cache = cairn.cacheStats().orElseThrow();
            System.out.printf(
                    "RESULT indexed=%d failed=%d chunks=%d throttle_events=%d parsed_mchars=%.1f max_heap_mb=%.0f "
                            + "peak_heap_mb=%.0f max_occupancy_at_throttle=%.1f%% computed=%d cache_hits=%d seconds=%.1f "
                            + "cpu=%.2f failures=%s%n",
                    summary.indexed(),
                    summary.failed(),
                    summary.chunks(),
                    summary.throttleEvents(),
                    written / 1e6,
                    Runtime.getRuntime().maxMemory() / 1048576.0,
                    peakHeap / 1048576.0,
                    maxOccupancy.get() / 10.0,
                    cache.computed(),
                    cache.hits(),
                    summary.elapsed().toMillis() / 1000.0,
                    summary.cpuUtilisation(),
                    summary.failures());
        }
    }

    /** Sections A and B in turn, each the same every time, to about {@code chars} characters. */
    static long writeRepeatingSections(Path file, long chars) throws IOException {
        String a = section("Field notes on the north ridge", 11);
        String b = section("Field notes on the river valley", 23);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; written < chars; i++) {
                String s = i % 2 == 0 ? a : b;
                out.write(s);
                written += s.length();
            }
        }
        return written;
    }

    private static String section(String heading, int seed) {
        StringBuilder text = new StringBuilder("## ").append(heading).append("\n\n");
        java.util.Random random = new java.util.Random(seed);
        String[] words = ("the a cairn stone path marks hikers follow over ridge valley river map local index document "
                        + "search answer cites page chunk token memory heap parser stream block heading section quickly slowly "
                        + "carefully north south weather fog summit trail")
                .split(" ");
        for (int p = 0; p < 12; p++) {
            for (int s = 0; s < 5; s++) {
                int n = 8 + random.nextInt(12);
                for (int w = 0; w < n; w++) {
                    String word = words[random.nextInt(words.length)];
                    text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                            .append(w == n - 1 ? ". " : " ");
                }
            }
            text.append("\n\n");
        }
        return text.toString();
    }
}
