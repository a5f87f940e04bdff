package dev.cairn.cli;

import dev.cairn.app.Cairn;
import dev.cairn.bench.ScaleBenchmark;
import dev.cairn.bench.ScaleReport;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Directories;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn bench scale}: HNSW build and search at 10k to 1M synthetic vectors, float and halfvec. */
@Command(
        name = "scale",
        description =
                "HNSW at library sizes a desktop reaches: synthetic 384-d vectors clustered"
                        + " around real embeddings, built as vector and halfvec; build time, index size, peak memory, search"
                        + " p50/p95 and recall@10 at several ef_search. Uses its own tables (schema bench_scale), never your chunks.")
final class ScaleBenchCommand implements Callable<Integer> {

    @ParentCommand
    BenchCommand bench;

    @Option(
            names = "--chunks",
            paramLabel = "N,N,...",
            split = ",",
            converter = CountConverter.class,
            description = "Sizes to measure, e.g. 10k,100k,1M (default: 10k,100k).")
    List<Integer> chunks = List.of(10_000, 100_000);

    @Option(
            names = "--ef-search",
            paramLabel = "N,N,...",
            split = ",",
            description = "hnsw.ef_search values to measure (default: 20,40,80,160).")
    List<Integer> efSearch = ScaleBenchmark.DEFAULT_EF_SEARCH;

    @Option(names = "--queries", paramLabel = "N", description = "Queries per setting (default: ${DEFAULT-VALUE}).")
    int queries = 200;

    @Option(
            names = "--sigma",
            paramLabel = "S",
            description = "Noise around each centroid (default: ${DEFAULT-VALUE}).")
    double sigma = ScaleBenchmark.DEFAULT_SIGMA;

    @Option(names = "--m", paramLabel = "M", description = "HNSW m (default: the index tuner's for the size).")
    Integer m;

    @Option(
            names = "--ef-construction",
            paramLabel = "N",
            description = "HNSW ef_construction (default: the index tuner's for the size).")
    Integer efConstruction;

    @Option(
            names = "--keep",
            description = "Keep the tables, so a re-run with the same options only measures search"
                    + " (needs --data-dir or --db-url).")
    boolean keep;

    @Option(names = "--plan", description = "Only print what the run needs (disk, time) and stop.")
    boolean planOnly;

    @Option(names = "--json", description = "Print one JSON object (progress goes to stderr).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CairnCommand root = bench.root();
        boolean temporary = root.dataDir == null && root.dbUrl() == null;
        if (keep && temporary) {
            throw new IllegalArgumentException("--keep needs --data-dir DIR (or --db-url): a temporary data directory"
                    + " is deleted when the run ends.");
        }
        Path tempDir = temporary ? Files.createTempDirectory("cairn-bench-scale-") : null;
        AppDirs dirs = temporary ? AppDirs.resolve(tempDir) : root.appDirs();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        ScaleBenchmark.Options options =
                new ScaleBenchmark.Options(chunks, efSearch, queries, sigma, m, efConstruction, keep, 42);
        try (Cairn cairn = Cairn.open(dirs, root.dbUrl())) {
            cairn.store(); // the schema, and with it the vector extension
            ScaleBenchmark benchmark = new ScaleBenchmark(cairn.database().dataSource(), cairn.embedder(), options);
            List<ScaleBenchmark.Plan> plans = benchmark.plan();
            Optional<Long> free = ScaleBenchmark.freeDisk(root.dbUrl() == null ? dirs.dataDir() : null);
            // Without --keep each size's tables go before the next size loads: the largest size is the need.
            long need = keep
                    ? plans.stream().mapToLong(ScaleBenchmark.Plan::diskBytes).sum()
                    : plans.stream()
                            .mapToLong(ScaleBenchmark.Plan::diskBytes)
                            .max()
                            .orElse(0);
            progress.println(planText(plans, need, free, dirs));
            progress.flush();
            if (free.isPresent() && free.get() < need) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "Not enough disk: the run needs about %.1f GB"
                                + " in %s and %.1f GB is free. Measure fewer or smaller sizes, or free some space.",
                        need / 1e9,
                        dirs.dataDir(),
                        free.get() / 1e9));
            }
            if (planOnly) {
                return 0;
            }
            ScaleReport report = benchmark.run(line -> {
                progress.println(line);
                progress.flush();
            });
            out.println(json ? Json.MAPPER.writeValueAsString(report.toMap()) : report.toText());
            out.flush();
        } finally {
            if (temporary) {
                Directories.deleteRecursively(tempDir);
            }
        }
        return 0;
    }

    private String planText(List<ScaleBenchmark.Plan> plans, long need, Optional<Long> free, AppDirs dirs) {
        StringBuilder s = new StringBuilder("Scale benchmark plan (data in " + dirs.dataDir() + "):\n");
        Duration total = Duration.ZERO;
        for (ScaleBenchmark.Plan p : plans) {
            s.append(String.format(
                    Locale.ROOT,
                    "  %,10d vectors: %s, about %.2f GB of disk, %s, about %s%n",
                    p.rows(),
                    p.kept() ? "kept tables, search only" : "load + 2 HNSW builds",
                    p.diskBytes() / 1e9,
                    p.kept() ? "no build" : p.buildMemoryMb() + " MB of RAM while building",
                    minutes(p.estimate())));
            total = total.plus(p.estimate());
        }
        s.append(String.format(
                Locale.ROOT,
                "  needs about %.1f GB of disk at most (%s), about %s in all%s",
                need / 1e9,
                free.map(f -> String.format(Locale.ROOT, "%.1f GB free", f / 1e9))
                        .orElse("free space unknown"),
                minutes(total),
                keep ? "; tables are kept" : "; each size's tables are dropped after it"));
        return s.toString();
    }

    private static String minutes(Duration d) {
        return d.toMinutes() < 1 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** 10k, 100k, 1M, 2500 (case-insensitive). */
    static final class CountConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
            long factor = 1;
            if (v.endsWith("k")) {
                factor = 1_000;
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                factor = 1_000_000;
                v = v.substring(0, v.length() - 1);
            }
            try {
                long n = Math.round(Double.parseDouble(v) * factor);
                if (n < 1 || n > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return (int) n;
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a count; write e.g. 2000, 10k or 1M");
            }
        }
    }
}
