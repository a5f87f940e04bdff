package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.VectorIndex;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn tune-index}: the vector index this library should have, how well the current one finds, and a rebuild. */
@Command(
        name = "tune-index",
        description =
                "Show the vector index, its measured recall@10 and the recommended index;"
                        + " --apply builds it (concurrently: searches and ingestion go on) and keeps the tuned ef_search/probes.")
final class TuneIndexCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Option(names = "--apply", description = "Build the recommended index and keep the tuned search settings.")
    boolean apply;

    @Option(
            names = "--kind",
            defaultValue = "auto",
            paramLabel = "KIND",
            description = "auto (by library size), hnsw, ivfflat or none (default ${DEFAULT-VALUE}).")
    IndexTuner.Kind kind;

    @Option(
            names = "--target-recall",
            defaultValue = "0.95",
            paramLabel = "R",
            description = "The recall@10 ef_search/probes must reach (default ${DEFAULT-VALUE}).")
    double targetRecall;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Cairn cairn = Cairn.open(root.appDirs(), root.dbUrl())) {
            ChunkStore store = cairn.store();
            IndexTuner tuner = new IndexTuner(
                    cairn.database().dataSource(),
                    store,
                    new IndexTuner.Options(targetRecall, 50, 10, Searcher.Policy.DEFAULT.candidates(), 42));
            IndexTuner.IndexStats stats = tuner.stats();
            VectorIndex current = tuner.currentIndex();
            IndexTuner.Recommendation recommendation = IndexTuner.recommend(stats.rows(), kind);
            boolean build = apply && (!recommendation.index().equals(current) || !stats.indexValid());
            long buildMillis = 0;
            if (build) {
                if (!json) {
                    out.println("Building " + recommendation.index() + " concurrently...");
                    out.flush();
                }
                long t0 = System.nanoTime();
                tuner.apply(recommendation.index());
                buildMillis = (System.nanoTime() - t0) / 1_000_000;
                stats = tuner.stats();
                current = tuner.currentIndex();
            }
            IndexTuner.Tuning tuning = tuner.tune();
            if (apply) {
                store.useSearchSettings(tuning.settings(), true);
            }
            if (json) {
                out.println(Json.write(json(stats, current, recommendation, tuning, build, buildMillis)));
            } else {
                out.print(text(stats, current, recommendation, tuning, build, buildMillis));
            }
            out.flush();
            return 0;
        }
    }

    private String text(
            IndexTuner.IndexStats stats,
            VectorIndex current,
            IndexTuner.Recommendation rec,
            IndexTuner.Tuning tuning,
            boolean built,
            long buildMillis) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "Vectors:          %d (chunks table %s, vector index %s)%n",
                stats.rows(),
                mb(stats.tableBytes()),
                mb(stats.indexBytes())));
        s.append(String.format(
                Locale.ROOT,
                "Exact scan:       %.2f ms per top-10 query (median of samples)%n",
                stats.exactScanMillis()));
        s.append("Current index:    ")
                .append(stats.indexDefinition() == null ? "none (exact scan)" : stats.indexDefinition())
                .append(stats.indexValid() ? "" : "  [INVALID: left by a failed build; --apply rebuilds it]")
                .append('\n');
        s.append("Recommended:      ")
                .append(rec.index())
                .append(" — ")
                .append(rec.reason())
                .append('\n');
        if (built) {
            s.append(String.format(Locale.ROOT, "Built:            %s in %.1f s%n", current, buildMillis / 1000.0));
        }
        s.append(String.format(
                Locale.ROOT,
                "Recall@10:        %.3f with hnsw.ef_search=%d, ivfflat.probes=%d%s%n",
                tuning.recall(),
                tuning.settings().efSearch(),
                tuning.settings().probes(),
                tuning.reachedTarget() ? "" : "  (target " + targetRecall + " not reached)"));
        for (IndexTuner.Probe p : tuning.tried()) {
            s.append(String.format(
                    Locale.ROOT,
                    "  tried ef_search=%d probes=%d: recall %.3f%n",
                    p.settings().efSearch(),
                    p.settings().probes(),
                    p.recall()));
        }
        if (!apply && !rec.index().equals(current)) {
            s.append("Run cairn tune-index --apply to build the recommended index.\n");
        } else if (apply) {
            s.append("Search settings kept for this library.\n");
        }
        return s.toString();
    }

    private ObjectNode json(
            IndexTuner.IndexStats stats,
            VectorIndex current,
            IndexTuner.Recommendation rec,
            IndexTuner.Tuning tuning,
            boolean built,
            long buildMillis) {
        ObjectNode o = Json.object();
        o.put("rows", stats.rows());
        o.put("table_bytes", stats.tableBytes());
        o.put("index_bytes", stats.indexBytes());
        o.put("exact_scan_ms", Math.round(stats.exactScanMillis() * 100) / 100.0);
        o.put("current_index", String.valueOf(current));
        o.put("index_definition", stats.indexDefinition());
        o.put("index_valid", stats.indexValid());
        o.put("recommended_index", String.valueOf(rec.index()));
        o.put("reason", rec.reason());
        o.put("applied", apply);
        o.put("built", built);
        if (built) {
            o.put("build_ms", buildMillis);
        }
        o.put("recall_at_10", Math.round(tuning.recall() * 1000) / 1000.0);
        o.put("target_recall", targetRecall);
        o.put("reached_target", tuning.reachedTarget());
        o.put("ef_search", tuning.settings().efSearch());
        o.put("probes", tuning.settings().probes());
        ArrayNode tried = o.putArray("tried");
        for (IndexTuner.Probe p : tuning.tried()) {
            tried.addObject()
                    .put("ef_search", p.settings().efSearch())
                    .put("probes", p.settings().probes())
                    .put("recall", Math.round(p.recall() * 1000) / 1000.0);
        }
        return o;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
