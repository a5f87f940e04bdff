package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.Cairn;
import dev.cairn.bench.BenchSuite;
import dev.cairn.bench.EmbedBenchReport;
import dev.cairn.bench.EmbedBenchmark;
import dev.cairn.bench.Harness;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.platform.AppDirs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn bench [embed|search|scale|ingest]}: how fast this machine runs Cairn's parts. */
@Command(
        name = "bench",
        description = "Measure how fast this machine runs Cairn's parts. Without a subcommand:"
                + " the suite (single embedding, vector search top 5/20, hybrid top 10, cached query, ingest, index build)"
                + " in a temporary knowledge base unless --data-dir is given, as a table, JSON and a Markdown report.",
        subcommands = {
            BenchCommand.Embed.class,
            SearchBenchCommand.class,
            ScaleBenchCommand.class,
            IngestBenchCommand.class,
            ParseBenchCommand.class,
            WindowBenchCommand.class,
            AotTrainingCommand.class
        })
final class BenchCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    CairnCommand root;

    @Spec
    CommandSpec spec;

    CairnCommand root() {
        return root;
    }

    @Option(names = "--quick", description = "A short run (about 120 chunks, 10 samples): a first look, and the tests.")
    boolean quick;

    @Option(
            names = "--chunks",
            paramLabel = "N",
            description = "About how many chunks the generated library has" + " (default: 2000; --quick 120).")
    Integer chunks;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Where to write the Markdown report (default:"
                    + " bench-report.md in --data-dir when given, else in the current directory).")
    Path report;

    /**
     * {@code cairn bench}: the suite (single embedding, vector top 5/20, hybrid top 10, cached query,
     * ingest throughput, index build), in a temporary knowledge base unless --data-dir is given.
     */
    @Override
    public Integer call() throws Exception {
        BenchSuite.Options options = quick ? BenchSuite.Options.QUICK : BenchSuite.Options.DEFAULT;
        if (chunks != null) {
            if (chunks < 1) {
                throw new IllegalArgumentException("--chunks must be at least 1, got " + chunks);
            }
            options = new BenchSuite.Options(
                    options.warmup(),
                    options.samples(),
                    chunks,
                    options.ingestBatches(),
                    options.buildSamples(),
                    options.seed());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EmbedBenchmark.Progress progress = (step, done, total) -> {
            err.printf("[%d/%d] %s%n", done, total, step);
            err.flush();
        };
        boolean temporary = root.dataDir == null && root.dbUrl() == null;
        BenchSuite.Report result;
        Path reportFile;
        if (temporary) {
            reportFile = report != null ? report : Path.of("bench-report.md");
            result = BenchSuite.runInTemporaryLibrary(options, progress);
        } else {
            AppDirs dirs = root.appDirs();
            reportFile = report != null ? report : dirs.dataDir().resolve("bench-report.md");
            try (Cairn cairn = Cairn.open(dirs, root.dbUrl())) {
                // Fresh notes each run: the same texts again would come from the embedding cache.
                result = BenchSuite.run(
                        cairn,
                        dirs.dataDir().resolve("bench-suite-library"),
                        options.withSeed(System.currentTimeMillis()),
                        progress);
            }
        }
        Path parent = reportFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(reportFile, result.toMarkdown());
        out.println(json ? Json.MAPPER.writeValueAsString(result.toMap()) : result.toText());
        if (!json) {
            out.println("Report written to " + reportFile.toAbsolutePath());
        } else {
            err.println("Report written to " + reportFile.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    /** {@code cairn bench embed}: latency, batch throughput and padding of the embedding model. */
    @Command(
            name = "embed",
            description = "Embedding latency, batch throughput (1/8/32/64 chunks of ~200 tokens) and padding.")
    static final class Embed implements Callable<Integer> {

        @Option(
                names = "--model",
                paramLabel = "MODEL",
                description = "all-minilm-l6-v2 (default), bge-small-en-v1.5-q, or all.")
        String model = ModelSpec.DEFAULT.id();

        @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
        int warmup = 5;

        @Option(
                names = "--samples",
                paramLabel = "N",
                description = "Timed runs (default: ${DEFAULT-VALUE}; fewer for big batches).")
        int samples = 20;

        @Option(
                names = "--batches",
                paramLabel = "N,N,...",
                split = ",",
                description = "Batch sizes to measure (default: 1,8,32,64).")
        List<Integer> batches = EmbedBenchmark.BATCH_SIZES;

        @Option(names = "--json", description = "Print one JSON object per model.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<ModelSpec> models = "all".equalsIgnoreCase(model) ? ModelSpec.all() : List.of(ModelSpec.byId(model));
            EmbedBenchmark suite = new EmbedBenchmark(new Harness(warmup, samples), batches);
            PrintWriter out = spec.commandLine().getOut();
            for (ModelSpec m : models) {
                try (OnnxEmbedder embedder = OnnxEmbedder.create(m)) {
                    EmbedBenchReport report = suite.run(embedder);
                    if (json) {
                        out.println(new ObjectMapper().writeValueAsString(report.toMap()));
                    } else {
                        out.println(report.toText());
                    }
                    out.flush();
                }
            }
            return 0;
        }
    }
}
