package dev.cairn.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.embed.Embedder;
import dev.cairn.embed.ModelSpec;
import dev.cairn.store.ChunkHit;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.HybridHits;
import dev.cairn.store.SearchScope;
import dev.cairn.store.SearchSettings;
import dev.cairn.text.Languages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Finds the chunks that answer a question: vector top-N by cosine and full-text top-N fused by
 * Reciprocal Rank Fusion, at most a few chunks per document, each with a highlighted snippet.
 */
public final class Searcher {

    /** Which retrievals run; vector-only and text-only stay available for comparison. */
    public enum Mode {
        HYBRID,
        VECTOR,
        TEXT;

        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @param candidates how many chunks each retrieval contributes to the fusion
     * @param perDocument at most this many chunks of one document in the final list
     * @param snippetChars the longest snippet
     * @param textWeight the full-text list's weight in the fusion, the vector list's being 1
     * @param textPerDocument at most this many chunks of one document in the full-text candidates (0: any
     *     number), so that a few long documents rich in a query's common words do not fill them
     */
    public record Policy(int candidates, int perDocument, int snippetChars, double textWeight, int textPerDocument) {
        /**
         * Text votes at the vector list's weight: once each ranking word counted by itself (saturated), full text
         * ranked as well as the vectors, and 1.0 beat 0.5 on the SQuAD kit, the Python documentation set and five
         * of the Debian Reference's seven languages (docs/decisions/0025-languages.md, addendum stop 22, lead;
         * 0.5 from 0020, 0.3 before, 0005).
         * Two text candidates a document: measured on the Debian Reference in seven languages, the SQuAD
         * kit and the Python documentation set (docs/decisions/0025-languages.md).
         */
        public static final Policy DEFAULT = new Policy(50, 3, 240, 1.0, 2);

        public Policy {
            if (candidates < 1 || perDocument < 1 || snippetChars < 1 || textPerDocument < 0) {
                throw new IllegalArgumentException("A search policy needs candidates, chunks a document and snippet"
                        + " characters of 1 or more, and text candidates a document of 0 (any) or more; got "
                        + candidates + ", " + perDocument + ", " + snippetChars + ", " + textPerDocument);
            }
        }
    }

    /** System property: {@link #UNSERVED_VECTOR_WEIGHT} for measuring. */
    static final String UNSERVED_WEIGHT_PROPERTY = "cairn.unserved.weight";

    /**
     * The vector list's weight where the model does not read the language (a chunk in such a language, or any chunk
     * for a query in one: {@link #unserved}): 0.15 of a served vector vote. Swept on the Debian Reference in seven
     * languages with the text list at 0.5, and measured again with it at 1 (docs/decisions/0025-languages.md, addenda
     * stops 21 and 22).
     */
    static final double UNSERVED_VECTOR_WEIGHT = unservedWeight(System.getProperty(UNSERVED_WEIGHT_PROPERTY, "0.15"));

    /** How many of the text list's first chunks tell the language a query's words are in ({@link #readsUnserved}). */
    static final int QUERY_LANGUAGE_CHUNKS = 10;

    /** Recent results kept: a user re-running or paging a query, the UI re-rendering. */
    private static final int CACHED_RESULTS = 256;

    /** How long a scope's documents are kept at most, whatever this store wrote. */
    static final Duration SCOPE_FRESHNESS = Duration.ofSeconds(5);

    /** A scope's documents as of a document generation of the store: asked again, no round trip. */
    private record ScopeKey(SearchScope scope, long generation) {}

    /**
     * A result is valid for its query, mode and size at one store generation and index setting;
     * any write bumps the generation, so an entry of an older one is never looked up again.
     */
    private record Key(String query, Mode mode, int top, long generation, SearchSettings settings, SearchScope scope) {}

    private final ChunkStore store;
    private final Embedder embedder;
    private final Policy policy;
    private final Reranker reranker;
    private final Cache<Key, List<SearchHit>> results;
    private final Cache<ScopeKey, long[]> scopes;

    /** Whether chunks waited for their vector, as of a generation of the store (one look per write). */
    private record Waiting(long generation, boolean any) {}

    private volatile Waiting waiting = new Waiting(-1, true);

    /** Searches asked through the public methods: a {@link SearchWarmup} stops when this moves. */
    private final AtomicLong asked = new AtomicLong();

