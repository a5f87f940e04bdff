package dev.cairn.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents and their chunks in PostgreSQL, the one door to them for the rest of Cairn: writes
 * (upsert, atomic chunk replacement by binary COPY, a document streamed in by
 * {@link #beginDocument}, failure, deletion), and the retrievals search builds on (vector top-k by
 * cosine distance, full-text top-k, both in one round trip). Thread-safe: every write takes its
 * own connection; searches borrow one of a few warm ones ({@link WarmConnections}).
 *
 * <p>The work is done by package-private parts that share one {@link StoreSessions}:
 * {@link DocumentTable} (the documents' rows), {@link ChunkWrites} (chunks on their way in),
 * {@link ChunkTable} (chunks read back, vectors filled in), {@link ChunkSearch} with
 * {@link SearchSql} (the retrievals). This class wires them, keeps the settings that approximate
 * indexes search with, and counts writes ({@link #generation()}).
 *
 * <p>Vectors are only ever written for the active model ({@link ModelRegistry}) and only
 * searched among chunks of that model, so two vector spaces never mix.
 */
public final class ChunkStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkStore.class);
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final StoreSessions sessions;
    private final DocumentTable documents;
    private final ChunkWrites writes;
    private final ChunkTable chunks;
    private final ChunkSearch search;
    private volatile SearchSettings settings;

    public ChunkStore(DataSource dataSource) {
        this.sessions = new StoreSessions(Objects.requireNonNull(dataSource, "dataSource"), this::searchSettings);
        this.documents = new DocumentTable(sessions);
        this.writes = new ChunkWrites(sessions);
        this.chunks = new ChunkTable(sessions);
        this.search = new ChunkSearch(sessions);
        // A store dropped without close() still gives its sessions back once collected.
        CLEANER.register(this, sessions.reads()::close);
    }

    // ---- documents -------------------------------------------------------------------------------

    /**
     * Inserts or updates the document at {@code info.path()}. It stays {@link DocumentStatus#INDEXED}
     * when it was indexed and its content hash is unchanged (only its metadata is refreshed);
     * otherwise it becomes {@link DocumentStatus#QUEUED}, its old chunks kept until
     * {@link #replaceChunks} swaps them. The returned status tells the caller whether to index it.
     */
    public DocumentRecord upsertDocument(DocumentInfo info) {
        return documents.upsert(info);
    }

    /**
     * Records that a document could not be indexed, creating its row if needed. Its chunks are
     * deleted in the same transaction: they described content the library no longer holds.
     */
    public DocumentRecord markFailed(DocumentInfo info, String reason) {
        return documents.markFailed(info, reason);
    }

    /** Marks a stored document failed with {@code reason} and deletes its chunks; empty if it does not exist. */
    public Optional<DocumentRecord> markFailed(long documentId, String reason) {
        return documents.markFailed(documentId, reason);
    }

    /** The document at {@code path}; on a warm session, so an import may ask once per file. */
    public Optional<DocumentRecord> findByPath(String path) {
        return documents.findByPath(path);
    }

    public Optional<DocumentRecord> findById(long documentId) {
        return documents.findById(documentId);
    }

    /** The documents inside a document's file (an e-mail's attachments), by path; none for most. */
    public List<DocumentRecord> partsOf(long documentId) {
        return documents.partsOf(documentId);
    }

    /** Every document, by path. */
    public List<DocumentRecord> listDocuments() {
        return documents.list();
    }

    /** Deletes a document and, by cascade, its chunks; false when there was none. */
    public boolean deleteDocument(long documentId) {
        return documents.delete(documentId);
    }

    /** Deletes the document at {@code path} and its chunks; false when there was none. */
    public boolean deleteByPath(String path) {
        return documents.deleteByPath(path);
    }

    // ---- chunks ----------------------------------------------------------------------------------

    /**
     * Replaces all chunks of a document with {@code chunks} and marks it indexed, in one
     * transaction: a reader sees the old chunks or the new ones, never a mix or none in between.
     * The new chunks travel by binary COPY.
     *
     * @param modelId the model that computed the embeddings; must be the active model
     * @throws IllegalStateException    when {@code modelId} is not the active model
     * @throws IllegalArgumentException when an embedding's dimension is not the model's
     * @throws StoreException           when the document does not exist (any more) or the database fails
     */
    public DocumentRecord replaceChunks(long documentId, String modelId, List<NewChunk> chunks) {
        return writes.replace(documentId, modelId, chunks);
    }

    /**
     * Starts writing one document's chunks as they arrive, without holding them all: one
     * transaction records the document, deletes its old chunks and opens a binary COPY that
     * {@link DocumentWrite#append} feeds piece by piece. Only {@link DocumentWrite#commit} makes
     * any of it visible; closing the write uncommitted (a failure, a cancel) or a crash of the
     * process rolls all of it back, so a document is never half-stored and its old chunks stay
     * until the new ones are complete. The write holds a database session: one thread at a time,
     * and close it.
     *
     * @param info    the document as known before parsing; {@link DocumentWrite#commit} may refine
     *                its media type, page count and title
     * @param modelId the model that computes the embeddings; must stay the active model until commit
     * @throws IllegalStateException when {@code modelId} is not the active model
     * @throws StoreException        when the database fails
     */
    public DocumentWrite beginDocument(DocumentInfo info, String modelId) {
        return writes.begin(info, modelId);
    }

    /** The chunks of a document in order, with their vectors. */
    public List<StoredChunk> chunksOf(long documentId) {
        return chunks.chunksOf(documentId);
    }

    /** How many chunks each document has, in one query (documents without chunks are absent). */
    public Map<Long, Integer> chunkCounts() {
        return chunks.counts();
    }

    /**
     * The chunks that wait for their vectors, for the one thread that embeds them (the caller
     * closes it). Vectors stored through it count as writes of this store ({@link #generation}).
     */
    public EmbeddingQueue embeddingQueue() {
        return new EmbeddingQueue(sessions.dataSource(), sessions::vectorsChanged);
    }

    /** Claims on files for one import, so that imports running at once parse each file once (the caller closes it). */
    public PathClaims pathClaims() {
        return new PathClaims(sessions.dataSource());
    }

    /** Whether any chunk still waits for its vector; one probe of a small index. */
    public boolean anyChunkWithoutVector() {
        return chunks.anyWithoutVector();
    }

    /** How many chunks the library has and how many still wait for a vector. */
    public EmbeddingQueue.Coverage embeddingCoverage() {
        return sessions.reads().withConnection("count the chunks without vectors", EmbeddingQueue::coverage);
    }

    /**
     * Up to {@code limit} chunks without a vector of the active model, oldest first: the work the
     * background embedding stage has left, after an import or a model switch ({@link EmbeddingQueue}).
     */
    public List<StoredChunk> staleChunks(int limit) {
        return chunks.stale(limit);
    }

    /**
     * Up to {@code n} chunks that have a vector of the active model, spread evenly over the library (by id,
     * so over the order it was imported in): samples of its own text for a search warm-up to ask. Where the
     * chunks of a step still wait for their vectors it gives none, so a library still embedding gives fewer.
     */
    public List<StoredChunk> chunksSpreadOver(int n) {
        return chunks.spread(n);
    }

    /**
     * Stores re-computed vectors of existing chunks and moves them to {@code modelId}, which must
     * be the active model. Chunks deleted meanwhile are skipped.
     *
     * @return how many chunks were updated
     */
    public int updateEmbeddings(String modelId, Map<Long, float[]> embeddingsByChunkId) {
        return chunks.updateEmbeddings(modelId, embeddingsByChunkId);
    }

    /**
     * Refreshes the statistics of the chunks: folds the exact word counts full-text ranking reads
     * ({@link SearchSql#textCte}; each import adds rows to them) and runs {@code ANALYZE chunks} for
     * the planner (a sample of at most 30,000 chunks; autovacuum does it too, once it gets round to
     * it). Blocks while it runs; a call while another runs returns at once, and the running one then
     * analyses once more. Never waits for a vector index build: returns false, having analysed nothing.
     */
    public boolean refreshStatistics() {
        return chunks.analyze();
    }

    /** How many chunks the statistics were last refreshed on (here or by autovacuum); -1 when never since made or emptied. */
    public long analysedChunks() {
        return chunks.analysedChunks();
    }

    // ---- retrieval -------------------------------------------------------------------------------

    /**
     * The {@code k} chunks nearest to {@code query} by cosine distance among the chunks of the
     * active model; {@link ChunkHit#score()} is the cosine similarity. Exact unless an
     * approximate index exists on the vector column, which then searches with the current
     * {@link #searchSettings()}. One round trip on a warm connection.
     *
     * @throws IllegalStateException    when no model is active
     * @throws IllegalArgumentException when the query's dimension is not the active model's
     */
    public List<ChunkHit> vectorSearch(float[] query, int k) {
        return search.vector(query, k, null);
    }

    /** {@link #vectorSearch(float[], int)} among the chunks of {@code scope}'s documents only (null: all). */
    public List<ChunkHit> vectorSearch(float[] query, int k, long[] scope) {
        return search.vector(query, k, scope);
    }

    /**
     * The {@code k} chunks that best match {@code query} by full text in the library's languages, ranked
     * by {@code ts_rank_cd}. The query uses web-search syntax: words, {@code "phrases"}, {@code or},
     * {@code -excluded}; it never fails on user input. Identifiers match whole and by their parts,
     * and a heading's words weigh more than the text's (docs/decisions/0020). On a large
     * library a plain-words query ranks only the matches of its rarer words ({@link SearchSql#textCte}).
     */
    public List<ChunkHit> fullTextSearch(String query, int k) {
        return search.fullText(query, k, null, 0);
    }

    /**
     * {@link #fullTextSearch(String, int)} among the chunks of {@code scope}'s documents only (null: all),
     * at most {@code perDocument} of them from one document (0: any number; docs/decisions/0025-languages.md).
     */
    public List<ChunkHit> fullTextSearch(String query, int k, long[] scope, int perDocument) {
        return search.fullText(query, k, scope, perDocument);
    }

    /**
     * {@link #vectorSearch} and {@link #fullTextSearch} with the same arguments, in one SQL
     * statement and one round trip: both top-{@code k} lists come back as rows tagged with their
     * list and rank, to be fused by the caller.
     */
    public HybridHits hybridSearch(String text, float[] vector, int k) {
        return search.hybrid(text, () -> vector, k, null, 0);
    }

    /**
     * {@link #hybridSearch(String, float[], int)} in {@code scope} (null: all), the text list capped as in
     * {@link #fullTextSearch(String, int, long[], int)}; the text half runs while {@code vector} embeds.
     */
    public HybridHits hybridSearch(String text, Supplier<float[]> vector, int k, long[] scope, int perDocument) {
        return search.hybrid(text, vector, k, scope, perDocument);
    }

    /**
     * The server's planning and execution time of {@link #hybridSearch}'s statement (its text list capped
     * at {@code perDocument}), or of {@link #vectorSearch}'s when {@code text} is null: where a search's
     * time goes (the benchmark).
     */
    public ServerTime explainSearch(String text, float[] vector, int k, int perDocument) {
        return search.explain(text, vector, k, null, perDocument);
    }

    /** One trivial statement on a warm search session (what every search pays); the answering server process's id. */
    public int roundTrip() {
        return search.roundTrip();
    }

    /** The ids of the indexed documents in {@code scope}, ascending; empty when none is. */
    public long[] documentsIn(SearchScope scope) {
        long generation = sessions.documentGeneration(); // read first: a write meanwhile makes it stale, never wrong
        SearchScope.Documents in =
                sessions.reads().withConnection("find the documents in the search's scope", scope::documents);
        search.resolved(in, generation);
        return in.ids();
    }

    // ---- search settings, index and stats --------------------------------------------------------

    /** The settings approximate indexes search with on this store's connections. */
    public SearchSettings searchSettings() {
        SearchSettings s = settings;
        if (s == null) {
            s = Jdbc.withConnection(sessions.dataSource(), "read the vector search settings", SearchSettings::current);
            settings = s;
        }
        return s;
    }

    /**
     * Searches from now on with {@code next}. With {@code persist}, also makes them the
     * database's default for new sessions ({@code ALTER DATABASE ... SET}), so the next start of
     * Cairn keeps them; a server where this user may not alter the database keeps them for this
     * process only, with a warning in the log.
     */
    public void useSearchSettings(SearchSettings next, boolean persist) {
        Objects.requireNonNull(next, "next");
        if (persist) {
            try {
                Jdbc.withConnection(sessions.dataSource(), "keep the vector search settings", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute(
                                "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET hnsw.ef_search = " + next.efSearch()
                                        + "', current_database()); EXECUTE format('ALTER DATABASE %I SET ivfflat.probes = "
                                        + next.probes() + "', current_database()); END $$");
                    }
                    return null;
                });
            } catch (StoreException e) {
                LOG.warn("Vector search settings {} apply to this run only: {}", next, e.getMessage());
            }
        }
        settings = next;
        sessions.changed();
    }

    /**
     * Replaces the approximate index on the vector column with {@code index} (or drops it for
     * {@link VectorIndex.None}), in one transaction. Building takes a lock that blocks chunk
     * writes, not searches, for as long as the build runs.
     */
    public void useVectorIndex(VectorIndex index) {
        Objects.requireNonNull(index, "index");
        sessions.written(Jdbc.inTransaction(sessions.dataSource(), "build the vector index " + index, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DROP INDEX IF EXISTS " + VectorIndex.NAME);
                String create = VectorIndex.createStatement(index);
                if (create != null) {
                    st.execute(create);
                }
            }
            return null;
        }));
    }

    /** The definition of the current approximate vector index, as PostgreSQL prints it; empty when there is none. */
    public Optional<String> vectorIndexDefinition() {
        return Jdbc.withConnection(sessions.dataSource(), "read the vector index", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?")) {
                ps.setString(1, VectorIndex.NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Row counts and on-disk sizes of Cairn's tables and the database. */
    public StoreStats stats() {
        return Jdbc.withConnection(sessions.dataSource(), "measure the database", StoreStats::measure);
    }

    /**
     * A number that changes after every write through this store (documents, chunks, index,
     * search settings): a result computed at one generation is still right while it holds.
     * Writes by other processes are not seen.
     */
    public long generation() {
        return sessions.generation();
    }

    /**
     * Like {@link #generation()}, but not moved by vectors or the vector index: what documents the
     * library holds, and which are in a scope, is still right while it holds (while a library is
     * embedded, every batch of vectors moves the generation and leaves this one).
     */
    public long documentGeneration() {
        return sessions.documentGeneration();
    }

    /**
     * For chunks or an index changed by another path (the tuner's concurrent build, vectors filled
     * in by {@link EmbeddingQueue}): cached results are stale.
     */
    void indexChanged() {
        sessions.vectorsChanged();
    }

    /** Closes the kept write session and the warm search connections. */
    @Override
    public void close() {
        writes.close();
        sessions.reads().close();
    }
}
