package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bench.EmbedBenchReport;
import dev.cairn.bench.EmbedBenchmark;
import dev.cairn.bench.Harness;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn bench <suite>}: how fast this machine runs Cairn's parts. */
@Command(name = "bench", description = "Measure how fast this machine runs Cairn's parts.",
        subcommands = {BenchCommand.Embed.class, SearchBenchCommand.class, IngestBenchCommand.class})
final class BenchCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    CairnCommand root;

    @Spec
    CommandSpec spec;

    CairnCommand root() {
        return root;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code cairn bench embed}: latency, batch throughput and padding of the embedding model. */
    @Command(name = "embed", description = "Embedding latency, batch throughput (1/8/32/64 chunks of ~200 tokens) and padding.")
    static final class Embed implements Callable<Integer> {

        @Option(names = "--model", paramLabel = "MODEL",
                description = "all-minilm-l6-v2 (default), bge-small-en-v1.5-q, or all.")
        String model = ModelSpec.DEFAULT.id();

        @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
        int warmup = 5;

        @Option(names = "--samples", paramLabel = "N", description = "Timed runs (default: ${DEFAULT-VALUE}; fewer for big batches).")
        int samples = 20;

        @Option(names = "--batches", paramLabel = "N,N,...", split = ",",
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
