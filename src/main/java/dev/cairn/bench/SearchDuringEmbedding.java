package dev.cairn.bench;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.StoredChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Issue 14's "a search during background embedding has p95 <= 2x its idle p95". Ingests the files
 * into an empty library; once every document is searchable by its words, asks questions at a steady
 * pace through the app's own path ({@link Searcher#search}, hybrid, top 10) while the embedding stage
 * runs; when the last vector is written, asks the same questions again at the same pace with the
 * machine otherwise idle.
 *
 * <p>The questions are the ingested pages' headings (or a list given), each asked once per phase, so
 * no answer comes from a cache: the idle phase asks each with a trailing space, which the model's
 * tokenizer and the full text search drop but the caches (query vectors in memory and in the
 * database, results) key on, so both phases pay for the model, the cache look-ups and both SQL lists.
 */
public final class SearchDuringEmbedding {

    /**
     * @param questions at most this many questions, and searches in each phase
     * @param pace one search starts every so often (a search that takes longer delays the next)
     * @param top hits asked for
     */
    public record Options(int questions, Duration pace, int top) {

        public static final Options DEFAULT = new Options(300, Duration.ofMillis(250), 10);

        public Options {
            if (questions < 1) {
                throw new IllegalArgumentException("At least one question is needed, got " + questions);
            }
            if (pace.isNegative()) {
                throw new IllegalArgumentException("The pace between searches cannot be negative, got " + pace);
            }
        }
    }

    /**
     * @param during searches while the embedding stage ran
     * @param idle the same searches once every vector was written
     * @param waitingAtStart chunks without a vector when the first search started
     */
    public record Report(
            String model,
            int documents,
            long chunks,
            double textSeconds,
            double semanticSeconds,
            long waitingAtStart,
            double duringSeconds,
            Stats during,
            Stats idle,
            Stats duringVector,
            Stats idleVector,
            double paceMs,
            String loadAverage) {

        /** p95 during embedding over p95 idle (target: 2 or less). */
        public double p95Ratio() {
            return during.p95Nanos() / (double) idle.p95Nanos();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("documents", documents);
            m.put("chunks", chunks);
            m.put("text_searchable_s", IngestBenchmark.Report.round(textSeconds));
            m.put("semantic_s", IngestBenchmark.Report.round(semanticSeconds));
            m.put("chunks_waiting_at_first_search", waitingAtStart);
            m.put("search", "hybrid top 10, questions not cached");
            m.put("pace_ms", paceMs);
            m.put("during_embedding_s", IngestBenchmark.Report.round(duringSeconds));
            m.put("during_embedding", during.toMap());
            m.put("idle", idle.toMap());
            m.put("query_vector_during_embedding", duringVector.toMap());
            m.put("query_vector_idle", idleVector.toMap());
            m.put("p50_ratio", IngestBenchmark.Report.round(during.p50Nanos() / (double) idle.p50Nanos()));
            m.put("p95_ratio", IngestBenchmark.Report.round(p95Ratio()));
            m.put("p99_ratio", IngestBenchmark.Report.round(during.p99Nanos() / (double) idle.p99Nanos()));
            m.put("load_average", loadAverage);
            return m;
        }

        public String toText() {
            return String.format(
                            Locale.ROOT,
                            """
                    %d documents, %d chunks, model %s; text searchable %.1f s, semantic %.1f s
                    hybrid top 10, one search every %.0f ms, questions not cached; %,d chunks without a vector at the first,
                    searches for %.1f s of the embedding (from the first search to the last vector)
                                        searches     p50 ms     p95 ms     p99 ms     max ms
                    """,
                            documents,
                            chunks,
                            model,
                            textSeconds,
                            semanticSeconds,
                            paceMs,
                            waitingAtStart,
                            duringSeconds)
                    + row("during embedding", during)
                    + row("idle", idle)
                    + String.format(
                            Locale.ROOT,
                            "ratio                      %10.2f %10.2f %10.2f%n",
                            during.p50Nanos() / (double) idle.p50Nanos(),
                            p95Ratio(),
                            during.p99Nanos() / (double) idle.p99Nanos())
                    + "of which the query's vector (model and cache look-ups):\n"
                    + row("during embedding", duringVector)
                    + row("idle", idleVector)
                    + String.format(
                            Locale.ROOT,
                            "p95 during embedding is %.2fx idle (target 2x or less); load average %s",
                            p95Ratio(),
                            loadAverage);
        }

        private static String row(String label, Stats s) {
            return String.format(
                    Locale.ROOT,
                    "%-17s %8d %10.1f %10.1f %10.1f %10.1f%n",
                    label,
                    s.samples(),
                    s.p50Nanos() / 1e6,
                    s.p95Nanos() / 1e6,
                    s.p99Nanos() / 1e6,
                    s.maxNanos() / 1e6);
        }
    }

    private final Options options;

