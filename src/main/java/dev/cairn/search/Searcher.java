package dev.cairn.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.embed.Embedder;
import dev.cairn.store.ChunkHit;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.HybridHits;
import dev.cairn.store.SearchScope;
import dev.cairn.store.SearchSettings;
import dev.cairn.store.StoredChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Finds the chunks that answer a question: vector top-N by cosine and full-text top-N fused ({@link HybridFusion}:
 * by rank, the text list mostly by its scores), at most a few chunks per document, each with a highlighted snippet.
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
            if (!(textWeight >= 0 && Double.isFinite(textWeight))) {
                throw new IllegalArgumentException(
                        "A search policy's text weight must be a number of 0 or more, not " + textWeight);
            }
        }
    }

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

    /** Up to {@code n} of the library's chunks with their vectors, spread over it: what a warm-up asks about. */
    List<StoredChunk> warmUpChunks(int n) {
        return store.chunksSpreadOver(n);
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
                yield waiting.isEmpty()
                        ? lists.vector()
                        : HybridFusion.fuse(lists.vector(), waiting, lists.textOnly(), Set.of(), 0);
            }
            case HYBRID -> {
                // Both lists at once, on two sessions (ChunkSearch), the text half while the query is embedded.
                HybridHits lists = store.hybridSearch(query, queryVector, n, scope, perDocument);
                // A query in a script the model does not read (Japanese, Chinese for the English models) fuses
                // no vectors: on the Debian Reference they cost Japanese and Chinese hybrid 0.12 to 0.26 R@10.
                List<ChunkHit> vector =
                        HybridFusion.scriptUnserved(embedder.model(), query) ? List.of() : lists.vector();
                Set<Long> unserved = HybridFusion.unserved(embedder.model(), vector, lists.text(), lists.textOnly());
                yield reranker.rerank(
                        query,
                        HybridFusion.fuse(vector, lists.text(), lists.textOnly(), unserved, policy.textWeight()));
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
