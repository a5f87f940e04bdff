package dev.cairn.bench;

import dev.cairn.embed.Embedder;
import dev.cairn.embed.VectorMath;
import dev.cairn.platform.MemoryGovernor;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.VectorIndex;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * How pgvector's HNSW index behaves at the sizes a desktop library reaches (10k to 1M chunks),
 * without embedding a million texts: synthetic 384-d unit vectors clustered around real embeddings
 * ({@link SyntheticVectors}), loaded by binary COPY into tables of their own (schema
 * {@value #SCHEMA}, never the user's chunks: {@link ScaleTables}), indexed as {@code vector} and as
 * {@code halfvec} ({@link ScaleIndexBuilder}), then searched at several {@code hnsw.ef_search} with
 * recall@10 against an exact scan ({@link ScaleQueries}); {@link ScaleReport} holds the figures.
 *
 * <p>Kept tables ({@link Options#keep()}) let a later run skip loading and building and measure
 * search again, on a quieter machine for instance; their build figures come from the
 * {@value #SCHEMA}.runs table.
 */
public final class ScaleBenchmark {

    public static final String SCHEMA = "bench_scale";
    public static final int DIMENSION = 384;
    public static final int K = 10;
    public static final List<Integer> DEFAULT_EF_SEARCH = List.of(20, 40, 80, 160);
    /** Chosen so that a point's cosine to its centroid is about 0.86; see docs/decisions/0007-benchmarks.md. */
    public static final double DEFAULT_SIGMA = 0.6;

    private static final int CENTROID_TEXTS = 100;

    /** Bytes a row costs on disk (table + HNSW index, both storages), measured at 100k rows. */
    static final long BYTES_PER_ROW = 1_640 + 880 + 2_000 + 1_250;

    /**
     * @param sizes rows per table, each measured in turn
     * @param m HNSW m, or null for what {@link IndexTuner#recommend} says for the size
     * @param efConstruction HNSW ef_construction, or null for the tuner's
     * @param keep leave the tables for a later run
     */
    public record Options(
            List<Integer> sizes,
            List<Integer> efSearch,
            int queries,
            double sigma,
            Integer m,
            Integer efConstruction,
            boolean keep,
            long seed) {
        public Options {
            sizes = List.copyOf(sizes);
            efSearch = List.copyOf(efSearch);
            if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 100)) {
                throw new IllegalArgumentException("Sizes must be at least 100 rows each, got " + sizes);
            }
            if (efSearch.isEmpty() || efSearch.stream().anyMatch(ef -> ef < 1 || ef > 1000)) {
                throw new IllegalArgumentException("ef_search values must be 1..1000, got " + efSearch);
            }
            if (queries < 1) {
                throw new IllegalArgumentException("Need at least one query, got " + queries);
            }
        }
    }

    /** Hears what the run is doing, a line at a time. */
    @FunctionalInterface
    public interface Listener {
        void note(String line);
    }

    /** What one size needs before it starts; {@code buildMemoryMb} is the maintenance_work_mem of its larger build. */
    public record Plan(int rows, boolean kept, long diskBytes, long buildMemoryMb, Duration estimate) {}

    private final DataSource dataSource;
    private final Embedder embedder;
    private final Options options;
    private final int cores;
    private final ScaleTables tables;
    private final ScaleIndexBuilder builder;
    private final ScaleQueries queries;

    public ScaleBenchmark(DataSource dataSource, Embedder embedder, Options options) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.embedder = Objects.requireNonNull(embedder);
        this.options = Objects.requireNonNull(options);
        this.cores = Runtime.getRuntime().availableProcessors();
        this.tables = new ScaleTables(dataSource, options);
        this.builder = new ScaleIndexBuilder(dataSource);
        this.queries = new ScaleQueries(dataSource, options);
    }

    // ---- plan ------------------------------------------------------------------------------------

    /** What each size needs: disk for what is not kept yet, and a rough time. */
    public List<Plan> plan() throws SQLException {
        List<Plan> plans = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            ScaleTables.ensureSchema(c);
            for (int n : options.sizes()) {
                boolean kept = tables.kept(c, n, index(n));
                plans.add(new Plan(
                        n,
                        kept,
                        kept ? 0 : (long) n * BYTES_PER_ROW,
                        kept ? 0 : maintenanceWorkMemMb(n, ScaleStorage.VECTOR, index(n)),
                        estimate(n, kept)));
            }
        }
        return plans;
    }

    /**
     * A rough time: loading and two HNSW builds (a fixed rate of inserts a second per process for
     * 384-d at ef_construction 64, slower as the graph grows; see ADR 0007), the exact scans and the
     * searches. Builds dominate from 100k rows up.
     */
    Duration estimate(int n, boolean kept) {
        int efc = index(n).efConstruction();
        int processes = Math.max(1, Math.min(cores, 4));
        double growth = Math.max(1, Math.log10(n) - 3); // 1 at 10k, 3 at 1M
        double build = kept ? 0 : 2 * n / (1_500.0 * processes) * (efc / 64.0) * growth;
        double load = kept ? 0 : n / 20_000.0;
        double exact = kept ? 0 : options.queries() * (n / 5_000_000.0 + 0.002);
        double search = 2 * options.efSearch().size() * (options.queries() + 20) * 0.004;
        return Duration.ofSeconds((long) Math.ceil(build + load + exact + search + 10));
    }

    /** The free space the database directory has, or empty when the server is not local. */
    public static Optional<Long> freeDisk(Path dataDir) {
        if (dataDir == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.getFileStore(dataDir).getUsableSpace());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---- run -------------------------------------------------------------------------------------

    public ScaleReport run(Listener listener) throws SQLException {
        List<float[]> centroids = centroids();
        double realNn = nearestNeighbourCosine(centroids);
        SyntheticVectors vectors = new SyntheticVectors(centroids, options.sigma(), options.seed());
        listener.note(String.format(
                Locale.ROOT,
                "%d centroids from real texts (median nearest-neighbour cosine among" + " them %.3f), sigma %.2f",
                centroids.size(),
                realNn,
                options.sigma()));
        List<ScaleReport.SizeResult> results = new ArrayList<>();
        for (int n : options.sizes()) {
            ScaleReport.SizeResult result = measure(n, vectors, listener);
            results.add(result);
            // Each size's table as soon as it is done: a long run that is stopped still leaves its figures.
            listener.note(new ScaleReport(centroids.size(), options.sigma(), realNn, cores, List.of(result)).toText());
            if (!options.keep()) {
                drop(n);
            }
        }
        return new ScaleReport(centroids.size(), options.sigma(), realNn, cores, results);
    }

    /**
     * Real embeddings to cluster around: chunks of the bundled prose corpus and questions about the
     * generated notes' topics, so the centroids spread as a real library's texts do.
     */
    List<float[]> centroids() {
        List<String> texts =
                new ArrayList<>(BenchChunks.generate(embedder.tokenizer(), CENTROID_TEXTS, 48, options.seed()));
        texts.addAll(SearchCorpus.queries(CENTROID_TEXTS, options.seed()));
        List<float[]> out = new ArrayList<>();
        for (float[] v : embedder.embedAll(texts)) {
            if (v.length != DIMENSION) {
                throw new IllegalStateException("The scale benchmark needs a " + DIMENSION + "-dimensional model; "
                        + embedder.modelId() + " gives " + v.length);
            }
            out.add(VectorMath.normalize(v.clone()));
        }
        return out;
    }

    private ScaleReport.SizeResult measure(int n, SyntheticVectors vectors, Listener listener) throws SQLException {
        resetHeapPeaks();
        IndexTuner.Recommendation recommendation = IndexTuner.recommend(n, IndexTuner.Kind.AUTO);
        VectorIndex.Hnsw hnsw = index(n);
        listener.note(String.format(
                Locale.ROOT, "%,d vectors: tuner recommends %s; building %s", n, recommendation.index(), hnsw));
        boolean kept;
        try (Connection c = dataSource.getConnection()) {
            ScaleTables.ensureSchema(c);
            kept = tables.kept(c, n, hnsw);
        }
        double loadSeconds;
        List<ScaleReport.Build> builds = new ArrayList<>();
        if (kept) {
            listener.note("  kept tables found: loading and building skipped");
            loadSeconds = tables.recorded(n, ScaleStorage.VECTOR).loadSeconds();
            for (ScaleStorage st : ScaleStorage.values()) {
                builds.add(tables.recorded(n, st).build());
            }
        } else {
            tables.drop(n);
            loadSeconds = tables.load(n, vectors, listener);
            for (ScaleStorage st : ScaleStorage.values()) {
                ScaleReport.Build b =
                        builder.build(n, st, hnsw, maintenanceWorkMemMb(n, st, hnsw), Math.max(0, cores - 1), listener);
                builds.add(b);
                tables.record(n, st, loadSeconds, b);
            }
        }
        ScaleQueries.Truth truth = queries.truth(n, vectors, kept, listener);
        List<ScaleReport.Probe> probes = new ArrayList<>();
        for (ScaleStorage st : ScaleStorage.values()) {
            for (int ef : options.efSearch()) {
                ScaleReport.Probe p = queries.search(n, st, ef, truth);
                listener.note(String.format(
                        Locale.ROOT,
                        "  %s ef_search=%d: p50 %s, recall@10 %.3f",
                        st.type(),
                        ef,
                        Harness.time(p.latency().p50Nanos()),
                        p.recall()));
                probes.add(p);
            }
        }
        long heapLimit = (long) (Runtime.getRuntime().maxMemory() * MemoryGovernor.DEFAULT_ENGAGE_ABOVE);
        return new ScaleReport.SizeResult(
                n,
                loadSeconds,
                truth.exactScan(),
                truth.spread(),
                recommendation,
                builds,
                probes,
                heapPeak(),
                heapLimit);
    }

    /** The options' m and ef_construction, else the tuner's for this size. */
    VectorIndex.Hnsw index(int n) {
        VectorIndex recommended = IndexTuner.recommend(
                        Math.max(n, IndexTuner.EXACT_SCAN_MAX_ROWS), IndexTuner.Kind.HNSW)
                .index();
        VectorIndex.Hnsw tuned = recommended instanceof VectorIndex.Hnsw h ? h : new VectorIndex.Hnsw(16, 64);
        return new VectorIndex.Hnsw(
                options.m() != null ? options.m() : tuned.m(),
                options.efConstruction() != null ? options.efConstruction() : tuned.efConstruction());
    }

    /**
     * Enough for the whole graph (pgvector's in-memory element: the vector, about 2m neighbour slots
     * of 16 bytes on layer 0, some bookkeeping), with a third to spare, so the build never falls back
     * to the slow on-disk phase; but at most half of the memory now available.
     */
    long maintenanceWorkMemMb(int n, ScaleStorage storage, VectorIndex.Hnsw hnsw) {
        int bytesPerVector = storage == ScaleStorage.VECTOR ? 4 * DIMENSION : 2 * DIMENSION;
        return IndexTuner.buildMemoryMb(n, bytesPerVector, hnsw.m(), IndexTuner.memAvailableMb());
    }

    /** Drops one size's tables and its record. */
    public void drop(int n) throws SQLException {
        tables.drop(n);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Median over vectors of the cosine to the most similar other vector. */
    static double nearestNeighbourCosine(List<float[]> vectors) {
        double[] best = new double[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            double max = -1;
            for (int j = 0; j < vectors.size(); j++) {
                if (i != j) {
                    max = Math.max(max, VectorMath.dot(vectors.get(i), vectors.get(j)));
                }
            }
            best[i] = max;
        }
        return median(best);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
