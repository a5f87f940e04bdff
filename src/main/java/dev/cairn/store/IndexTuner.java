package dev.cairn.store;

import dev.cairn.platform.Phrase;
import dev.cairn.platform.ProcFiles;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Chooses, measures and builds the approximate index on {@code chunks.embedding}: which kind
 * suits the number of chunks, how well the current index finds the true top-10 (recall against
 * an exact scan on sampled stored vectors), the smallest {@code hnsw.ef_search} /
 * {@code ivfflat.probes} that reaches a target recall, and a rebuild that never blocks searches
 * or writes ({@code CREATE INDEX CONCURRENTLY}). The queries and top-k lists recall is measured
 * with are {@link RecallProbe}'s; the build is {@link IndexBuild}'s.
 */
public final class IndexTuner {

    /**
     * Below this many vectors an exact scan is the better index: it reads ~1.5 MB of 384-d vectors
     * in about a millisecond, always has recall 1, and costs nothing to keep up to date, while an
     * approximate index would add build time and lose results for no measurable gain.
     */
    public static final long EXACT_SCAN_MAX_ROWS = 1_000;

    /** From here HNSW gets the bigger ef_construction: a better graph is worth a slower build. */
    public static final long LARGE_ROWS = 100_000;

    /** IVFFlat clusters on the rows present when it is built; with fewer, its lists are noise. */
    public static final long IVFFLAT_MIN_ROWS = EXACT_SCAN_MAX_ROWS;

    /** How recall is measured and which settings it may choose from. */
    public record Options(double targetRecall, int sampleQueries, int k, int minEfSearch, long seed) {
        /** 95% of the true top-10 on 50 sampled queries; ef_search at least the Searcher's 50 candidates. */
        public static final Options DEFAULT = new Options(0.95, 50, 10, 50, 42);

        public Options {
            if (!(targetRecall > 0 && targetRecall <= 1)) {
                throw new IllegalArgumentException("The target recall must be in (0, 1], got " + targetRecall);
            }
            if (sampleQueries < 1 || k < 1 || minEfSearch < 1) {
                throw new IllegalArgumentException("sampleQueries, k and minEfSearch must be at least 1");
            }
        }
    }

    /** Which kind of index the user asks for; AUTO lets the data size decide. */
    public enum Kind {
        AUTO,
        HNSW,
        IVFFLAT,
        NONE
    }

    public record Recommendation(VectorIndex index, String reason) {}

    /**
     * @param rows vectors of the active model
     * @param exactScanMillis median time of an exact top-k scan over them, on sampled queries
     */
    public record IndexStats(
            long rows,
            long tableBytes,
            long indexBytes,
            String indexDefinition,
            boolean indexValid,
            double exactScanMillis) {}

    /** One setting tried and the recall@k it measured. */
    public record Probe(SearchSettings settings, double recall) {}

    /** The settings chosen for the current index: the first tried that reached the target (or the last). */
    public record Tuning(
            VectorIndex index, SearchSettings settings, double recall, boolean reachedTarget, List<Probe> tried) {
        public Tuning {
            tried = List.copyOf(tried);
        }
    }

    private final DataSource dataSource;
    private final ChunkStore store;
    private final Options options;
    private final RecallProbe probe;

