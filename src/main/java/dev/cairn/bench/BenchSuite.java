package dev.cairn.bench;

import dev.cairn.app.Cairn;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Directories;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The benchmark suite of {@code cairn bench} and the desktop's Benchmarks page: single embedding,
 * vector search top 5 and top 20, hybrid search top 10, a cached query, ingest throughput on a
 * generated corpus and the vector index build, as the course's table (mean, min, max, p50, p95,
 * p99), JSON and Markdown.
 *
 * <p>It reuses the focused benchmarks: {@link EmbedBenchmark} for the embedding row (on the model
 * itself, not behind the cache), {@link SearchBenchmark#measure} for the four search rows, and
 * {@link SearchCorpus} for the notes it ingests. The library is small by default (2,000 chunks) so
 * the suite stays short (see ADR 0007); {@code cairn bench search} measures 10k chunks and
 * {@code cairn bench scale} 10k to 1M vectors.
 */
public final class BenchSuite {

    /** How many steps {@link #run} reports through its progress. */
    public static final int STEPS = 5;

    /**
     * @param chunks about how many chunks the generated library has
     * @param ingestBatches the library is ingested in this many parts, each a throughput sample
     * @param buildSamples how many times the index is built
     * @param seed which notes are generated; a new seed avoids the embedding cache of an earlier run
     */
    public record Options(int warmup, int samples, int chunks, int ingestBatches, int buildSamples, long seed) {
        public static final Options DEFAULT = new Options(10, 100, 2_000, 4, 3, 7);
        /** A run of well under a minute, for tests and a first look. */
        public static final Options QUICK = new Options(2, 10, 120, 2, 1, 7);

        public Options {
            if (warmup < 0 || samples < 1 || chunks < 1 || ingestBatches < 1 || buildSamples < 1) {
                throw new IllegalArgumentException("Suite options need warmup >= 0 and samples, chunks, ingest batches"
                        + " and build samples >= 1");
            }
        }

        public Options withSeed(long newSeed) {
            return new Options(warmup, samples, chunks, ingestBatches, buildSamples, newSeed);
        }
    }

    /** One line of the table, in its unit (ms for latencies, chunks/s for throughput). */
    public record Row(
            String name,
            String unit,
            int samples,
            double mean,
            double min,
            double max,
            double p50,
            double p95,
            double p99) {

        public static Row latency(Stats s) {
            return new Row(
                    s.name(),
                    "ms",
                    s.samples(),
                    s.meanNanos() / 1e6,
                    s.minNanos() / 1e6,
                    s.maxNanos() / 1e6,
                    s.p50Nanos() / 1e6,
                    s.p95Nanos() / 1e6,
                    s.p99Nanos() / 1e6);
        }

        /** Samples of a rate, with the percentiles nearest-rank as {@link Stats} has them. */
        static Row rate(String name, String unit, double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Row(
                    name,
                    unit,
                    sorted.length,
                    Arrays.stream(sorted).average().orElse(0),
                    sorted[0],
                    sorted[sorted.length - 1],
                    rank(sorted, 50),
                    rank(sorted, 95),
                    rank(sorted, 99));
        }

        private static double rank(double[] sorted, int p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("unit", unit);
            m.put("samples", samples);
            m.put("mean", round(mean));
            m.put("min", round(min));
            m.put("max", round(max));
            m.put("p50", round(p50));
            m.put("p95", round(p95));
            m.put("p99", round(p99));
            return m;
        }

        String cell(double v) {
            return "ms".equals(unit) ? Harness.time(v * 1e6) : String.format(Locale.ROOT, "%.1f/s", v);
        }

        /** The name, then mean, min, max, p50, p95 and p99 as the tables show them. */
        Object[] cells() {
            return new Object[] {name, cell(mean), cell(min), cell(max), cell(p50), cell(p95), cell(p99)};
        }
    }

    /**
     * What the suite measured, on what.
     *
     * @param chunks chunks in the knowledge base when search was measured
     * @param index the vector index search used; {@code recall} its measured recall@10
     */
    public record Report(
            Instant at,
            String model,
            int cores,
            double loadAverage,
            long chunks,
            String index,
            int efSearch,
            double recall,
            List<Row> rows) {
        public Report {
            rows = List.copyOf(rows);
        }

        /** The course's table, under one line of context. */
        public String toText() {
            StringBuilder out = new StringBuilder(context()).append("\n\n");
            out.append(String.format(
                    Locale.ROOT,
                    "%-25s %-9s %-9s %-9s %-9s %-9s %s%n",
                    "Name",
                    "Mean",
                    "Min",
                    "Max",
                    "P50",
                    "P95",
                    "P99"));
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "%-25s %-9s %-9s %-9s %-9s %-9s %s%n", r.cells()));
            }
            return out.toString();
        }

        /** The same as a Markdown document. */
        public String toMarkdown() {
            StringBuilder out =
                    new StringBuilder("# Cairn benchmark\n\n").append(context()).append("\n\n");
            out.append("| Name | Mean | Min | Max | P50 | P95 | P99 | Samples |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", r.cells()))
                        .append(String.format(Locale.ROOT, " %d |%n", r.samples()));
            }
            out.append("\nLatencies in ms; throughput rows are samples of a rate (higher is better). ")
                    .append("Re-run with `cairn bench` on a quiet machine to compare.\n");
            return out.toString();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", at.toString());
            m.put("model", model);
            m.put("cores", cores);
            m.put("load_average", loadAverage);
            m.put("chunks", chunks);
            m.put("index", index);
            m.put("ef_search", efSearch);
            m.put("recall_at_10", Math.round(recall * 1000) / 1000.0);
            m.put("results", rows.stream().map(Row::toMap).toList());
            return m;
        }

        private String context() {
            return String.format(
                    Locale.ROOT,
                    "%s, model %s, %d cores, load average %.2f; %d chunks, index %s"
                            + " (ef_search %d, recall@10 %.3f)",
                    at,
                    model,
                    cores,
                    loadAverage,
                    chunks,
                    index,
                    efSearch,
                    recall);
        }
    }

    private BenchSuite() {}

    /**
     * Runs the suite in a knowledge base of its own, in a temporary directory deleted afterwards:
     * what the desktop runs, so the user's library never gets the generated notes.
     */
    public static Report runInTemporaryLibrary(Options options, EmbedBenchmark.Progress progress)
            throws InterruptedException {
        Path dir;
        try {
            dir = Files.createTempDirectory("cairn-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not create a temporary directory for the benchmark: " + e.getMessage(), e);
        }
        try (Cairn cairn = Cairn.open(AppDirs.resolve(dir), null)) {
            return run(cairn, dir.resolve("bench-suite-library"), options, progress);
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * Runs the suite on {@code cairn}, ingesting the generated notes from {@code libraryDir} (notes
     * of an earlier run there are replaced, and their documents removed first so that ingest is
     * measured afresh). {@code progress} hears each step; throwing from it stops the run.
     */
    public static Report run(Cairn cairn, Path libraryDir, Options options, EmbedBenchmark.Progress progress)
            throws InterruptedException {
        Objects.requireNonNull(cairn);
        Path library = libraryDir.toAbsolutePath().normalize();
        Harness harness = new Harness(options.warmup(), options.samples());
        List<Row> rows = new ArrayList<>();

        progress.step("Single embedding", 0, STEPS);
        try (OnnxEmbedder model = OnnxEmbedder.create(cairn.model())) {
            rows.add(Row.latency(new EmbedBenchmark(harness).singleEmbedding(model)));
        }

        progress.step("Ingest", 1, STEPS);
        Row ingest = ingest(cairn, library, options);

        progress.step("Index build", 2, STEPS);
        Row build = indexBuild(cairn, options.buildSamples());

        progress.step("Search", 3, STEPS);
        SearchBenchmark.Measured search = new SearchBenchmark(harness).measure(cairn);
        search.rows().forEach(s -> rows.add(Row.latency(s)));
        rows.add(ingest);
        rows.add(build);
        progress.step("Done", STEPS, STEPS);
        return new Report(
                Instant.now(),
                cairn.model().id(),
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                cairn.store().stats().chunks(),
                search.index(),
                search.settings().efSearch(),
                search.recall(),
                rows);
    }

    /** Ingests the library in parts, one chunks-per-second sample each. */
    private static Row ingest(Cairn cairn, Path library, Options options) throws InterruptedException {
        for (DocumentRecord d : cairn.store().listDocuments()) {
            if (Path.of(d.path()).toAbsolutePath().normalize().startsWith(library)) {
                cairn.store().deleteDocument(d.id());
            }
        }
        IngestPipeline pipeline = cairn.pipeline(cairn.ingestOptions());
        int perBatch = Math.max(1, options.chunks() / options.ingestBatches());
        double[] rates = new double[options.ingestBatches()];
        for (int b = 0; b < options.ingestBatches(); b++) {
            Path part = library.resolve("part-" + b);
            SearchCorpus.write(
                    part,
                    perBatch,
                    cairn.embedder().tokenizer()::countTokens,
                    SearchBenchmark.tokensPerChunk(),
                    options.seed() * 1_000 + b);
            IngestSummary summary =
                    pipeline.ingest(List.of(part), true, new IngestControl(), IngestPipeline.Listener.NONE);
            if (summary.failed() > 0) {
                throw new IllegalStateException(summary.failed() + " generated documents failed to ingest: "
                        + summary.failures().getFirst());
            }
            rates[b] = summary.chunksPerSecond();
        }
        return Row.rate("Ingest (chunks/s)", "chunks/s", rates);
    }

    /**
     * Builds the HNSW index the tuner recommends for a library (m=16, ef_construction=64) over the
     * chunks there are, the way {@code cairn tune-index} does, without blocking searches.
     */
    private static Row indexBuild(Cairn cairn, int samples) {
        IndexTuner tuner = new IndexTuner(cairn.database().dataSource(), cairn.store(), IndexTuner.Options.DEFAULT);
        VectorIndex hnsw = IndexTuner.recommend(
                        Math.max(IndexTuner.EXACT_SCAN_MAX_ROWS, tuner.stats().rows()), IndexTuner.Kind.HNSW)
                .index();
        Stats stats = new Harness(0, samples).measure("Index build (HNSW)", i -> tuner.apply(hnsw));
        return Row.latency(stats);
    }

    /** The 1-minute load average, or -1 where the system does not say. */
    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the benchmark's temporary directory " + dir, e);
        }
    }
}