    /** A searcher that reorders its fused candidates with the default rerank ({@link LexicalRerank}). */
    public Searcher(ChunkStore store, Embedder embedder, Policy policy) {
        this(store, embedder, policy, Reranker.lexical());
    }

    /** A searcher whose hybrid and full-text candidates {@code reranker} reorders ({@link Reranker#NONE}: fusion's order). */
    public Searcher(ChunkStore store, Embedder embedder, Policy policy, Reranker reranker) {
        this.store = Objects.requireNonNull(store);
        this.embedder = Objects.requireNonNull(embedder);
        this.policy = Objects.requireNonNull(policy);
        this.reranker = Objects.requireNonNull(reranker);
        this.results = Caffeine.newBuilder()
                .maximumSize(CACHED_RESULTS)
                .executor(Runnable::run)
                .build();
        // Kept for a few seconds at most: documents another process adds (a `cairn ingest` beside the
        // window) move no generation of this store, and would otherwise stay out of a scope until this
        // process wrote a document itself.
        this.scopes = Caffeine.newBuilder()
                .maximumSize(16)
                .expireAfterWrite(SCOPE_FRESHNESS)
                .executor(Runnable::run)
                .build();
    }

    /** The query's vector, through the embedder's cache. */
    public float[] queryVector(String query) {
        return embedder.embedQuery(query);
    }

    /**
     * The best {@code top} hits for {@code query}. A query asked again before any write to the
     * store is answered from memory, without the model or the database.
     */
    public List<SearchHit> search(String query, int top, Mode mode) {
        return search(query, top, mode, SearchScope.ALL);
    }

    /** {@link #search(String, int, Mode)} within {@code scope}: nothing when no document is in it. */
    public List<SearchHit> search(String query, int top, Mode mode, SearchScope scope) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        asked.incrementAndGet();
        // The generation is read before searching: a write that lands meanwhile bumps it, and
        // this result, cached under the older one, is never served after that write.
        Key key = new Key(query, mode, top, store.generation(), store.searchSettings(), scope);
        List<SearchHit> cached = results.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        long[] documents = scope.isAll() ? null : documentsIn(scope);
        if (documents != null && documents.length == 0) {
            return List.of();
        }
        // The query is embedded only when a retrieval asks for its vector: a hybrid search's text half runs meanwhile.
        List<SearchHit> hits = List.copyOf(search(query, () -> queryVector(query), top, mode, documents));
        results.put(key, hits);
        return hits;
    }

    /** Whether any document is in {@code scope} (the whole library always is): one look, kept until the next write. */
    public boolean holdsDocuments(SearchScope scope) {
        return scope.isAll() || documentsIn(scope).length > 0;
    }

    /** A scope's documents, looked up once while no document is written (vectors written meanwhile leave them). */
    private long[] documentsIn(SearchScope scope) {
        return scopes.get(new ScopeKey(scope, store.documentGeneration()), k -> store.documentsIn(k.scope()));
    }

    /** Searches with a query vector already computed (the answerer reuses it). */
    public List<SearchHit> search(String query, float[] queryVector, int top, Mode mode) {
        asked.incrementAndGet();
        return search(query, () -> queryVector, top, mode, null);
    }

    /** How many searches were asked of this searcher, the warm-up's aside. */
    long searchesAsked() {
        return asked.get();
    }

    /** The query's vector from the model itself, no cache read or filled. */
    float[] freshQueryVector(String query) {
        return embedder.embedQueryAfresh(query);
    }

    /** A hybrid top 10 of the whole library as a person's would run, with no result cache read or filled. */
    void warmUp(String query, float[] vector) {
        search(query, () -> vector, 10, Mode.HYBRID, null);
    }

