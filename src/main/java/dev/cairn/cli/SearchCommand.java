package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.platform.Phrase;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import dev.cairn.store.EmbeddingQueue;
import dev.cairn.store.SearchScope;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn search}: the passages that best match a question, or a file of questions. */
@Command(name = "search")
final class SearchCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Mixin
    ScopeOptions scopeOptions = new ScopeOptions();

    @Parameters(arity = "0..1", paramLabel = "QUESTION", descriptionKey = "opt.search.question")
    String question;

    @Option(names = "--queries", paramLabel = "FILE.jsonl", descriptionKey = "opt.search.queries")
    Path queries;

    @Option(names = "--top", defaultValue = "10", descriptionKey = "opt.search.top")
    int top;

    @Option(names = "--mode", defaultValue = "hybrid", descriptionKey = "opt.search.mode")
    String mode;

    @Option(names = "--json", descriptionKey = "opt.search.json")
    boolean json;

    @Option(names = "--answer", descriptionKey = "opt.search.answer")
    boolean answer;

    @Override
    public Integer call() throws Exception {
        if ((question == null) == (queries == null)) {
            throw new IllegalArgumentException(Words.get("search.questionOrQueries"));
        }
        Searcher.Mode m = Searcher.Mode.parse(mode);
        PrintStream out = System.out;
        SearchScope scope = scopeOptions.scope();
        try (Cairn cairn = Cairn.open(root.appDirs(), root.dbUrl())) {
            Searcher searcher = cairn.searcher();
            boolean scopeEmpty = !searcher.holdsDocuments(scope);
            if (scopeEmpty) {
                // Said once, up front: the searches below find nothing, and an empty list must not look like a bad
                // query.
                System.err.println(Words.get("search.scopeEmpty", Phrase.show(scope.describe())));
            }
            if (queries != null) {
                if (!Files.isRegularFile(queries)) {
                    throw new IllegalArgumentException(Words.get("search.noQueriesFile", queries));
                }
                try (BufferedReader in = Files.newBufferedReader(queries, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.isBlank()) {
                            continue;
                        }
                        JsonNode q = Json.read(line);
                        ObjectNode o = Json.object();
                        o.set("id", q.get("id"));
                        String query = q.path("query").asText();
                        long t0 = System.nanoTime();
                        List<SearchHit> hits = searcher.search(query, top, m, scope);
                        o.put("ms", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
                        if (answer) {
                            o.put("answer", searcher.answer(query, hits).text());
                        }
                        o.set("hits", hitsJson(hits));
                        out.println(Json.write(o));
                    }
                }
                // Standard output holds one JSON line per query; the cache's figures go beside it.
                cairn.cacheStats()
                        .ifPresent(st -> System.err.println(Words.get(
                                "search.cache",
                                st.hits(),
                                st.misses(),
                                st.hitRate() * 100,
                                st.storeHits(),
                                st.computed(),
                                st.entries(),
                                st.bytes() / 1e6,
                                st.maxBytes() / 1e6,
                                st.evictions())));
                return 0;
            }
            long t0 = System.nanoTime();
            List<SearchHit> hits = searcher.search(question, top, m, scope);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (json) {
                ObjectNode o = Json.object();
                o.put("query", question);
                o.put("mode", m.name().toLowerCase(Locale.ROOT));
                if (!scope.isAll()) {
                    o.put("scope", Phrase.english(scope.describe()));
                    o.put("scope_has_documents", !scopeEmpty);
                }
                o.put("ms", Math.round(ms * 10) / 10.0);
                EmbeddingQueue.Coverage semantic = cairn.store().embeddingCoverage();
                o.putObject("semantic_index")
                        .put("percent", semantic.percent())
                        .put("chunks_without_vectors", semantic.waiting())
                        .put("text", semantic.describe());
                o.set("hits", hitsJson(hits));
                out.println(Json.write(o));
            } else {
                if (hits.isEmpty() && !scopeEmpty) {
                    out.println(
                            scope.isAll()
                                    ? Words.get("search.none")
                                    : Words.get("search.noneInScope", Phrase.show(scope.describe())));
                }
                for (int i = 0; i < hits.size(); i++) {
                    SearchHit h = hits.get(i);
                    out.println(Words.get(
                            "search.hit",
                            String.format("%2d", i + 1),
                            h.path(),
                            h.whereabouts().isEmpty() ? "" : ", " + Phrase.show(h.whereabouts()),
                            h.score()));
                    out.println("    " + h.snippet().marked("\u001b[1m", "\u001b[0m"));
                }
                out.println(Words.get("search.hits", hits.size(), ms));
            }
            return 0;
        }
    }

    static ArrayNode hitsJson(List<SearchHit> hits) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (SearchHit h : hits) {
            ObjectNode o = arr.addObject();
            o.put("document", h.path());
            o.put("document_id", h.documentId());
            if (h.title() != null) {
                o.put("title", h.title());
            }
            if (h.page() == null) {
                o.putNull("page");
            } else {
                o.put("page", h.page());
            }
            if (h.place() != null) {
                o.put("place", Phrase.english(h.place()));
            }
            if (h.partOf() != null) {
                o.put("part_of", Phrase.english(h.partOf()));
            }
            if (h.language() != null) {
                o.put("language", h.language());
            }
            o.put("score", h.score());
            o.put("char_start", h.charStart());
            o.put("char_end", h.charEnd());
            o.put("text", h.text());
            o.put("snippet", h.snippet().text());
        }
        return arr;
    }
}
