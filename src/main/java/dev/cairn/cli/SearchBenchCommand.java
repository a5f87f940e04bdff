package dev.cairn.cli;

import dev.cairn.app.Cairn;
import dev.cairn.bench.Harness;
import dev.cairn.bench.SearchBenchmark;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Directories;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn bench search}: search latency on a generated library of about 10k chunks. */
@Command(
        name = "search",
        description =
                "Search latency (vector top 5/20, hybrid top 10 in all and in part of the library, a repeated query) on a"
                        + " generated library, in a temporary data directory unless --data-dir is given.")
final class SearchBenchCommand implements Callable<Integer> {

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--chunks", paramLabel = "N", description = "About how many chunks (default: ${DEFAULT-VALUE}).")
    int chunks = 10_000;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup = 50;

    @Option(names = "--samples", paramLabel = "N", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int samples = 500;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (chunks < 1) {
            throw new IllegalArgumentException("--chunks must be at least 1, got " + chunks);
        }
        CairnCommand root = bench.root();
        boolean temporary = root.dataDir == null && root.dbUrl() == null;
        Path dataDir = temporary ? Files.createTempDirectory("cairn-bench-search-") : null;
        AppDirs dirs = temporary ? AppDirs.resolve(dataDir) : root.appDirs();
        PrintWriter out = spec.commandLine().getOut();
        try (Cairn cairn = Cairn.open(dirs, root.dbUrl())) {
            if (!json) {
                out.println("Building a library of about " + chunks + " chunks in " + dirs.dataDir()
                        + " (embedding takes minutes on a small CPU; unchanged notes are skipped on a re-run)...");
                out.flush();
            }
            SearchBenchmark.Report report = new SearchBenchmark(new Harness(warmup, samples))
                    .run(cairn, dirs.dataDir().resolve("bench-search-library"), chunks);
            out.println(json ? Json.MAPPER.writeValueAsString(report.toMap()) : report.toText());
        } finally {
            if (temporary) {
                Directories.deleteRecursively(dataDir);
            }
        }
        return 0;
    }
}
