package dev.cairn.bench;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.search.Reranker;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.SearchScope;
import dev.cairn.store.SearchSettings;
import dev.cairn.store.VectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
            List<Stats> rows) {

        public Report {
            rows = List.copyOf(rows);
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
                    + Harness.table(rows);
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
            return m;
        }
    }

    private final Harness harness;

    public SearchBenchmark(Harness harness) {
        this.harness = Objects.requireNonNull(harness);
    }

    /** What {@link #measure} found: the index in use, its tuned settings and recall, and the timings. */
    public record Measured(String index, SearchSettings settings, double recall, List<Stats> rows) {
        public Measured {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Builds (or tops up) the library in {@code corpusDir} and the knowledge base of {@code cairn},
     * then measures.
     */
    public Report run(Cairn cairn, Path corpusDir, int chunks) throws InterruptedException {
        List<Path> files =
                SearchCorpus.write(corpusDir, chunks, cairn.embedder().tokenizer()::countTokens, tokensPerChunk(), 7);
        IngestSummary ingest = cairn.pipeline(IngestPipeline.Options.defaults())
                .ingest(List.of(corpusDir), true, new IngestControl(), IngestPipeline.Listener.NONE);
        if (ingest.failed() > 0) {
            throw new IllegalStateException(ingest.failed() + " generated documents failed to ingest: "
                    + ingest.failures().getFirst());
        }
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
                m.rows());
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
        // Within part of the library: a tenth of its documents (as "ask about these documents"), and half.
        long[] all = store.documentsIn(SearchScope.ALL);
        for (int share : scoped ? new int[] {10, 2} : new int[0]) {
            java.util.Set<Long> part = new java.util.HashSet<>();
            for (int d = 0; d < all.length; d += share) {
                part.add(all[d]);
            }
            SearchScope scope = new SearchScope(List.of(), java.util.Set.of(), null, part);
            results.add(harness.measure(
                    "Hybrid Search (top 10, 1/" + share + " of the documents)",
                    i -> searcher.search(questions.get(i), 10, Searcher.Mode.HYBRID, scope)));
        }
        String repeated = questions.getFirst();
        results.add(harness.measure("Cached Query", i -> searcher.search(repeated, 10, Searcher.Mode.HYBRID)));
        return new Measured(String.valueOf(tuning.index()), tuning.settings(), tuning.recall(), results);
    }
}
