package dev.cairn.bench;

import dev.cairn.search.HybridFusion;
import dev.cairn.search.Reranker;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.HybridHits;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What the slowest hybrid searches are slow in. {@link SearchBreakdown} gives each part's mean and p95 over
 * runs of that part alone; here every question is taken apart in one go, its parts timed one after the
 * other in the same moment: the whole search (as the app runs it), the store's call (both halves), the
 * full-text half alone, the vector half alone, and fusion with the rerank over that call's lists. The
 * slowest 5% of whole searches are then compared with all of them, part by part, along with how many of
 * them saw a garbage collection or the JIT compiling while they ran. A part that is slow only at random
 * (the scheduler, a collection) stays near its overall mean in the tail; a part that some questions make
 * dear rises with it.
 */
final class SearchTail {

    /**
     * One part: its mean and p95 over every question, and its mean over the questions whose whole
     * search was among the slowest 5%, in milliseconds.
     */
    record Part(String name, double meanMs, double p95Ms, double slowMeanMs) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("mean_ms", round(meanMs));
            m.put("p95_ms", round(p95Ms));
            m.put("slowest_5pct_mean_ms", round(slowMeanMs));
            return m;
        }
    }

    /**
     * The parts, the whole first; {@code slow} questions in the tail, of which {@code withGc} saw a
     * collection and {@code withJit} saw compilation time during their whole search (as did {@code gcAll}
     * and {@code jitAll} of all {@code questions}).
     */
    record Table(List<Part> parts, int questions, int slow, int withGc, int withJit, int gcAll, int jitAll) {
        Table {
            parts = List.copyOf(parts);
        }

        String toText() {
            StringBuilder out = new StringBuilder(String.format(
                    Locale.ROOT,
                    "The slowest 5%% of hybrid searches (top 10; %d of %d questions, each taken apart at once)%n",
                    slow,
                    questions));
            out.append(
                    String.format(Locale.ROOT, "  %-52s %8s %8s %14s%n", "part", "mean ms", "p95 ms", "slowest 5% ms"));
            for (Part p : parts) {
                out.append(String.format(
                        Locale.ROOT, "  %-52s %8.3f %8.3f %14.3f%n", p.name(), p.meanMs(), p.p95Ms(), p.slowMeanMs()));
            }
            return out.append(String.format(
                            Locale.ROOT,
                            "  a garbage collection during the search: %d of the slowest, %d of all;"
                                    + " JIT compiling: %d of the slowest, %d of all%n",
                            withGc,
                            gcAll,
                            withJit,
                            jitAll))
                    .toString();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("questions", questions);
            m.put("slowest", slow);
            m.put("parts", parts.stream().map(Part::toMap).toList());
            m.put("slowest_with_gc", withGc);
            m.put("all_with_gc", gcAll);
            m.put("slowest_with_jit", withJit);
            m.put("all_with_jit", jitAll);
            return m;
        }
    }

    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private final Searcher searcher;
    private final ChunkStore store;
    private final int warmup;

    SearchTail(Searcher searcher, ChunkStore store, int warmup) {
        this.searcher = searcher;
        this.store = store;
        this.warmup = warmup;
    }

    /** Takes each of {@code questions} (none asked before) apart; the first {@code warmup} untimed. */
    Table hybrid(List<String> questions) {
        Searcher.Policy policy = Searcher.Policy.DEFAULT;
        int n = Math.max(policy.candidates(), 30);
        int perDocument = policy.textPerDocument();
        Reranker rerank = Reranker.lexical();
        List<float[]> vectors = questions.stream().map(searcher::queryVector).toList();
        int count = questions.size() - warmup;
        if (count < 20) {
            throw new IllegalArgumentException("The tail of fewer than 20 searches says nothing; got " + count);
        }
        String[] names = {
            "whole search (hybrid top 10)",
            "store call: both halves at once",
            "  full-text half alone",
            "  vector half alone",
            "fusion and lexical rerank of the store call's lists"
        };
        long[][] nanos = new long[names.length][count];
        boolean[] gc = new boolean[count];
        boolean[] jit = new boolean[count];
        for (int i = 0; i < questions.size(); i++) {
            String q = questions.get(i);
            float[] v = vectors.get(i);
            long collections = collections();
            long compiling = compiling();
            long whole = timed(() -> searcher.search(q, 10, Searcher.Mode.HYBRID));
            boolean collected = collections() != collections;
            boolean compiled = compiling() != compiling;
            HybridHits[] lists = new HybridHits[1];
            long call = timed(() -> lists[0] = store.hybridSearch(q, () -> v, n, null, perDocument));
            long text = timed(() -> store.fullTextSearch(q, n, null, perDocument));
            long vector = timed(() -> store.vectorSearch(v, n, null));
            // Fused as Searcher fuses a query of the model's language (the bench library is English: no discount).
            long fusion = timed(() -> rerank.rerank(
                    q,
                    HybridFusion.fuse(
                            lists[0].vector(), lists[0].text(), lists[0].textOnly(), Set.of(), policy.textWeight())));
            if (i >= warmup) {
                int at = i - warmup;
                long[] row = {whole, call, text, vector, fusion};
                for (int p = 0; p < row.length; p++) {
                    nanos[p][at] = row[p];
                }
                gc[at] = collected;
                jit[at] = compiled;
            }
        }
        Integer[] order = new Integer[count];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(nanos[0][b], nanos[0][a]));
        int slow = Math.max(1, (int) Math.ceil(count * 0.05));
        List<Integer> tail = Arrays.asList(order).subList(0, slow);
        List<Part> parts = new ArrayList<>();
        for (int p = 0; p < names.length; p++) {
            long[] part = nanos[p];
            Stats s = Stats.of(names[p], part);
            double slowMean = tail.stream().mapToLong(i -> part[i]).average().orElseThrow() / 1e6;
            parts.add(new Part(names[p], s.meanNanos() / 1e6, s.p95Nanos() / 1e6, slowMean));
        }
        return new Table(
                parts, count, slow, count(tail, i -> gc[i]), count(tail, i -> jit[i]), countAll(gc), countAll(jit));
    }

    private static long timed(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean c : COLLECTORS) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }

    private static long compiling() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }

    private static int count(List<Integer> which, IntFunction<Boolean> test) {
        return (int) which.stream().filter(test::apply).count();
    }

    private static int countAll(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