    public SearchDuringEmbedding(Options options) {
        this.options = options;
    }

    /**
     * Runs both phases on {@code cairn}, whose library should be empty.
     *
     * @param questions the questions to ask, or empty for the ingested pages' headings
     */
    public Report run(Cairn cairn, List<Path> roots, IngestPipeline.Options ingestOptions, List<String> questions)
            throws InterruptedException, ExecutionException {
        String loadBefore = loadAverage();
        CountDownLatch textStored = new CountDownLatch(1);
        IngestPipeline.Listener listener = new IngestPipeline.Listener() {
            @Override
            public void textStored(IngestSummary text) {
                textStored.countDown();
            }
        };
        CompletableFuture<IngestSummary> ingest = new CompletableFuture<>();
        Thread.ofPlatform().name("bench-ingest").start(() -> {
            try {
                ingest.complete(cairn.pipeline(ingestOptions).ingest(roots, false, new IngestControl(), listener));
            } catch (Throwable e) {
                ingest.completeExceptionally(e);
            }
        });
        while (!textStored.await(100, TimeUnit.MILLISECONDS)) {
            if (ingest.isDone()) {
                ingest.get(); // a failed ingest says why
                break;
            }
        }
        Searcher searcher = cairn.searcher();
        List<String> asked = questions.isEmpty() ? headings(cairn.store(), options.questions()) : questions;
        if (asked.isEmpty()) {
            throw new IllegalStateException("The files gave no headings to ask; give questions of your own.");
        }
        searcher.search("how does the search warm up before the clock", options.top(), Searcher.Mode.HYBRID);
        long waiting = cairn.store().embeddingCoverage().waiting();
        List<Long> during = new ArrayList<>();
        List<Long> duringVector = new ArrayList<>();
        long duringStarted = System.nanoTime();
        ask(searcher, asked, UnaryOperator.identity(), () -> !ingest.isDone(), during, duringVector);
        double duringSeconds = (System.nanoTime() - duringStarted) / 1e9;
        IngestSummary summary = ingest.get();
        if (during.isEmpty()) {
            throw new IllegalStateException("Embedding finished before the first search: give more files.");
        }
        List<String> again = asked.subList(0, during.size());
        searcher.search("how does the search warm up before the clock, again", options.top(), Searcher.Mode.HYBRID);
        List<Long> idle = new ArrayList<>();
        List<Long> idleVector = new ArrayList<>();
        ask(searcher, again, q -> q + " ", () -> true, idle, idleVector);
        return new Report(
                cairn.model().id(),
                summary.indexed() + summary.failed(),
                summary.chunks(),
                summary.textSearchable().toNanos() / 1e9,
                summary.elapsed().toNanos() / 1e9,
                waiting,
                duringSeconds,
                Stats.of("hybrid search during embedding", toArray(during)),
                Stats.of("hybrid search idle", toArray(idle)),
                Stats.of("query vector during embedding", toArray(duringVector)),
                Stats.of("query vector idle", toArray(idleVector)),
                options.pace().toNanos() / 1e6,
                loadBefore + " -> " + loadAverage());
    }

    private void ask(
            Searcher searcher,
            List<String> questions,
            UnaryOperator<String> form,
            BooleanSupplier goOn,
            List<Long> nanos,
            List<Long> vectorNanos)
            throws InterruptedException {
        long paceNanos = options.pace().toNanos();
        long next = System.nanoTime();
        for (String q : questions) {
            if (!goOn.getAsBoolean()) {
                return;
            }
            // What Searcher.search does for a question it has not seen: the query's vector (through the
            // embedder's caches), then both lists and their fusion; timed apart to tell the model from the SQL.
            String asked = form.apply(q);
            long t0 = System.nanoTime();
            float[] vector = searcher.queryVector(asked);
            long t1 = System.nanoTime();
            searcher.search(asked, vector, options.top(), Searcher.Mode.HYBRID);
            long t2 = System.nanoTime();
            nanos.add(t2 - t0);
            vectorNanos.add(t1 - t0);
            next += paceNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            } else {
                next = System.nanoTime(); // a slow search delays the rest; no burst to catch up
            }
        }
    }

    /** Distinct headings of the stored chunks with two words or more, in the order stored. */
    static List<String> headings(ChunkStore store, int most) {
        Set<String> found = new LinkedHashSet<>();
        for (DocumentRecord doc : store.listDocuments()) {
            if (found.size() >= most) {
                break; // read no further documents: the searches start as soon as there are questions
            }
            for (StoredChunk c : store.chunksOf(doc.id())) {
                String h = c.heading() == null ? "" : c.heading().strip();
                if (h.contains(" ")) {
                    found.add(h);
                }
            }
        }
        return found.stream().limit(most).toList();
    }

    private static long[] toArray(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    /** The machine's load average (1, 5, 15 minutes), where the system tells it. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
