package dev.cairn.bench;

import dev.cairn.search.QueryTerms;
import dev.cairn.search.Searcher;
import dev.cairn.search.Snippet;
import dev.cairn.store.ChunkHit;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.ServerTime;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;

/**
 * Where a search's time goes: the whole search as the app runs it, and its parts run one by one
 * over the same questions (each asked once, after a few untimed ones, their vectors computed before): the
 * store's call (a warm session handed out, the statement, the rows decoded), a trivial statement
 * on a warm session (hand-out and round trip alone), the server's planning and execution
 * ({@code EXPLAIN ANALYZE}), and the snippets. What is left of the whole (fusion, the per-document
 * cap, the result cache) and of the store's call (sending the statement, reading and decoding the
 * rows) is the difference of means. Each part also counts the calling thread's CPU time, which a
 * loaded machine does not inflate as it does the wall clock.
 */
final class SearchBreakdown {

    /**
     * {@code EXPLAIN} plans its statement afresh; a search of the whole library runs a plan its session
     * made once (docs/decisions/0026), so planning is not part of the store call it is listed under.
     */
    private static final String PLANNING = "  server planning, once a session (not in the call)";

    /**
     * One part: mean and p95 of wall time, mean CPU time of the calling thread and of the server
     * session (NaN where it cannot be read: an external server), in milliseconds.
     */
    record Part(String name, double meanMs, double p95Ms, double cpuMs, double serverCpuMs, boolean derived) {
        Part(String name, double meanMs, double p95Ms, double cpuMs, boolean derived) {
            this(name, meanMs, p95Ms, cpuMs, Double.NaN, derived);
        }

        Map<String, Object> toMap(double wholeMs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("mean_ms", round(meanMs));
            if (!derived) {
                m.put("p95_ms", round(p95Ms));
                m.put("cpu_ms", round(cpuMs));
                if (!Double.isNaN(serverCpuMs)) {
                    m.put("server_cpu_ms", round(serverCpuMs));
                }
            }
            m.put("share", Math.round(meanMs / wholeMs * 1000) / 1000.0);
            return m;
        }
    }

    /** The parts of one kind of search; the first part is the whole. */
    record Table(String title, List<Part> parts) {
        Table {
            parts = List.copyOf(parts);
        }