    public IndexTuner(DataSource dataSource, ChunkStore store, Options options) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.store = Objects.requireNonNull(store);
        this.options = Objects.requireNonNull(options);
        this.probe = new RecallProbe(dataSource, options);
    }

    // ---- recommendation --------------------------------------------------------------------------

    /** The index for {@code rows} vectors of the active model, with the reason in words. */
    public static Recommendation recommend(long rows, Kind kind) {
        if (kind == Kind.NONE) {
            return new Recommendation(new VectorIndex.None(), Phrase.of("tuner.notAsked"));
        }
        if (rows < EXACT_SCAN_MAX_ROWS) {
            return new Recommendation(
                    new VectorIndex.None(),
                    Phrase.of(
                            kind == Kind.IVFFLAT ? "tuner.exactScanNotIvfFlat" : "tuner.exactScan",
                            rows,
                            EXACT_SCAN_MAX_ROWS));
        }
        if (kind == Kind.IVFFLAT) {
            int lists = ivfFlatLists(rows);
            return new Recommendation(new VectorIndex.IvfFlat(lists), Phrase.of("tuner.ivfFlat", lists, rows));
        }
        boolean large = rows >= LARGE_ROWS;
        VectorIndex.Hnsw hnsw = new VectorIndex.Hnsw(16, large ? 128 : 64);
        return new Recommendation(
                hnsw,
                Phrase.of(large ? "tuner.hnswLarge" : "tuner.hnsw", rows, EXACT_SCAN_MAX_ROWS, hnsw.efConstruction()));
    }

    /** pgvector's rule of thumb: rows / 1000 lists up to a million rows, sqrt(rows) above. */
    public static int ivfFlatLists(long rows) {
        if (rows < IVFFLAT_MIN_ROWS) {
            throw new IllegalArgumentException(Phrase.of("tuner.ivfFlatTooFew", IVFFLAT_MIN_ROWS, rows));
        }
        long lists = rows <= 1_000_000 ? rows / 1000 : (long) Math.sqrt(rows);
        return (int) Math.max(1, Math.min(lists, 32_768));
    }

    // ---- measurement -----------------------------------------------------------------------------

    /** Size of the vector data and index, and how long an exact scan takes. */
    public IndexStats stats() {
        List<float[]> queries = probe.sampleQueries(Math.min(options.sampleQueries(), 10));
        double exactMillis = 0;
        if (!queries.isEmpty()) {
            double[] times = new double[queries.size()];
            for (int i = 0; i < queries.size(); i++) {
                long t0 = System.nanoTime();
                probe.exactTopK(queries.get(i));
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
            java.util.Arrays.sort(times);
            exactMillis = times[times.length / 2];
        }
        double exact = exactMillis;
        return Jdbc.withConnection(dataSource, "measure the vector index", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT (SELECT count(*) FROM chunks
                             WHERE model_id = (SELECT model_id FROM models WHERE active) AND embedding IS NOT NULL),
                           pg_table_size('chunks'),
                           (SELECT pg_relation_size(i.indexrelid) FROM pg_index i
                             WHERE i.indexrelid = to_regclass(?)),
                           (SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indexrelid = to_regclass(?)),
                           (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(?))""")) {
                for (int p = 1; p <= 3; p++) {
                    ps.setString(p, VectorIndex.NAME);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new IndexStats(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getObject(5) == null || rs.getBoolean(5),
                            exact);
                }
            }
        });
    }

    /** The current index, as PostgreSQL has it. */
    public VectorIndex currentIndex() {
        return VectorIndex.parse(store.vectorIndexDefinition().orElse(null));
    }

    /**
     * Measures recall@k of the current index with increasing {@code ef_search} (HNSW) or
     * {@code probes} (IVFFlat) and keeps the first setting that reaches the target. Without an
     * index every search is exact: recall 1 with the current settings.
     */
    public Tuning tune() {
        VectorIndex index = currentIndex();
        SearchSettings base = store.searchSettings();
        if (index instanceof VectorIndex.None) {
            return new Tuning(index, base, 1.0, true, List.of());
        }
        List<float[]> queries = probe.sampleQueries(options.sampleQueries());
        if (queries.isEmpty()) {
            return new Tuning(index, base, 1.0, true, List.of());
        }
        List<Set<Long>> exact = new ArrayList<>(queries.size());
        for (float[] q : queries) {
            exact.add(new HashSet<>(probe.exactTopK(q)));
        }
        List<SearchSettings> ladder = new ArrayList<>();
        switch (index) {
            case VectorIndex.Hnsw h -> {
                for (int ef = Math.max(options.minEfSearch(), options.k()); ; ef *= 2) {
                    ladder.add(base.withEfSearch(Math.min(ef, 1000)));
                    if (ef >= 1000) {
                        break;
                    }
                }
            }
            case VectorIndex.IvfFlat f -> {
                for (int probes = 1; ; probes *= 2) {
                    ladder.add(base.withProbes(Math.min(probes, f.lists())));
                    if (probes >= f.lists()) {
                        break;
                    }
                }
            }
            case VectorIndex.None none -> throw new AssertionError("handled above");
        }
        List<Probe> tried = new ArrayList<>();
        for (SearchSettings s : ladder) {
            double r = probe.recall(s, queries, exact);
            tried.add(new Probe(s, r));
            if (r >= options.targetRecall()) {
                return new Tuning(index, s, r, true, tried);
            }
        }
        Probe last = tried.getLast();
        return new Tuning(index, last.settings(), last.recall(), false, tried);
    }

    // ---- building --------------------------------------------------------------------------------

    /** {@link #apply} on {@code executor}; searches and writes go on meanwhile. */
    public CompletableFuture<Void> applyInBackground(VectorIndex target, Executor executor) {
        return CompletableFuture.runAsync(() -> apply(target), executor);
    }

    /**
     * Replaces the vector index with {@code target} without blocking searches or writes: builds
     * it under a temporary name with {@code CREATE INDEX CONCURRENTLY} on its own connection,
     * then drops the old one concurrently and renames the new one. An INVALID index left by an
     * earlier failed build is dropped first; a build that fails drops its own INVALID index.
     *
     * @throws IllegalArgumentException for IVFFlat on fewer than {@link #IVFFLAT_MIN_ROWS} vectors
     */
    public void apply(VectorIndex target) {
        Objects.requireNonNull(target, "target");
        IndexBuild.replace(dataSource, target);
        store.indexChanged();
    }

    /**
     * The {@code maintenance_work_mem} an in-memory HNSW build of {@code rows} vectors needs: each
     * element holds its vector, up to {@code 2m} neighbour links per layer-0 and some bookkeeping,
     * plus a third for the allocator. Never more than half of {@code availableMb} (when known,
     * i.e. positive), never less than 64 MB.
     */
    public static long buildMemoryMb(long rows, int bytesPerVector, int m, long availableMb) {
        long perElement = bytesPerVector + 2L * m * 16 + 200;
        long wantMb = Math.max(64, (long) (rows * perElement * 1.35 / (1024 * 1024)));
        return availableMb > 0 ? Math.max(64, Math.min(wantMb, availableMb / 2)) : wantMb;
    }

    /** Memory the system could give now (Linux {@code MemAvailable}); 0 where it cannot be read. */
    public static long memAvailableMb() {
        return ProcFiles.memAvailableKb() / 1024;
    }
}
