package dev.cairn.bench;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.search.Reranker;
import dev.cairn.search.SearchWarmup;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.SearchScope;
import dev.cairn.store.SearchSettings;
import dev.cairn.store.VectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * How fast search answers on a library of about {@code chunks} chunks: generated notes ingested
 * through the real pipeline and model, the index the tuner recommends (with ef_search tuned to
 * 95% recall@10), then vector top-5 and top-20, hybrid top-10, and a repeated query.
 *
 * <p>Each timed search asks a question not asked before, so the result cache never answers it;
 * the questions' vectors are computed before timing starts (the embedder caches them), so the
 * figures are retrieval alone. The model's own cost is {@code cairn bench embed}.
 */
public final class SearchBenchmark {

    /** What was measured, on what. */
    public record Report(
            int documents,
            long chunks,
            double ingestSeconds,
            int indexed,
            int skipped,
            String index,
            SearchSettings settings,
            double recall,
            List<Stats> rows,
            List<SearchBreakdown.Table> breakdown,
            SearchTail.Table tail) {

        public Report {
            rows = List.copyOf(rows);
            breakdown = List.copyOf(breakdown);
        }

        public String toText() {
            return String.format(
                            Locale.ROOT,
                            "Search benchmark: %d chunks in %d documents (ingest %.1fs: %d embedded and stored, %d unchanged)%n"
                                    + "Vector index: %s, hnsw.ef_search=%d, ivfflat.probes=%d, measured recall@10 %.3f%n%n",
                            chunks,
                            documents,
                            ingestSeconds,
                            indexed,
                            skipped,
                            index,
                            settings.efSearch(),
                            settings.probes(),
                            recall)
                    + Harness.table(rows)
                    + breakdown.stream()
                            .map(t -> System.lineSeparator() + t.toText())
                            .collect(java.util.stream.Collectors.joining())
                    + System.lineSeparator()
                    + tail.toText();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("documents", documents);
            m.put("chunks", chunks);
            m.put("ingest_seconds", Math.round(ingestSeconds * 10) / 10.0);
            m.put("indexed", indexed);
            m.put("skipped", skipped);
            m.put("index", index);
            m.put("ef_search", settings.efSearch());
            m.put("probes", settings.probes());
            m.put("recall_at_10", Math.round(recall * 1000) / 1000.0);
            m.put("results", rows.stream().map(Stats::toMap).toList());
            m.put(
                    "breakdown",
                    breakdown.stream().map(SearchBreakdown.Table::toMap).toList());
            m.put("tail", tail.toMap());
            return m;
        }
    }

    private final Harness harness;

    public SearchBenchmark(Harness harness) {
        this.harness = Objects.requireNonNull(harness);
    }

    /** What {@link #measure} found: the index in use, its tuned settings and recall, and the timings. */
    public record Measured(
            String index,
            SearchSettings settings,
            double recall,
            List<Stats> rows,
            List<SearchBreakdown.Table> breakdown,
            SearchTail.Table tail) {
        public Measured {
            rows = List.copyOf(rows);
            breakdown = List.copyOf(breakdown);
        }
    }

    /**
     * Builds (or tops up) the library in {@code corpusDir} and the knowledge base of {@code cairn},
     * then measures.
     */
    public Report run(Cairn cairn, Path corpusDir, int chunks) throws InterruptedException {
        List<Path> files =
                SearchCorpus.write(corpusDir, chunks, cairn.embedder().tokenizer()::countTokens, tokensPerChunk(), 7);
        IngestSummary ingest = ingestGenerated(cairn, corpusDir);
        Measured m = measure(cairn, true);
        return new Report(
                files.size(),
                cairn.store().stats().chunks(),
                ingest.seconds(),
                ingest.indexed(),
                ingest.skipped(),
                m.index(),
                m.settings(),
                m.recall(),
                m.rows(),
                m.breakdown(),
                m.tail());
    }

    /**
     * The chunk length the generated notes average, in tokens. Chunks end at section boundaries
     * too, so they average well below the maximum: on these notes about 70% of it (3.9 chunks a
     * note measured, against 3.2 estimated from max minus overlap).
     */
    static int tokensPerChunk() {
        return (int) (IngestPipeline.Options.defaults().chunking().maxTokens() * 0.7);
    }

    /**
     * Puts the index the tuner recommends for the library in {@code cairn} in place, tunes its
     * ef_search to 95% recall@10, then times vector top-5 and top-20, hybrid top-10 and a
     * repeated query.
     */
    public Measured measure(Cairn cairn) {
        return measure(cairn, false);
    }

