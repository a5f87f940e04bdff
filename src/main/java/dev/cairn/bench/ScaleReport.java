package dev.cairn.bench;

import dev.cairn.platform.Phrase;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.VectorIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a {@link ScaleBenchmark} run measured, as a table for people and as a map for JSON. */
public record ScaleReport(int clusters, double sigma, double realNeighbourCosine, int cores, List<SizeResult> sizes) {

    private static final double TARGET_RECALL = 0.95;

    /**
     * One index build. {@code peakBackendBytes} is the highest total proportional set size (PSS) of
     * the building backend and its parallel workers, sampled twice a second, or -1 where the server's
     * processes cannot be read (an external server); it includes shared buffers they touched.
     */
    public record Build(
            ScaleStorage storage,
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
    public record Probe(ScaleStorage storage, int efSearch, Stats latency, double recall) {}

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
        public Optional<Integer> efFor95(ScaleStorage storage) {
            return probes.stream()
                    .filter(p -> p.storage() == storage && p.recall() >= TARGET_RECALL)
                    .map(Probe::efSearch)
                    .min(Integer::compare);
        }
    }

    public ScaleReport {
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
            out.append("Tuner: ")
                    .append(Phrase.english(s.recommendation().reason()))
                    .append('\n');
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
            for (ScaleStorage st : ScaleStorage.values()) {
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
            for (ScaleStorage st : ScaleStorage.values()) {
                sm.put("ef_search_for_95_" + st.type(), s.efFor95(st).orElse(null));
            }
            sm.put("heap_peak_bytes", s.heapPeakBytes());
            sm.put("heap_governor_limit_bytes", s.heapLimitBytes());
            list.add(sm);
        }
        m.put("sizes", list);
        return m;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