    private List<SearchHit> search(String query, Supplier<float[]> queryVector, int top, Mode mode, long[] scope) {
        int n = Math.max(policy.candidates(), top * 3);
        int perDocument = textPerDocument(scope, n);
        List<ChunkHit> ranked = switch (mode) {
            case TEXT -> reranker.rerank(query, store.fullTextSearch(query, n, scope, perDocument));
            case VECTOR -> {
                if (!anyChunkWithoutVector()) {
                    yield store.vectorSearch(queryVector.get(), n, scope);
                }
                // Chunks still waiting for their vector (progressive indexing) are ranked by their
                // words meanwhile, fused with the vector list: their text rank stands in for a vector rank.
                HybridHits lists = store.hybridSearch(query, queryVector, n, scope, perDocument);
                List<ChunkHit> waiting = lists.text().stream()
                        .filter(h -> lists.textOnly().contains(h.chunkId()))
                        .toList();
                yield waiting.isEmpty() ? lists.vector() : fuse(lists.vector(), waiting, lists.textOnly(), Set.of(), 0);
            }
            case HYBRID -> {
                // Both lists at once, on two sessions (ChunkSearch), the text half while the query is embedded.
                HybridHits lists = store.hybridSearch(query, queryVector, n, scope, perDocument);
                // A query in a script the model does not read (Japanese, Chinese for the English models) fuses
                // no vectors: on the Debian Reference they cost Japanese and Chinese hybrid 0.12 to 0.26 R@10.
                List<ChunkHit> vector = queryUnserved(query) ? List.of() : lists.vector();
                Set<Long> unserved = unserved(embedder.model(), vector, lists.text(), lists.textOnly());
                yield reranker.rerank(
                        query, fuse(vector, lists.text(), lists.textOnly(), unserved, policy.textWeight()));
            }
        };
        List<ChunkHit> capped = RankFusion.capPerGroup(ranked, ChunkHit::documentId, policy.perDocument(), top);
        List<String> terms = QueryTerms.of(query);
        List<SearchHit> hits = new ArrayList<>(capped.size());
        for (ChunkHit h : capped) {
            hits.add(SearchHit.of(h, Snippet.of(h.text(), terms, policy.snippetChars())));
        }
        return hits;
    }

    /**
     * The full-text candidates' cap a document for a search of {@code n} candidates in {@code scope} (null:
     * the whole library): the policy's, but none where too few documents are searched to fill the list
     * under it (a search inside one document or a handful, or a library of a few documents, gets all of
     * their passages by words). The library's documents are looked up again only after a document is written.
     */
    int textPerDocument(long[] scope, int n) {
        int cap = policy.textPerDocument();
        if (cap == 0) {
            return 0;
        }
        long documents = scope != null ? scope.length : documentsIn(SearchScope.ALL).length;
        return documents * cap < n ? 0 : cap;
    }

    /**
     * Whether any chunk still waits for its vector: asked of the store once per generation, since on a
     * library with none waiting the question reads the whole table, which cost more than the vector
     * search itself (docs/decisions/0026). A write bumps the generation, so a new chunk is seen at once.
     */
    private boolean anyChunkWithoutVector() {
        long generation = store.generation();
        Waiting known = waiting;
        if (known.generation() != generation) {
            known = new Waiting(generation, store.anyChunkWithoutVector());
            waiting = known;
        }
        return known.any();
    }

    /**
     * The vector hits whose vote {@link #UNSERVED_VECTOR_WEIGHT} discounts (docs/decisions/0025-languages.md): none
     * for a model of any language ({@code *}); every one for a query whose words are in a language the model does
     * not serve ({@link #readsUnserved}: a vector is only as good as the model's reading of both texts, and it reads
     * such a query no better against an English chunk than against a French one); else the chunks read with another
     * language's configuration than the model's. A text hit in {@code textOnly} (still waiting for its vector)
     * counts too: its text rank votes in the vector's stead ({@link #fuse}), discounted alike.
     */
    static Set<Long> unserved(ModelSpec model, List<ChunkHit> vector, List<ChunkHit> text, Set<Long> textOnly) {
        if (model.serves(ModelSpec.ANY_LANGUAGE)) {
            return Set.of();
        }
        boolean query = readsUnserved(model, text);
        Set<Long> out = new HashSet<>();
        for (ChunkHit h : vector) {
            if (query || !serves(model, h)) {
                out.add(h.chunkId());
            }
        }
        for (ChunkHit h : text) {
            if (textOnly.contains(h.chunkId()) && (query || !serves(model, h))) {
                out.add(h.chunkId());
            }
        }
        return out;
    }

    /**
     * Whether a query's words are in a language the model does not serve: most of the text list's first
     * {@link #QUERY_LANGUAGE_CHUNKS} chunks are. The text half read the query in each of the library's languages
     * and found the chunks holding its words, so their languages are the query's, where a detector reading a
     * heading of three words is often wrong (docs/decisions/0025-languages.md). A library of the model's languages
     * alone never reads so.
     */
    static boolean readsUnserved(ModelSpec model, List<ChunkHit> text) {
        List<ChunkHit> first = text.subList(0, Math.min(QUERY_LANGUAGE_CHUNKS, text.size()));
        long unserved = first.stream().filter(h -> !serves(model, h)).count();
        return 2 * unserved > first.size();
    }

