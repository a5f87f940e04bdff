package dev.cairn.bench;

import com.pgvector.PGvector;
import dev.cairn.embed.Embedder;
import dev.cairn.embed.VectorMath;
import dev.cairn.platform.MemoryGovernor;
import dev.cairn.platform.ProcFiles;
import dev.cairn.store.BinaryCopy;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.VectorIndex;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How pgvector's HNSW index behaves at the sizes a desktop library reaches (10k to 1M chunks),
 * without embedding a million texts: synthetic 384-d unit vectors clustered around real embeddings
 * ({@link SyntheticVectors}), loaded by binary COPY into tables of their own (schema
 * {@value #SCHEMA}, never the user's chunks), indexed as {@code vector} and as {@code halfvec},
 * then searched at several {@code hnsw.ef_search} with recall@10 against an exact scan.
 *
 * <p>Kept tables ({@link Options#keep()}) let a later run skip loading and building and measure
 * search again, on a quieter machine for instance; their build figures come from the
 * {@value #SCHEMA}.runs table.
 */
public final class ScaleBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);

    public static final String SCHEMA = "bench_scale";
    public static final int DIMENSION = 384;
    public static final int K = 10;
    public static final List<Integer> DEFAULT_EF_SEARCH = List.of(20, 40, 80, 160);
    /** Chosen so that a point's cosine to its centroid is about 0.86; see docs/decisions/0007-benchmarks.md. */
    public static final double DEFAULT_SIGMA = 0.6;

    private static final int CENTROID_TEXTS = 100;
    private static final double TARGET_RECALL = 0.95;

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

    /** The two ways the vectors are stored. */
    public enum Storage {
        VECTOR("vector", "vector_cosine_ops", 'v'),
        HALFVEC("halfvec", "halfvec_cosine_ops", 'h');

        private final String type;
        private final String opclass;
        private final char prefix;

        Storage(String type, String opclass, char prefix) {
            this.type = type;
            this.opclass = opclass;
            this.prefix = prefix;
        }

        public String type() {
            return type;
        }

        String table(int rows) {
            return SCHEMA + "." + prefix + "_" + rows;
        }

        String index(int rows) {
            return prefix + "_" + rows + "_hnsw";
        }
    }

    /** What one size needs before it starts; {@code buildMemoryMb} is the maintenance_work_mem of its larger build. */
    public record Plan(int rows, boolean kept, long diskBytes, long buildMemoryMb, Duration estimate) {}

    /**
     * One index build. {@code peakBackendBytes} is the highest total proportional set size (PSS) of
     * the building backend and its parallel workers, sampled twice a second, or -1 where the server's
     * processes cannot be read (an external server); it includes shared buffers they touched.
     */
    public record Build(
            Storage storage,
            VectorIndex.Hnsw index,
            double seconds,
            long indexBytes,
            long tableBytes,
            long maintenanceWorkMemMb,
            int workers,
            long peakBackendBytes,
            List<String> notices,
            boolean reused) {
        public Build {
            notices = List.copyOf(notices);
        }
    }

    /** Search at one ef_search: latency and mean recall@10 against the exact top 10. */
    public record Probe(Storage storage, int efSearch, Stats latency, double recall) {}

    /** Cosine of each query to its nearest and tenth-nearest stored point (median), from the exact scan. */
    public record Spread(double nearest, double tenth) {}

    /** Everything measured at one size. */
    public record SizeResult(
            int rows,
            double loadSeconds,
            Stats exactScan,
            Spread spread,
            IndexTuner.Recommendation recommendation,
            List<Build> builds,
            List<Probe> probes,
            long heapPeakBytes,
            long heapLimitBytes) {
        public SizeResult {
            builds = List.copyOf(builds);
            probes = List.copyOf(probes);
        }

        /** The smallest ef_search that reached 95% recall@10 in {@code storage}, if any did. */
        public Optional<Integer> efFor95(Storage storage) {
            return probes.stream()
                    .filter(p -> p.storage() == storage && p.recall() >= TARGET_RECALL)
                    .map(Probe::efSearch)
                    .min(Integer::compare);
        }
    }

    /** The whole run. */
    public record Report(int clusters, double sigma, double realNeighbourCosine, int cores, List<SizeResult> sizes) {
        public Report {
            sizes = List.copyOf(sizes);
        }

        public String toText() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "Synthetic 384-d unit vectors: %d clusters around real embeddings, "
                            + "sigma %.2f (real texts' nearest-neighbour cosine among the centroids: %.3f); %d cores%n",
                    clusters,
                    sigma,
                    realNeighbourCosine,
                    cores));
            for (SizeResult s : sizes) {
                out.append(String.format(Locale.ROOT, "%n== %,d vectors ==%n", s.rows()));
                out.append(String.format(
                        Locale.ROOT,
                        "Loaded in %.1fs; median cosine of a query to its nearest " + "point %.3f, to its 10th %.3f%n",
                        s.loadSeconds(),
                        s.spread().nearest(),
                        s.spread().tenth()));
                out.append("Tuner: ").append(s.recommendation().reason()).append('\n');
                out.append(String.format(
                        Locale.ROOT,
                        "%-8s %-22s %10s %10s %10s %8s %8s%n",
                        "Storage",
                        "Index",
                        "Build",
                        "Index MB",
                        "Table MB",
                        "Peak MB",
                        "mwm MB"));
                for (Build b : s.builds()) {
                    out.append(String.format(
                            Locale.ROOT,
                            "%-8s %-22s %10s %10.1f %10.1f %8s %8d%s%n",
                            b.storage().type(),
                            "m=" + b.index().m() + " ef_c=" + b.index().efConstruction(),
                            Harness.time(b.seconds() * 1e9) + (b.reused() ? "*" : ""),
                            b.indexBytes() / 1e6,
                            b.tableBytes() / 1e6,
                            b.peakBackendBytes() < 0
                                    ? "n/a"
                                    : String.format(Locale.ROOT, "%.0f", b.peakBackendBytes() / 1e6),
                            b.maintenanceWorkMemMb(),
                            b.notices().isEmpty() ? "" : "  NOTICE: " + String.join("; ", b.notices())));
                }
                out.append(String.format(
                        Locale.ROOT,
                        "%n%-25s %-8s %-8s %-8s %-8s %-8s %-8s %s%n",
                        "Name",
                        "Mean",
                        "Min",
                        "Max",
                        "P50",
                        "P95",
                        "P99",
                        "Recall@10"));
                out.append(row(s.exactScan(), "1.000"));
                for (Probe p : s.probes()) {
                    out.append(row(p.latency(), String.format(Locale.ROOT, "%.3f", p.recall())));
                }
                for (Storage st : Storage.values()) {
                    out.append(String.format(
                            Locale.ROOT,
                            "95%% recall@10 (%s): %s%n",
                            st.type(),
                            s.efFor95(st).map(ef -> "ef_search " + ef).orElse("not reached at the ef_search tried")));
                }
                out.append(String.format(
                        Locale.ROOT,
                        "JVM heap peak %.0f MB, memory governor engages at %.0f MB%n",
                        s.heapPeakBytes() / 1e6,
                        s.heapLimitBytes() / 1e6));
            }
            if (sizes.stream().anyMatch(s -> s.builds().stream().anyMatch(Build::reused))) {
                out.append("* built by an earlier run (kept tables); its figures come from that run\n");
            }
            return out.toString();
        }

        private static String row(Stats s, String recall) {
            return String.format(
                    Locale.ROOT,
                    "%-25s %-8s %-8s %-8s %-8s %-8s %-8s %s%n",
                    s.name(),
                    Harness.time(s.meanNanos()),
                    Harness.time(s.minNanos()),
                    Harness.time(s.maxNanos()),
                    Harness.time(s.p50Nanos()),
                    Harness.time(s.p95Nanos()),
                    Harness.time(s.p99Nanos()),
                    recall);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clusters", clusters);
            m.put("sigma", sigma);
            m.put("real_neighbour_cosine", round3(realNeighbourCosine));
            m.put("cores", cores);
            List<Map<String, Object>> list = new ArrayList<>();
            for (SizeResult s : sizes) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("rows", s.rows());
                sm.put("load_seconds", Math.round(s.loadSeconds() * 10) / 10.0);
                sm.put("nearest_cosine_median", round3(s.spread().nearest()));
                sm.put("tenth_cosine_median", round3(s.spread().tenth()));
                sm.put("recommendation", String.valueOf(s.recommendation().index()));
                sm.put("exact_scan", s.exactScan().toMap());
                List<Map<String, Object>> builds = new ArrayList<>();
                for (Build b : s.builds()) {
                    Map<String, Object> bm = new LinkedHashMap<>();
                    bm.put("storage", b.storage().type());
                    bm.put("m", b.index().m());
                    bm.put("ef_construction", b.index().efConstruction());
                    bm.put("build_seconds", Math.round(b.seconds() * 10) / 10.0);
                    bm.put("index_bytes", b.indexBytes());
                    bm.put("table_bytes", b.tableBytes());
                    bm.put("maintenance_work_mem_mb", b.maintenanceWorkMemMb());
                    bm.put("parallel_workers", b.workers());
                    bm.put("peak_backend_bytes", b.peakBackendBytes());
                    bm.put("notices", b.notices());
                    bm.put("reused", b.reused());
                    builds.add(bm);
                }
                sm.put("builds", builds);
                List<Map<String, Object>> probes = new ArrayList<>();
                for (Probe p : s.probes()) {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("storage", p.storage().type());
                    pm.put("ef_search", p.efSearch());
                    pm.put("recall_at_10", round3(p.recall()));
                    pm.put("latency", p.latency().toMap());
                    probes.add(pm);
                }
                sm.put("search", probes);
                for (Storage st : Storage.values()) {
                    sm.put("ef_search_for_95_" + st.type(), s.efFor95(st).orElse(null));
                }
                sm.put("heap_peak_bytes", s.heapPeakBytes());
                sm.put("heap_governor_limit_bytes", s.heapLimitBytes());
                list.add(sm);
            }
            m.put("sizes", list);
            return m;
        }
    }

    private final DataSource dataSource;
    private final Embedder embedder;
    private final Options options;
    private final int cores;

    public ScaleBenchmark(DataSource dataSource, Embedder embedder, Options options) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.embedder = Objects.requireNonNull(embedder);
        this.options = Objects.requireNonNull(options);
        this.cores = Runtime.getRuntime().availableProcessors();
    }

    // ---- plan ------------------------------------------------------------------------------------

    /** What each size needs: disk for what is not kept yet, and a rough time. */
    public List<Plan> plan() throws SQLException {
        List<Plan> plans = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            ensureSchema(c);
            for (int n : options.sizes()) {
                boolean kept = kept(c, n);
                plans.add(new Plan(
                        n,
                        kept,
                        kept ? 0 : (long) n * BYTES_PER_ROW,
                        kept ? 0 : maintenanceWorkMemMb(n, Storage.VECTOR, index(n)),
                        estimate(n, kept)));
            }
        }
        return plans;
    }

    /**
     * A rough time: loading and two HNSW builds (about 1,500 inserts a second per process for 384-d
     * at ef_construction 64 on a desktop core, slower as the graph grows), the exact scans and the
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

    public Report run(Listener listener) throws SQLException {
        List<float[]> centroids = centroids();
        double realNn = nearestNeighbourCosine(centroids);
        SyntheticVectors vectors = new SyntheticVectors(centroids, options.sigma(), options.seed());
        listener.note(String.format(
                Locale.ROOT,
                "%d centroids from real texts (median nearest-neighbour cosine among" + " them %.3f), sigma %.2f",
                centroids.size(),
                realNn,
                options.sigma()));
        List<SizeResult> results = new ArrayList<>();
        for (int n : options.sizes()) {
            SizeResult result = measure(n, vectors, listener);
            results.add(result);
            // Each size's table as soon as it is done: a long run that is stopped still leaves its figures.
            listener.note(new Report(centroids.size(), options.sigma(), realNn, cores, List.of(result)).toText());
            if (!options.keep()) {
                drop(n);
            }
        }
        return new Report(centroids.size(), options.sigma(), realNn, cores, results);
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

    private SizeResult measure(int n, SyntheticVectors vectors, Listener listener) throws SQLException {
        resetHeapPeaks();
        IndexTuner.Recommendation recommendation = IndexTuner.recommend(n, IndexTuner.Kind.AUTO);
        VectorIndex.Hnsw hnsw = index(n);
        listener.note(String.format(
                Locale.ROOT, "%,d vectors: tuner recommends %s; building %s", n, recommendation.index(), hnsw));
        boolean kept;
        try (Connection c = dataSource.getConnection()) {
            ensureSchema(c);
            kept = kept(c, n);
        }
        double loadSeconds;
        List<Build> builds = new ArrayList<>();
        if (kept) {
            listener.note("  kept tables found: loading and building skipped");
            loadSeconds = recorded(n, Storage.VECTOR).loadSeconds();
            for (Storage st : Storage.values()) {
                builds.add(recorded(n, st).build());
            }
        } else {
            drop(n);
            loadSeconds = load(n, vectors, listener);
            for (Storage st : Storage.values()) {
                Build b = build(n, st, hnsw, listener);
                builds.add(b);
                record(n, st, loadSeconds, b);
            }
        }
        Truth truth = truth(n, vectors, kept, listener);
        List<Probe> probes = new ArrayList<>();
        for (Storage st : Storage.values()) {
            for (int ef : options.efSearch()) {
                Probe p = search(n, st, ef, truth);
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
        return new SizeResult(
                n, loadSeconds, truth.exactScan, truth.spread, recommendation, builds, probes, heapPeak(), heapLimit);
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

    // ---- load ------------------------------------------------------------------------------------

    private double load(int n, SyntheticVectors vectors, Listener listener) throws SQLException {
        long t0 = System.nanoTime();
        String v = Storage.VECTOR.table(n);
        String h = Storage.HALFVEC.table(n);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // Created in the loading transaction: with wal_level=minimal the COPY then skips WAL.
                st.execute("CREATE TABLE " + v + " (id bigint NOT NULL, embedding vector(" + DIMENSION + ") NOT NULL)");
                st.execute(
                        "CREATE TABLE " + h + " (id bigint NOT NULL, embedding halfvec(" + DIMENSION + ") NOT NULL)");
            }
            SyntheticVectors.Points points = vectors.points(options.seed() + n);
            float[] point = new float[DIMENSION];
            long step = Math.max(n / 10, 1);
            try (BinaryCopy copy = BinaryCopy.start(c, "COPY " + v + " (id, embedding) FROM STDIN (FORMAT BINARY)")) {
                for (int i = 0; i < n; i++) {
                    points.next(point);
                    copy.row(2);
                    copy.int8(i);
                    copy.vector(point);
                    if ((i + 1) % step == 0 && n >= 100_000) {
                        listener.note(String.format(Locale.ROOT, "  loading: %,d of %,d", i + 1, n));
                    }
                }
                copy.finish();
            }
            try (Statement st = c.createStatement()) {
                // The same points rounded to half precision: both storages hold the same data.
                st.execute("INSERT INTO " + h + " SELECT id, embedding::halfvec(" + DIMENSION + ") FROM " + v);
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("ANALYZE " + v);
                st.execute("ANALYZE " + h);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        listener.note(String.format(Locale.ROOT, "  loaded %,d rows (vector and halfvec) in %.1fs", n, seconds));
        return seconds;
    }

    // ---- build -----------------------------------------------------------------------------------

    private Build build(int n, Storage storage, VectorIndex.Hnsw hnsw, Listener listener) throws SQLException {
        long mwmMb = maintenanceWorkMemMb(n, storage, hnsw);
        int workers = Math.max(0, cores - 1);
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            long pid;
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            st.execute("SET maintenance_work_mem = '" + mwmMb + "MB'");
            st.execute("SET max_parallel_maintenance_workers = " + workers);
            listener.note(String.format(
                    Locale.ROOT,
                    "  building HNSW on %s (maintenance_work_mem %d MB, %d parallel" + " workers)...",
                    storage.type(),
                    mwmMb,
                    workers));
            long t0 = System.nanoTime();
            long peak;
            try (MemorySampler sampler = new MemorySampler(pid, n, t0, storage, listener)) {
                st.execute("CREATE INDEX " + storage.index(n) + " ON " + storage.table(n) + " USING hnsw (embedding "
                        + storage.opclass + ") WITH (m = " + hnsw.m() + ", ef_construction = " + hnsw.efConstruction()
                        + ")");
                peak = sampler.peak();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            peak = Math.max(peak, statusKb(pid, "VmHWM") * 1024);
            List<String> notices = new ArrayList<>();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                notices.add(w.getMessage());
            }
            long indexBytes;
            long tableBytes;
            try (ResultSet rs = st.executeQuery("SELECT pg_relation_size('" + SCHEMA + "." + storage.index(n)
                    + "'), pg_table_size('" + storage.table(n) + "')")) {
                rs.next();
                indexBytes = rs.getLong(1);
                tableBytes = rs.getLong(2);
            }
            listener.note(String.format(
                    Locale.ROOT,
                    "  built in %.1fs: index %.1f MB, table %.1f MB%s",
                    seconds,
                    indexBytes / 1e6,
                    tableBytes / 1e6,
                    notices.isEmpty() ? "" : ", NOTICE: " + notices));
            return new Build(
                    storage,
                    hnsw,
                    seconds,
                    indexBytes,
                    tableBytes,
                    mwmMb,
                    workers,
                    peak <= 0 ? -1 : peak,
                    notices,
                    false);
        }
    }

    /**
     * Enough for the whole graph (pgvector's in-memory element: the vector, about 2m neighbour slots
     * of 16 bytes on layer 0, some bookkeeping), with a third to spare, so the build never falls back
     * to the slow on-disk phase; but at most half of the memory now available.
     */
    long maintenanceWorkMemMb(int n, Storage storage, VectorIndex.Hnsw hnsw) {
        int bytesPerVector = storage == Storage.VECTOR ? 4 * DIMENSION : 2 * DIMENSION;
        return IndexTuner.buildMemoryMb(n, bytesPerVector, hnsw.m(), IndexTuner.memAvailableMb());
    }

    /**
     * Samples the memory of a building backend and its parallel workers (PSS, so shared pages are
     * split between them rather than counted twice), and reports the build's progress now and then.
     */
    private final class MemorySampler implements AutoCloseable {
        private final ScheduledExecutorService timer;
        private final AtomicLong peak = new AtomicLong(-1);
        private final Connection watch;
        private long lastNote;

        MemorySampler(long pid, int n, long startNanos, Storage storage, Listener listener) throws SQLException {
            this.watch = dataSource.getConnection();
            this.lastNote = startNanos;
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cairn-bench-memory");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(
                    () -> sample(pid, n, startNanos, storage, listener), 0, 500, TimeUnit.MILLISECONDS);
        }

        private void sample(long pid, int n, long startNanos, Storage storage, Listener listener) {
            try (PreparedStatement ps =
                    watch.prepareStatement("SELECT pid FROM pg_stat_activity WHERE pid = ? OR leader_pid = ?")) {
                ps.setLong(1, pid);
                ps.setLong(2, pid);
                long total = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        total += pssKb(rs.getLong(1)) * 1024;
                    }
                }
                long sum = total;
                peak.accumulateAndGet(sum, Math::max);
                long now = System.nanoTime();
                if (now - lastNote > 60e9) {
                    lastNote = now;
                    listener.note(String.format(
                            Locale.ROOT,
                            "  %s build: %s so far%s",
                            storage.type(),
                            Harness.time(now - startNanos),
                            progress(pid)));
                }
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Could not sample the build's memory", e);
            }
        }

        private String progress(long pid) throws SQLException {
            try (PreparedStatement ps = watch.prepareStatement(
                    "SELECT phase, tuples_done, tuples_total FROM pg_stat_progress_create_index WHERE pid = ?")) {
                ps.setLong(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return "";
                    }
                    // pgvector counts the tuples it has inserted but leaves the total at 0.
                    return String.format(Locale.ROOT, ", %s, %,d tuples", rs.getString(1), rs.getLong(2))
                            + (rs.getLong(3) > 0 ? String.format(Locale.ROOT, " of %,d", rs.getLong(3)) : "");
                }
            }
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() throws SQLException {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watch.close();
        }
    }

    // ---- exact top 10 ----------------------------------------------------------------------------

    private record Truth(List<float[]> queries, List<Set<Long>> ids, Stats exactScan, Spread spread) {}

    /**
     * The queries (drawn from the same distribution with another seed, so none is a stored row) and
     * their exact top 10 from a full scan of the float table, kept in a table so a re-run over kept
     * tables needs no second scan.
     */
    private Truth truth(int n, SyntheticVectors vectors, boolean kept, Listener listener) throws SQLException {
        String table = SCHEMA + ".q_" + n;
        SyntheticVectors.Points points = vectors.points(options.seed() + n + 1_000_003);
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < options.queries(); i++) {
            queries.add(points.next());
        }
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            if (kept && stored(c, table) >= queries.size()) {
                return readTruth(c, table, queries);
            }
            listener.note(
                    String.format(Locale.ROOT, "  exact top %d for %d queries (full scans)...", K, queries.size()));
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (no int PRIMARY KEY, ids bigint[] NOT NULL, cos real[] NOT NULL,"
                    + " nanos bigint NOT NULL)");
            st.execute("SET enable_indexscan = off");
            st.execute("SET enable_bitmapscan = off");
            try (PreparedStatement exact = c.prepareStatement("SELECT id, 1 - (embedding <=> ?) FROM "
                            + Storage.VECTOR.table(n) + " ORDER BY embedding <=> ? LIMIT " + K);
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
                for (int q = 0; q < queries.size(); q++) {
                    PGvector pv = new PGvector(queries.get(q));
                    exact.setObject(1, pv);
                    exact.setObject(2, pv);
                    List<Long> ids = new ArrayList<>();
                    List<Float> cos = new ArrayList<>();
                    long t0 = System.nanoTime();
                    try (ResultSet rs = exact.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            cos.add(rs.getFloat(2));
                        }
                    }
                    long nanos = System.nanoTime() - t0;
                    insert.setInt(1, q);
                    insert.setArray(2, c.createArrayOf("bigint", ids.toArray()));
                    insert.setArray(3, c.createArrayOf("real", cos.toArray()));
                    insert.setLong(4, nanos);
                    insert.executeUpdate();
                }
            }
            return readTruth(c, table, queries);
        }
    }

    private static long stored(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT CASE WHEN to_regclass('" + table + "') IS NULL THEN 0" + " ELSE 1 END")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Truth readTruth(Connection c, String table, List<float[]> queries) throws SQLException {
        List<Set<Long>> ids = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        double[] nearest = new double[queries.size()];
        double[] tenth = new double[queries.size()];
        try (PreparedStatement ps =
                c.prepareStatement("SELECT ids, cos, nanos FROM " + table + " WHERE no < ? ORDER BY no")) {
            ps.setInt(1, queries.size());
            try (ResultSet rs = ps.executeQuery()) {
                int q = 0;
                while (rs.next()) {
                    Array a = rs.getArray(1);
                    ids.add(new HashSet<>(Arrays.asList((Long[]) a.getArray())));
                    Float[] cos = (Float[]) rs.getArray(2).getArray();
                    nearest[q] = cos.length > 0 ? cos[0] : 0;
                    tenth[q] = cos.length > 0 ? cos[cos.length - 1] : 0;
                    nanos.add(rs.getLong(3));
                    q++;
                }
            }
        }
        Stats exact = Stats.of(
                "Exact scan (vector)", nanos.stream().mapToLong(Long::longValue).toArray());
        return new Truth(queries, ids, exact, new Spread(median(nearest), median(tenth)));
    }

    // ---- search ----------------------------------------------------------------------------------

    private Probe search(int n, Storage storage, int ef, Truth truth) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // The index is what is measured: never let the planner pick a scan instead.
            st.execute("SET enable_seqscan = off");
            st.execute("SET hnsw.ef_search = " + ef);
            String param = storage == Storage.VECTOR ? "?" : "?::halfvec(" + DIMENSION + ")";
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM " + storage.table(n) + " ORDER BY embedding <=> " + param + " LIMIT " + K)) {
                int q = truth.queries().size();
                List<Set<Long>> found = new ArrayList<>();
                for (int i = 0; i < q; i++) {
                    found.add(Set.of());
                }
                Harness harness = new Harness(Math.min(20, q), q);
                Stats stats = harness.measure("HNSW " + storage.type() + " ef=" + ef, i -> {
                    int qi = i % q;
                    found.set(qi, topK(ps, truth.queries().get(qi)));
                });
                double sum = 0;
                for (int i = 0; i < q; i++) {
                    Set<Long> hit = new HashSet<>(found.get(i));
                    hit.retainAll(truth.ids().get(i));
                    sum += truth.ids().get(i).isEmpty()
                            ? 1
                            : (double) hit.size() / truth.ids().get(i).size();
                }
                return new Probe(storage, ef, stats, sum / q);
            }
        }
    }

    private static Set<Long> topK(PreparedStatement ps, float[] query) {
        try {
            ps.setObject(1, new PGvector(query));
            Set<Long> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("A benchmark search failed: " + e.getMessage(), e);
        }
    }

    // ---- kept tables -----------------------------------------------------------------------------

    private static void ensureSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            st.execute(
                    "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".runs (tbl text PRIMARY KEY, rows bigint, sigma float8,"
                            + " seed bigint, m int, ef_construction int, load_seconds float8, build_seconds float8,"
                            + " index_bytes bigint, table_bytes bigint, mwm_mb bigint, workers int, peak_bytes bigint,"
                            + " notices text)");
        }
    }

    /** True when both tables of this size were built by a run with the same data and index settings. */
    private boolean kept(Connection c, int n) throws SQLException {
        VectorIndex.Hnsw hnsw = index(n);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + SCHEMA + ".runs r"
                + " WHERE r.tbl = ANY(?) AND r.rows = ? AND r.sigma = ? AND r.seed = ? AND r.m = ? AND r.ef_construction = ?"
                + " AND to_regclass(r.tbl) IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {Storage.VECTOR.table(n), Storage.HALFVEC.table(n)}));
            ps.setLong(2, n);
            ps.setDouble(3, options.sigma());
            ps.setLong(4, options.seed());
            ps.setInt(5, hnsw.m());
            ps.setInt(6, hnsw.efConstruction());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 2;
            }
        }
    }

    private record Recorded(double loadSeconds, Build build) {}

    private Recorded recorded(int n, Storage storage) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT m, ef_construction, load_seconds, build_seconds,"
                        + " index_bytes, table_bytes, mwm_mb, workers, peak_bytes, notices FROM " + SCHEMA
                        + ".runs WHERE tbl = ?")) {
            ps.setString(1, storage.table(n));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String notices = rs.getString(10);
                return new Recorded(
                        rs.getDouble(3),
                        new Build(
                                storage,
                                new VectorIndex.Hnsw(rs.getInt(1), rs.getInt(2)),
                                rs.getDouble(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                rs.getInt(8),
                                rs.getLong(9),
                                notices == null || notices.isEmpty() ? List.of() : List.of(notices.split("\n")),
                                true));
            }
        }
    }

    private void record(int n, Storage storage, double loadSeconds, Build b) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO " + SCHEMA + ".runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                                + " ON CONFLICT (tbl) DO UPDATE SET rows = EXCLUDED.rows, sigma = EXCLUDED.sigma,"
                                + " seed = EXCLUDED.seed, m = EXCLUDED.m, ef_construction = EXCLUDED.ef_construction,"
                                + " load_seconds = EXCLUDED.load_seconds, build_seconds = EXCLUDED.build_seconds,"
                                + " index_bytes = EXCLUDED.index_bytes, table_bytes = EXCLUDED.table_bytes,"
                                + " mwm_mb = EXCLUDED.mwm_mb, workers = EXCLUDED.workers, peak_bytes = EXCLUDED.peak_bytes,"
                                + " notices = EXCLUDED.notices")) {
            ps.setString(1, storage.table(n));
            ps.setLong(2, n);
            ps.setDouble(3, options.sigma());
            ps.setLong(4, options.seed());
            ps.setInt(5, b.index().m());
            ps.setInt(6, b.index().efConstruction());
            ps.setDouble(7, loadSeconds);
            ps.setDouble(8, b.seconds());
            ps.setLong(9, b.indexBytes());
            ps.setLong(10, b.tableBytes());
            ps.setLong(11, b.maintenanceWorkMemMb());
            ps.setInt(12, b.workers());
            ps.setLong(13, b.peakBackendBytes());
            ps.setString(14, String.join("\n", b.notices()));
            ps.executeUpdate();
        }
    }

    /** Drops one size's tables and its record. */
    public void drop(int n) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            ensureSchema(c);
            st.execute("DROP TABLE IF EXISTS " + Storage.VECTOR.table(n) + ", " + Storage.HALFVEC.table(n) + ", "
                    + SCHEMA + ".q_" + n);
            st.execute("DELETE FROM " + SCHEMA + ".runs WHERE tbl IN ('" + Storage.VECTOR.table(n) + "', '"
                    + Storage.HALFVEC.table(n) + "')");
        }
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

    private static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
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

    private static long statusKb(long pid, String field) {
        return ProcFiles.statusKb(pid, field);
    }

    private static long pssKb(long pid) {
        return ProcFiles.pssKb(pid);
    }
}