        String toText() {
            double whole = parts.getFirst().meanMs();
            StringBuilder out = new StringBuilder(title).append(System.lineSeparator());
            out.append(String.format(
                    Locale.ROOT,
                    "  %-52s %8s %8s %8s %10s %6s%n",
                    "part",
                    "mean ms",
                    "p95 ms",
                    "CPU ms",
                    "server CPU",
                    "share"));
            for (Part p : parts) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-52s %8.3f %8s %8s %10s %5.1f%%%n",
                        p.name(),
                        p.meanMs(),
                        p.derived() ? "" : String.format(Locale.ROOT, "%.3f", p.p95Ms()),
                        p.derived() ? "" : String.format(Locale.ROOT, "%.3f", p.cpuMs()),
                        p.derived() || Double.isNaN(p.serverCpuMs())
                                ? ""
                                : String.format(Locale.ROOT, "%.2f", p.serverCpuMs()),
                        100 * p.meanMs() / whole));
            }
            return out.toString();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("search", title);
            double whole = parts.getFirst().meanMs();
            m.put("parts", parts.stream().map(p -> p.toMap(whole)).toList());
            return m;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Searcher searcher;
    private final ChunkStore store;
    private final int candidates;
    private final int snippetChars;
    private final int textPerDocument;
    private final int warmup;

    SearchBreakdown(Searcher searcher, ChunkStore store, int warmup) {
        this.searcher = searcher;
        this.store = store;
        this.candidates = Searcher.Policy.DEFAULT.candidates();
        this.snippetChars = Searcher.Policy.DEFAULT.snippetChars();
        this.textPerDocument = Searcher.Policy.DEFAULT.textPerDocument();
        this.warmup = warmup;
    }

    /** Hybrid top-10 in parts, over {@code questions} none of which was asked before. */
    Table hybrid(List<String> questions) {
        List<float[]> vectors = questions.stream().map(searcher::queryVector).toList();
        int n = Math.max(candidates, 30);
        Part whole = time(
                "whole search (hybrid top 10)",
                questions.size(),
                i -> searcher.search(questions.get(i), 10, Searcher.Mode.HYBRID));
        Part call = time(
                "store call: hand-out, statement, rows decoded",
                questions.size(),
                i -> store.hybridSearch(questions.get(i), () -> vectors.get(i), n, null, textPerDocument));
        Part roundTrip =
                time("  of which hand-out and round trip (SELECT 1)", questions.size(), i -> store.roundTrip());
        List<ServerTime> server = new ArrayList<>();
        for (int i = warmup; i < questions.size(); i++) {
            server.add(store.explainSearch(questions.get(i), vectors.get(i), n, textPerDocument));
        }
        Part planning = serverPart(PLANNING, server, ServerTime::planningMs);
        Part execution = serverPart("  of which server execution", server, ServerTime::executionMs);
        List<List<ChunkHit>> hits = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            hits.add(store.hybridSearch(questions.get(i), vectors.get(i), n).vector().stream()
                    .limit(10)
                    .toList());
        }
        Part snippets = time("snippets of 10 hits (query terms, highlights)", questions.size(), i -> {
            List<String> terms = QueryTerms.of(questions.get(i));
            for (ChunkHit h : hits.get(i)) {
                Snippet.of(h.text(), terms, snippetChars);
            }
        });
        double decoding = call.meanMs() - roundTrip.meanMs() - execution.meanMs();
        double rest = whole.meanMs() - call.meanMs() - snippets.meanMs();
        return new Table(
                "Hybrid search (top 10, " + (questions.size() - warmup) + " questions)",
                List.of(
                        whole,
                        call,
                        roundTrip,
                        planning,
                        execution,
                        new Part("  of which sending, reading and decoding rows (rest)", decoding, 0, 0, true),
                        snippets,
                        new Part("fusion, per-document cap, cache (rest)", rest, 0, 0, true)));
    }

    /** Vector top-{@code top} in parts: the whole search, the store's call and the server's share. */
    Table vector(List<String> questions, int top) {
        List<float[]> vectors = questions.stream().map(searcher::queryVector).toList();
        int n = Math.max(candidates, top * 3);
        Part whole = time(
                "whole search (vector top " + top + ")",
                questions.size(),
                i -> searcher.search(questions.get(i), top, Searcher.Mode.VECTOR));
        Part call = time(
                "store call: hand-out, statement, rows decoded",
                questions.size(),
                i -> store.vectorSearch(vectors.get(i), n));
        List<ServerTime> server = new ArrayList<>();
        for (int i = warmup; i < questions.size(); i++) {
            server.add(store.explainSearch(null, vectors.get(i), n, 0));
        }
        return new Table(
                "Vector search (top " + top + ", " + n + " candidates, " + (questions.size() - warmup) + " questions)",
                List.of(
                        whole,
                        call,
                        serverPart(PLANNING, server, ServerTime::planningMs),
                        serverPart("  of which server execution", server, ServerTime::executionMs),
                        new Part("everything else (rest)", whole.meanMs() - call.meanMs(), 0, 0, true)));
    }

    /** Runs the first {@code warmup} questions untimed, then times the others: no question is asked twice. */
    private Part time(String name, int questions, IntConsumer operation) {
        for (int i = 0; i < warmup; i++) {
            operation.accept(i);
        }
        int count = questions - warmup;
        long[] wall = new long[count];
        long cpu = 0;
        int server = store.roundTrip();
        double serverStart = serverCpuMs(server);
        for (int i = 0; i < count; i++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            operation.accept(warmup + i);
            wall[i] = System.nanoTime() - start;
            cpu += THREADS.getCurrentThreadCpuTime() - cpuStart;
        }
        double serverCpu = (serverCpuMs(server) - serverStart) / count;
        Stats s = Stats.of(name, wall);
        return new Part(name, s.meanNanos() / 1e6, s.p95Nanos() / 1e6, cpu / 1e6 / count, serverCpu, false);
    }

    /**
     * The CPU time the server session {@code pid} has used, from /proc (a bundled server on this
     * machine; the benchmark searches on one thread, so one warm session serves every call); NaN
     * when it cannot be read. Clock ticks of 10 ms: meaningful as a mean over many calls.
     */
    private static double serverCpuMs(int pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Part serverPart(String name, List<ServerTime> times, ToDoubleFunction<ServerTime> part) {
        double[] ms = times.stream().mapToDouble(part).sorted().toArray();
        double mean = java.util.Arrays.stream(ms).average().orElse(Double.NaN);
        double p95 = ms[Math.max(0, (int) Math.ceil(0.95 * ms.length) - 1)];
        return new Part(name, mean, p95, 0, false);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