    /** {@code value} as a weight from 0 (the vectors do not vote) to 1 (as a served language's). */
    static double unservedWeight(String value) {
        double weight;
        try {
            weight = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            weight = Double.NaN;
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException(
                    UNSERVED_WEIGHT_PROPERTY + " must be a number from 0 to 1, was " + value);
        }
        return weight;
    }

    /** Whether the query's script names a language the active model does not serve. */
    private boolean queryUnserved(String query) {
        ModelSpec model = embedder.model();
        return Languages.byScript(query)
                .filter(g -> !model.serves(g.language()))
                .isPresent();
    }

    /** Whether the model serves a chunk's language: its stemmer's, or for {@code simple} its document's. */
    static boolean serves(ModelSpec model, ChunkHit hit) {
        return Languages.languageOf(hit.textConfig())
                .map(model::serves)
                .orElseGet(() -> hit.language() != null && model.serves(hit.language()));
    }

    /**
     * Reciprocal-rank fusion of the vector and text lists, scaled so that a chunk ranked first by
     * both scores 1 (less the vector list's floor, below). A chunk in {@code textOnly} has no vector yet: its
     * text rank stands in for the vector rank it cannot have, so it is not ranked below chunks that merely have
     * one. A chunk in {@code unserved} is in a language the model was not trained on, or the query is: its
     * vector rank (or the text rank standing in for it) votes at {@link #UNSERVED_VECTOR_WEIGHT}, less than a text
     * rank.
     *
     * <p>The vector list ranks every chunk and is cut at its length, so a chunk missing from it ranks below its
     * last: each vector vote counts only what it gives above the vote of the place after the last (the floor).
     * Counted whole, merely being in both lists outvoted the text list's order: a chunk at the text list's fifth
     * place and the vector list's fiftieth rose above the text list's first (docs/decisions/0025-languages.md,
     * addendum stop 22).
     */
    public static List<ChunkHit> fuse(
            List<ChunkHit> vector, List<ChunkHit> text, Set<Long> textOnly, Set<Long> unserved, double textWeight) {
        double best = (1 + textWeight) / (RankFusion.DEFAULT_K + 1);
        double floor = 1.0 / (RankFusion.DEFAULT_K + vector.size() + 1);
        Map<Long, Double> extra = new HashMap<>();
        for (int i = 0; i < text.size(); i++) {
            long id = text.get(i).chunkId();
            if (textOnly.contains(id)) {
                double weight = unserved.contains(id) ? UNSERVED_VECTOR_WEIGHT : 1;
                extra.put(id, weight * Math.max(0, 1.0 / (RankFusion.DEFAULT_K + i + 1) - floor));
            }
        }
        List<ChunkHit> fused = new ArrayList<>();
        for (var f : RankFusion.fuse(
                List.of(vector, text), new double[] {1.0, textWeight}, ChunkHit::chunkId, RankFusion.DEFAULT_K)) {
            ChunkHit h = f.item();
            double discount = 0;
            if (f.ranks()[0] > 0) {
                double vote = 1.0 / (RankFusion.DEFAULT_K + f.ranks()[0]);
                double weight = unserved.contains(h.chunkId()) ? UNSERVED_VECTOR_WEIGHT : 1;
                discount = vote - weight * (vote - floor);
            }
            double score = (f.score() + extra.getOrDefault(h.chunkId(), 0.0) - discount) / best;
            fused.add(h.withScore(score));
        }
        fused.sort(java.util.Comparator.comparingDouble(ChunkHit::score).reversed());
        return fused;
    }

    /** Searches and answers extractively from the top hits. */
    public Answer ask(String question, int top, Mode mode) {
        return ask(question, top, mode, SearchScope.ALL);
    }

    /** Searches within {@code scope} and answers extractively from the top hits. */
    public Answer ask(String question, int top, Mode mode, SearchScope scope) {
        return answer(question, search(question, top, mode, scope));
    }

    /** Answers extractively from hits already found (the query's vector comes from the embedder's cache). */
    public Answer answer(String question, List<SearchHit> hits) {
        return new ExtractiveAnswerer(embedder::embedAll, ExtractiveAnswerer.Policy.DEFAULT)
                .answer(question, queryVector(question), hits);
    }
}
