package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestProgress;
import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.platform.Phrase;
import dev.cairn.store.VectorIndexUpkeep;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn ingest PATH...}: add files and folders to the library, or bring them up to date. */
@Command(name = "ingest")
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Parameters(arity = "1..*", paramLabel = "PATH", descriptionKey = "opt.ingest.path")
    List<Path> paths;

    @Option(names = "--prune", descriptionKey = "opt.ingest.prune")
    boolean prune;

    @Option(names = "--retry-failed", descriptionKey = "opt.ingest.retry-failed")
    boolean retryFailed;

    @Option(names = "--json", descriptionKey = "opt.ingest.json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        boolean terminal = System.console() != null && !json;
        try (Cairn cairn = Cairn.open(root.appDirs(), root.dbUrl())) {
            IngestPipeline pipeline = cairn.pipeline(cairn.ingestOptions().withRetryFailed(retryFailed));
            IngestControl control = new IngestControl();
            List<Part> parts = new CopyOnWriteArrayList<>();
            Thread hook = new Thread(control::cancel, "cairn-ingest-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            IngestSummary summary = pipeline.ingest(paths, prune, control, new IngestPipeline.Listener() {
                @Override
                public void progress(IngestProgress p) {
                    if (terminal) {
                        err.print("\r" + bar(p));
                        err.flush();
                    }
                }

                @Override
                public void textStored(IngestSummary text) {
                    if (json) {
                        return;
                    }
                    synchronized (out) {
                        if (terminal) {
                            err.print("\r\033[K");
                        }
                        out.println(Words.get("ingest.textStored", text.chunks(), text.seconds()));
                    }
                }

                @Override
                public void semantic(SemanticIndexer.Progress p) {
                    if (terminal) {
                        err.print("\r" + Words.semantic(p) + "\033[K");
                        err.flush();
                    }
                }

                @Override
                public void part(Path file, String partOf, IngestResult r) {
                    if (json) {
                        parts.add(new Part(file, partOf, r));
                        return;
                    }
                    String line = ResultLines.part(partOf, r);
                    synchronized (out) {
                        out.println(line);
                    }
                }

                @Override
                public void result(IngestResult r) {
                    if (json) {
                        return;
                    }
                    String line = ResultLines.of(r);
                    synchronized (out) {
                        if (terminal) {
                            err.print("\r\033[K");
                        }
                        out.println(line);
                    }
                }
            });
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook already ran
            }
            // The vector index follows the vectors here, in the foreground: the command line has no
            // window that would build it later, and a build of 10,000 chunks takes seconds.
            VectorIndexUpkeep.Outcome index = null;
            boolean complete = summary.semanticProblem() == null && !summary.cancelled() && summary.stopped() == null;
            if (complete) {
                if (terminal) {
                    err.print("\r" + Words.get("ingest.index.checking") + "\033[K");
                    err.flush();
                }
                index = IndexLines.check(cairn);
            }
            if (terminal) {
                err.print("\r\033[K");
            }
            if (json) {
                ObjectNode o = toJson(summary, parts);
                if (complete) {
                    IndexLines.json(o, index);
                }
                out.println(Json.write(o));
            } else if (summary.stopped() != null) {
                err.println(Words.get("ingest.stopped", Phrase.show(summary.stopped())));
            }
            if (!json) {
                out.println(Words.get(
                        "ingest.summary",
                        summary.indexed(),
                        summary.skipped(),
                        summary.failed(),
                        summary.notFollowed().isEmpty()
                                ? ""
                                : Words.get(
                                        "ingest.summary.notFollowed",
                                        summary.notFollowed().size()),
                        summary.pruned() > 0 ? Words.get("ingest.summary.pruned", summary.pruned()) : "",
                        summary.chunks(),
                        summary.seconds(),
                        summary.chunksPerSecond(),
                        summary.textSearchable().toNanos() / 1e9,
                        summary.cpuUtilisation() * 100,
                        summary.throttleEvents(),
                        summary.cancelled() ? Words.get("ingest.summary.cancelled") : ""));
                if (summary.semanticProblem() != null) {
                    out.println(Words.get("ingest.semanticProblem", summary.semanticProblem()));
                }
                if (complete) {
                    out.println(IndexLines.of(index));
                }
            }
            return summary.stopped() != null ? STOPPED : summary.failed() > 0 ? 2 : 0;
        }
    }

    /** Exit code when the database or its disk failed mid-batch (the files are not to blame). */
    static final int STOPPED = 3;

    /** A document inside a file (an e-mail's attachment) and how it ended, for the JSON. */
    record Part(Path file, String partOf, IngestResult result) {}

    static ObjectNode toJson(IngestSummary s, List<Part> parts) {
        ObjectNode o = Json.object();
        o.put("indexed", s.indexed());
        o.put("skipped", s.skipped());
        o.put("failed", s.failed());
        o.put("pruned", s.pruned());
        ArrayNode failures = o.putArray("failures");
        for (IngestResult.Failed f : s.failures()) {
            failures.addObject().put("path", f.path().toString()).put("reason", Phrase.english(f.reason()));
        }
        ArrayNode attachments = o.putArray("attachments");
        for (Part p : parts) {
            ObjectNode a = attachments
                    .addObject()
                    .put("path", p.result().path().toString())
                    .put("parent", p.file().toString())
                    .put("part_of", Phrase.english(p.partOf()));
            switch (p.result()) {
                case IngestResult.Indexed i -> a.put("status", "indexed").put("chunks", i.chunks());
                case IngestResult.Failed f -> a.put("status", "failed").put("reason", Phrase.english(f.reason()));
                default -> a.put("status", "skipped");
            }
        }
        ArrayNode notFollowed = o.putArray("not_followed");
        for (IngestResult.NotFollowed n : s.notFollowed()) {
            notFollowed.addObject().put("path", n.path().toString()).put("reason", Phrase.english(n.reason()));
        }
        o.put("chunks", s.chunks());
        o.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
        o.put("chunks_per_second", Math.round(s.chunksPerSecond() * 10) / 10.0);
        o.put("text_searchable_seconds", Math.round(s.textSearchable().toNanos() / 1e6) / 1000.0);
        o.put("semantic_complete", s.semanticProblem() == null && !s.cancelled());
        if (s.semanticProblem() != null) {
            o.put("semantic_problem", s.semanticProblem());
        }
        o.put("throttle_events", s.throttleEvents());
        o.put("cpu_utilisation", Math.round(s.cpuUtilisation() * 1000) / 1000.0);
        o.put("cancelled", s.cancelled());
        if (s.stopped() != null) {
            o.put("stopped", Phrase.english(s.stopped()));
        }
        return o;
    }

    private static String bar(IngestProgress p) {
        int width = 30;
        int filled = (int) Math.round(p.fraction() * width);
        String eta = p.eta() == null ? "" : Words.get("ingest.bar.eta", p.eta().toSeconds());
        String state =
                p.paused() ? Words.get("ingest.bar.paused") : p.throttled() ? Words.get("ingest.bar.throttled") : "";
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                + Words.get(
                        "ingest.bar", p.filesDone(), p.filesTotal(), p.chunksDone(), p.chunksPerSecond(), eta, state)
                + "\033[K";
    }
}