    /**
     * {@link #measure(Cairn)}, with hybrid search without the rerank stage and two rows of hybrid search
     * within part of the library when {@code scoped}.
     */
    public Measured measure(Cairn cairn, boolean scoped) {
        ChunkStore store = cairn.store();
        DataSource dataSource = cairn.database().dataSource();
        IndexTuner tuner = new IndexTuner(
                dataSource, store, new IndexTuner.Options(0.95, 50, 10, Searcher.Policy.DEFAULT.candidates(), 42));
        long rows = tuner.stats().rows();
        VectorIndex wanted = IndexTuner.recommend(rows, IndexTuner.Kind.AUTO).index();
        if (!wanted.equals(tuner.currentIndex()) || !tuner.stats().indexValid()) {
            tuner.apply(wanted);
        }
        IndexTuner.Tuning tuning = tuner.tune();
        store.useSearchSettings(tuning.settings(), false);

        Searcher searcher = cairn.searcher();
        // What a person gets: the window warms the search path once the library is open (docs/decisions/0026,
        // addendum of stop 22). It reads and fills no result or vector cache, so the questions below are answered
        // as before. Rows after a warm-up that stopped short would not be what they say.
        SearchWarmup.Outcome warm = new SearchWarmup(cairn::searcher).run();
        if (warm.stop() != SearchWarmup.Stop.DONE) {
            throw new IllegalStateException("The search warm-up stopped after " + warm.searches() + " searches ("
                    + warm.stop() + "); the log says why");
        }
        int runs = harness.warmup() + harness.samples();
        List<String> questions = SearchCorpus.queries(runs, 11);
        for (String q : questions) {
            searcher.queryVector(q);
        }
        List<Stats> results = new ArrayList<>();
        results.add(harness.measure(
                "Vector Search (top 5)", i -> searcher.search(questions.get(i), 5, Searcher.Mode.VECTOR)));
        results.add(harness.measure(
                "Vector Search (top 20)", i -> searcher.search(questions.get(i), 20, Searcher.Mode.VECTOR)));
        results.add(harness.measure(
                "Hybrid Search (top 10)", i -> searcher.search(questions.get(i), 10, Searcher.Mode.HYBRID)));
        if (scoped) {
            // The same without the rerank stage (docs/decisions/0027-rerank.md): the difference is what it adds.
            Searcher fusedOnly = new Searcher(store, cairn.embedder(), Searcher.Policy.DEFAULT, Reranker.NONE);
            results.add(harness.measure(
                    "Hybrid Search (top 10, no rerank)",
                    i -> fusedOnly.search(questions.get(i), 10, Searcher.Mode.HYBRID)));
        }
        // Within part of the library: three documents (as "ask about these documents"), a tenth of
        // them, half, and a type every generated note has (a wide filter: the whole library).
        long[] all = store.documentsIn(SearchScope.ALL);
        Map<String, SearchScope> scopes = new LinkedHashMap<>();
        scopes.put("3 documents", chosen(all, all.length / 3 + 1));
        scopes.put("1/10 of the documents", chosen(all, 10));
        scopes.put("1/2 of the documents", chosen(all, 2));
        scopes.put("type md: every document", new SearchScope(List.of(), Set.of("md"), null, Set.of()));
        for (var scope : scoped ? scopes.entrySet() : Set.<Map.Entry<String, SearchScope>>of()) {
            results.add(harness.measure(
                    "Hybrid Search (top 10, " + scope.getKey() + ")",
                    i -> searcher.search(questions.get(i), 10, Searcher.Mode.HYBRID, scope.getValue())));
        }
        String repeated = questions.getFirst();
        results.add(harness.measure("Cached Query", i -> searcher.search(repeated, 10, Searcher.Mode.HYBRID)));
        return new Measured(
                String.valueOf(tuning.index()),
                tuning.settings(),
                tuning.recall(),
                results,
                breakdown(searcher, store, questions),
                tail(searcher, store, questions));
    }

    /**
     * The slowest 5% of hybrid searches taken apart ({@link SearchTail}), on questions neither the rows nor
     * the breakdown asked.
     */
    private SearchTail.Table tail(Searcher searcher, ChunkStore store, List<String> asked) {
        int warmup = Math.min(harness.warmup(), 20);
        int count = warmup + Math.max(20, harness.samples());
        java.util.Set<String> before = new java.util.HashSet<>(asked);
        before.addAll(fresh(asked));
        List<String> unasked = SearchCorpus.queries(count + before.size(), 29).stream()
                .filter(q -> !before.contains(q))
                .limit(count)
                .toList();
        return new SearchTail(searcher, store, warmup).hybrid(unasked);
    }

    /**
     * Hybrid top 10 and vector top 5 and 20 taken apart ({@link SearchBreakdown}), on questions the
     * rows above did not ask (so that the result cache answers none of them).
     */
    private List<SearchBreakdown.Table> breakdown(Searcher searcher, ChunkStore store, List<String> asked) {
        int warmup = Math.min(harness.warmup(), 20);
        List<String> fresh = fresh(asked);
        SearchBreakdown parts = new SearchBreakdown(searcher, store, warmup);
        return List.of(parts.hybrid(fresh), parts.vector(fresh, 5), parts.vector(fresh, 20));
    }

    /** The breakdown's questions: none of {@code asked}. */
    private List<String> fresh(List<String> asked) {
        int count = Math.min(harness.warmup(), 20) + Math.min(harness.samples(), 200);
        java.util.Set<String> before = new java.util.HashSet<>(asked);
        return SearchCorpus.queries(count + asked.size(), 23).stream()
                .filter(q -> !before.contains(q))
                .limit(count)
                .toList();
    }

    /**
     * Ingests the generated notes {@link SearchCorpus#write} put in {@code corpusDir} (and prunes the library to
     * them); throws if any failed.
     */
    static IngestSummary ingestGenerated(Cairn cairn, Path corpusDir) throws InterruptedException {
        IngestSummary ingest = cairn.pipeline(IngestPipeline.Options.defaults())
                .ingest(List.of(corpusDir), true, new IngestControl(), IngestPipeline.Listener.NONE);
        if (ingest.failed() > 0) {
            throw new IllegalStateException(ingest.failed() + " generated documents failed to ingest: "
                    + ingest.failures().getFirst());
        }
        return ingest;
    }

    /** Every {@code step}-th of the documents {@code all}, chosen one by one. */
    static SearchScope chosen(long[] all, int step) {
        Set<Long> part = new HashSet<>();
        for (int d = 0; d < all.length; d += Math.max(1, step)) {
            part.add(all[d]);
        }
        return new SearchScope(List.of(), Set.of(), null, part);
    }
}
