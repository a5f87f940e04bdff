package dev.cairn.search;

import dev.cairn.embed.ModelSpec;
import dev.cairn.search.FusionProbe.Dump;
import dev.cairn.search.FusionProbe.Query;
import dev.cairn.store.ChunkHit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link FusionProbe}'s sweep: the dumped lists reranked (text mode), fused, and fused and reranked (hybrid mode) as
 * {@link Searcher} does, in memory; {@code -Dcairn.fusion.rank.share=...} measures another rank share, and
 * {@code -Dprobe.tsv=FILE} writes each query's places (text, text list, fused list, hybrid) and its text list's top.
 */
final class FusionSweep {

    /** One query's lists as {@link Searcher}'s hybrid branch has them before fusing. */
    record Ctx(Query q, List<ChunkHit> text, List<ChunkHit> vector, Set<Long> textOnly, Set<Long> unserved) {}

    private static final Reranker RERANK = Reranker.lexical();
    private static final ModelSpec MODEL = ModelSpec.DEFAULT;

    private FusionSweep() {}

    static Map<String, Function<Ctx, List<ChunkHit>>> variants() {
        Map<String, Function<Ctx, List<ChunkHit>>> v = new LinkedHashMap<>();
        v.put("text", c -> RERANK.rerank(c.q().query(), c.text()));
        v.put("text-norerank", Ctx::text);
        v.put("hybrid-norerank", FusionSweep::fused);
        v.put("hybrid", c -> RERANK.rerank(c.q().query(), fused(c)));
        return v;
    }

    static List<ChunkHit> fused(Ctx c) {
        return HybridFusion.fuse(
                c.vector(), c.text(), c.textOnly(), c.unserved(), Searcher.Policy.DEFAULT.textWeight());
    }

    static Ctx ctx(Dump d, Query q) {
        List<ChunkHit> text = FusionProbe.hits(d, q.text());
        List<ChunkHit> vector = q.scriptUnserved() ? List.of() : FusionProbe.hits(d, q.vector());
        Set<Long> textOnly = Set.copyOf(q.textOnly());
        return new Ctx(q, text, vector, textOnly, HybridFusion.unserved(MODEL, vector, text, textOnly));
    }

    static void run(List<Dump> dumps, PrintStream out) {
        Map<String, Function<Ctx, List<ChunkHit>>> variants = variants();
        String tsv = System.getProperty("probe.tsv");
        List<String> rows = new ArrayList<>();
        for (Dump d : dumps) {
            List<Ctx> ctxs = d.queries().stream().map(q -> ctx(d, q)).toList();
            Map<String, int[]> places = new LinkedHashMap<>();
            for (var e : variants.entrySet()) {
                int[] p = new int[ctxs.size()];
                for (int i = 0; i < ctxs.size(); i++) {
                    p[i] = FusionProbe.place(
                            ctxs.get(i).q(), FusionProbe.documents(e.getValue().apply(ctxs.get(i))));
                }
                places.put(e.getKey(), p);
                FusionProbe.print(out, d.set() + " " + e.getKey(), p);
            }
            if (tsv != null) {
                for (int i = 0; i < ctxs.size(); i++) {
                    rows.add(row(d, ctxs.get(i), places, i));
                }
            }
        }
        if (tsv != null) {
            try {
                Files.write(Path.of(tsv), rows, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One query's places per variant and what its text list's top looks like. */
    private static String row(Dump d, Ctx c, Map<String, int[]> places, int i) {
        StringBuilder b = new StringBuilder(d.set()).append('\t').append(c.q().id());
        for (int[] p : places.values()) {
            b.append('\t').append(p[i]);
        }
        List<ChunkHit> t = c.text();
        double s1 = t.isEmpty() ? 0 : t.get(0).score();
        double s2 = t.size() < 2 ? 0 : t.get(1).score();
        // The second document's best score: the text list's first document against the next one.
        double sDoc2 = 0;
        for (ChunkHit h : t) {
            if (h.documentId() != t.get(0).documentId()) {
                sDoc2 = h.score();
                break;
            }
        }
        int vrank = 0;
        if (!t.isEmpty()) {
            for (int j = 0; j < c.vector().size(); j++) {
                if (c.vector().get(j).chunkId() == t.get(0).chunkId()) {
                    vrank = j + 1;
                    break;
                }
            }
        }
        boolean unservedQuery = HybridFusion.readsUnserved(MODEL, t);
        b.append(String.format(
                Locale.ROOT,
                "\t%.4f\t%.4f\t%.4f\t%d\t%d\t%s\t%s\t%d\t%s",
                s1,
                s2,
                sDoc2,
                vrank,
                c.vector().size(),
                unservedQuery,
                c.q().scriptUnserved(),
                t.size(),
                c.q().query().replace('\t', ' ').replace('\n', ' ')));
        return b.toString();
    }
}
