package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.platform.Phrase;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.VectorIndex;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn tune-index}: the vector index this library should have, how well the current one finds, and a rebuild. */
@Command(name = "tune-index")
final class TuneIndexCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Option(names = "--apply", descriptionKey = "opt.tune-index.apply")
    boolean apply;

    @Option(names = "--kind", defaultValue = "auto", paramLabel = "KIND", descriptionKey = "opt.tune-index.kind")
    IndexTuner.Kind kind;

    @Option(
            names = "--target-recall",
            defaultValue = "0.95",
            paramLabel = "R",
            descriptionKey = "opt.tune-index.target-recall")
    double targetRecall;

    @Option(names = "--json", descriptionKey = "opt.tune-index.json")
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
                    out.println(Words.get("tune.building", name(recommendation.index())));
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

    /** The index in the person's words: no index is "none (exact scan)"; an index by its definition. */
    private static String name(VectorIndex index) {
        return index instanceof VectorIndex.None ? Words.get("tune.current.none") : index.toString();
    }

    private String text(
            IndexTuner.IndexStats stats,
            VectorIndex current,
            IndexTuner.Recommendation rec,
            IndexTuner.Tuning tuning,
            boolean built,
            long buildMillis) {
        StringBuilder s = new StringBuilder();
        line(s, "tune.vectors", stats.rows(), Words.bytes(stats.tableBytes()), Words.bytes(stats.indexBytes()));
        line(s, "tune.exactScan", stats.exactScanMillis());
        line(
                s,
                "tune.current",
                stats.indexDefinition() == null ? Words.get("tune.current.none") : stats.indexDefinition(),
                stats.indexValid() ? "" : Words.get("tune.current.invalid"));
        line(s, "tune.recommended", name(rec.index()), Phrase.show(rec.reason()));
        if (built) {
            line(s, "tune.built", name(current), buildMillis / 1000.0);
        }
        line(
                s,
                "tune.recall",
                tuning.recall(),
                String.valueOf(tuning.settings().efSearch()),
                String.valueOf(tuning.settings().probes()),
                tuning.reachedTarget() ? "" : Words.get("tune.recall.missed", targetRecall));
        for (IndexTuner.Probe p : tuning.tried()) {
            line(
                    s,
                    "tune.tried",
                    String.valueOf(p.settings().efSearch()),
                    String.valueOf(p.settings().probes()),
                    p.recall());
        }
        if (!apply && !rec.index().equals(current)) {
            line(s, "tune.runApply");
        } else if (apply) {
            line(s, "tune.kept");
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
        o.put("reason", Phrase.english(rec.reason()));
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

    private static void line(StringBuilder s, String key, Object... args) {
        s.append(Words.get(key, args)).append(System.lineSeparator());
    }
}
