package dev.cairn.cli;

import dev.cairn.app.Cairn;
import dev.cairn.app.Settings;
import dev.cairn.bench.IngestBenchmark;
import dev.cairn.bench.SearchDuringEmbedding;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Directories;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn bench ingest PATH...}: ingestion speed against the model's own, and an unchanged re-run. */
@Command(
        name = "ingest",
        description = "Ingest PATH into a temporary library and compare end-to-end chunks/s with the"
                + " model alone on the same chunks; then re-ingest unchanged. Reports CPU use of each.")
final class IngestBenchCommand implements Callable<Integer> {

    @ParentCommand
    BenchCommand bench;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to ingest.")
    List<Path> paths;

    @Option(names = "--batch", paramLabel = "N", description = "Chunks per model call (default: the pipeline's).")
    Integer batch;

    @Option(names = "--readers", paramLabel = "N", description = "Files read at once (default: the pipeline's).")
    Integer readers;

    @Option(
            names = "--embedding-tokens",
            paramLabel = "N",
            description = "Tokens of each chunk the model reads, from its start (default: a new library's, "
                    + Settings.DEFAULT_EMBEDDING_TOKENS + "; " + Settings.EARLIER_EMBEDDING_TOKENS
                    + " reads whole chunks).")
    Integer embeddingTokens;

    @Option(
            names = "--model",
            paramLabel = "ID",
            description = "Embedding model to measure, e.g. all-minilm-l6-v2-q" + " (default: the default model).")
    String model;

    @Option(names = "--text-only", description = "Measure only until every document is searchable by its words.")
    boolean textOnly;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(
            names = "--search-during-embedding",
            arity = "0..1",
            paramLabel = "PACE_MS",
            fallbackValue = "250",
            description = "Instead: hybrid searches (top 10, the pages' headings, not cached), one every PACE_MS"
                    + " (default 250), while the vectors are computed, then the same searches idle;"
                    + " p50/p95/p99 of both and their ratio.")
    Integer searchPaceMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Arguments.requireExisting(paths, "ingest");
        ModelSpec chosen = model == null ? Settings.DEFAULTS.model() : Settings.model(model);
        Path dataDir = Files.createTempDirectory("cairn-bench-ingest-");
        PrintWriter out = spec.commandLine().getOut();
        AppDirs dirs = AppDirs.resolve(dataDir);
        Settings.DEFAULTS
                .withModel(chosen)
                .withEmbeddingTokens(embeddingTokens == null ? Settings.DEFAULT_EMBEDDING_TOKENS : embeddingTokens)
                .save(dirs.settingsFile());
        try (Cairn cairn = Cairn.open(dirs, null)) {
            IngestPipeline.Options options = cairn.ingestOptions();
            if (batch != null) {
                options = options.withEmbedBatch(batch);
            }
            if (readers != null) {
                options = options.withReaders(readers);
            }
            if (textOnly) {
                Map<String, Object> text = new IngestBenchmark().textOnly(cairn, paths, options);
                out.println(json ? Json.MAPPER.writeValueAsString(text) : text.toString());
                return 0;
            }
            if (searchPaceMs != null) {
                SearchDuringEmbedding.Report report = new SearchDuringEmbedding(new SearchDuringEmbedding.Options(
                                SearchDuringEmbedding.Options.DEFAULT.questions(),
                                Duration.ofMillis(searchPaceMs),
                                SearchDuringEmbedding.Options.DEFAULT.top()))
                        .run(cairn, paths, options, List.of());
                out.println(json ? Json.MAPPER.writeValueAsString(report.toMap()) : report.toText());
                return 0;
            }
            IngestBenchmark.Report report = new IngestBenchmark().run(cairn, paths, options);
            out.println(json ? Json.MAPPER.writeValueAsString(report.toMap()) : report.toText());
        } finally {
            Directories.deleteRecursively(dataDir);
        }
        return 0;
    }
}
