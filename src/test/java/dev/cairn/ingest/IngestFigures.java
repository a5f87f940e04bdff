package dev.cairn.ingest;

import dev.cairn.ingest.parse.BigText;
import dev.cairn.ingest.parse.ParseOutcome;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.platform.MemoryGovernor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures parsing and chunking of a generated text file; run by hand (figures for the report) and
 * by {@link dev.cairn.ingest.parse.StreamingMemoryTest} in a small heap. Not a test: timings belong to benchmarks.
 *
 * <pre>java -Xmx64m -cp ... dev.cairn.ingest.IngestFigures FILE MEGABYTES [parse|chunk|chunk-count]</pre>
 */
public final class IngestFigures {

    private IngestFigures() {}

    /** Counts a block; every 256th also records occupancy after GC (a snapshot reads /proc, not free). */
    private static void sample(AtomicLong blocks, MemoryGovernor governor, AtomicLong maxAfterGc) {
        if ((blocks.incrementAndGet() & 255) == 0) {
            maxAfterGc.accumulateAndGet(Math.round(governor.snapshot().occupancyAfterGc() * 1000), Math::max);
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long megabytes = Long.parseLong(args[1]);
        String mode = args.length > 2 ? args[2] : "parse";
        if (!Files.exists(file)) {
            BigText.write(file, megabytes * 1024 * 1024);
        }
        double sizeMb = Files.size(file) / (1024.0 * 1024.0);
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong blocks = new AtomicLong();
        AtomicLong chunks = new AtomicLong();
        AtomicLong maxAfterGc = new AtomicLong();
        try (Parsers parsers = Parsers.create();
                MemoryGovernor governor = MemoryGovernor.start()) {
            AtomicLong calls = new AtomicLong();
            TokenCounter counting = text -> {
                calls.incrementAndGet();
                return RealTokenizer.COUNTER.count(text);
            };
            // "chunk-count": the counter without token offsets, every paragraph and sentence tokenized alone
            TokenCounter counted = mode.equals("chunk-count")
                    ? counting
                    : TokenCounter.withOffsets(
                            text -> {
                                calls.incrementAndGet();
                                return RealTokenizer.COUNTER.count(text);
                            },
                            text -> {
                                calls.incrementAndGet();
                                return RealTokenizer.COUNTER.tokenStarts(text);
                            });
            Chunker chunker = new Chunker(counted, ChunkingPolicy.DEFAULT);
            long start = System.nanoTime();
            ParseOutcome outcome;
            if (mode.startsWith("chunk")) {
                try (ChunkStream stream = chunker.open(c -> chunks.incrementAndGet())) {
                    outcome = parsers.parse(file, b -> {
                        stream.accept(b);
                        sample(blocks, governor, maxAfterGc);
                    });
                }
            } else {
                outcome = parsers.parse(file, b -> {
                    sample(blocks, governor, maxAfterGc);
                });
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed())
                    .sum();
            System.out.printf(
                    "RESULT %s outcome=%s size_mb=%.1f seconds=%.2f mb_per_s=%.1f blocks=%d chunks=%d "
                            + "tokenizer_calls=%d chunks_per_s=%.0f peak_heap_mb=%.1f max_heap_mb=%.1f max_occupancy_after_gc=%.1f%%%n",
                    mode,
                    outcome.getClass().getSimpleName(),
                    sizeMb,
                    seconds,
                    sizeMb / seconds,
                    blocks.get(),
                    chunks.get(),
                    calls.get(),
                    chunks.get() / seconds,
                    peakHeap / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0,
                    maxAfterGc.get() / 10.0);
        }
    }
}
