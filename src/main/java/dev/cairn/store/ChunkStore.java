package dev.cairn.store;

import com.pgvector.PGvector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents and their chunks in PostgreSQL: writes (upsert, atomic chunk replacement by binary
 * COPY, a document streamed in by {@link #beginDocument}, failure, deletion), and the two retrievals search builds on (vector top-k by cosine
 * distance, full-text top-k, both in one round trip). Thread-safe: every write takes its own
 * connection; searches borrow one of a few warm ones ({@link WarmConnections}).
 *
 * <p>Vectors are only ever written for the active model ({@link ModelRegistry}) and only
 * searched among chunks of that model, so two vector spaces never mix.
 */
public final class ChunkStore implements AutoCloseable {

    private static final String DOCUMENT_COLUMNS = """
            id, path, content_sha256, media_type, size_bytes, mtime, status, error, page_count, title,
            created_at, updated_at""";

    private static final String COPY_CHUNKS = """
            COPY chunks (document_id, ordinal, text, heading, page, char_start, char_end, token_count, model_id, embedding)
            FROM STDIN (FORMAT BINARY)""";
    private static final int COPY_FIELDS = 10;

    private static final String CHUNK_COLUMNS = """
            c.id, c.document_id, c.ordinal, c.text, c.heading, c.page, c.char_start, c.char_end, c.token_count,
            c.model_id, c.embedding""";

    private static final String HIT_COLUMNS = """
            c.id, c.document_id, d.path, d.title, c.heading, c.page, c.char_start, c.char_end, c.text""";

    /**
     * The active model's vector top-k, by itself in a subquery so that an HNSW or IVFFlat index can
     * serve its ORDER BY ... LIMIT; parameters: the query vector, the limit.
     */
    private static String vectorCte(long[] scope) {
        if (exactScope(scope)) {
            // A few documents: their chunks ranked exactly, found through the document index (OFFSET 0
            // keeps the planner from an approximate index scan, which may stop before it reaches them).
            return """
                    v AS (SELECT id, dist FROM (SELECT c.id, c.embedding <=> ? AS dist FROM chunks c
                              WHERE c.model_id = (SELECT model_id FROM models WHERE active) AND c.embedding IS NOT NULL
                                AND c.document_id = ANY(?) OFFSET 0) s
                          ORDER BY dist LIMIT ?)
                    """;
        }
        // Many documents: the approximate index, scanning on until enough chunks pass the filter
        // (pgvector's iterative scan).
        return """
                v AS (SELECT c.id, c.embedding <=> ? AS dist FROM chunks c
                      WHERE c.model_id = (SELECT model_id FROM models WHERE active) AND c.embedding IS NOT NULL SCOPE
                      ORDER BY dist LIMIT ?)
                """.replace("SCOPE", scopeFilter(scope));
    }

    /** Whether {@link #vectorCte} ranks the scope's chunks exactly, with its documents bound as a parameter. */
    private static boolean exactScope(long[] scope) {
        return scope != null && scope.length <= EXACT_SCOPE_DOCUMENTS;
    }

    /**
     * A large scope's documents written into the statement, not bound: with a bound array the server
     * soon plans the statement once for any array, and for half the library that generic plan ranked
     * every chunk exactly (17 ms instead of 5). The ids are numbers, so nothing can be injected. A
     * small scope stays bound (its plan goes through the document index either way, and a long
     * literal costs planning time).
     */
    private static String scopeFilter(long[] scope) {
        if (scope == null) {
            return "";
        }
        StringBuilder ids = new StringBuilder(" AND c.document_id = ANY('{");
        for (int i = 0; i < scope.length; i++) {
            ids.append(i == 0 ? "" : ",").append(scope[i]);
        }
        return ids.append("}'::bigint[])").toString();
    }

    /**
     * How many chunks the words a plain-words full-text query keeps may be expected to match; the
     * commoner words only weigh in the ranking ({@link #textCte}). A few milliseconds of
     * {@code ts_rank_cd} at most; measured in docs/decisions/0005-hybrid-retrieval.md.
     */
    static final int TEXT_RANK_BUDGET = 500;

    /** The most chunks a query of only common words ranks ({@link #textCte}). */
    static final int TEXT_RANK_CAP = 1000;

    /**
     * Up to this many documents in a search's scope, their chunks are ranked exactly rather than
     * through an approximate index (a few thousand distances: milliseconds).
     */
    static final int EXACT_SCOPE_DOCUMENTS = 1000;

    /** Warm sessions kept for searches; a handful covers the UI, the CLI and a benchmark. */
    private static final int WARM_CONNECTIONS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ChunkStore.class);
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final DataSource dataSource;
    private final WarmConnections reads;
    private final AtomicLong generation = new AtomicLong();
    private volatile SearchSettings settings;
    private final java.util.concurrent.atomic.AtomicReference<Connection> idleWriteSession =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean closed;

    public ChunkStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.reads = new WarmConnections(dataSource, WARM_CONNECTIONS, this::searchSettings);
        // A store dropped without close() still gives its sessions back once collected.
        CLEANER.register(this, reads::close);
    }

    // ---- documents -------------------------------------------------------------------------------

    /**
     * Inserts or updates the document at {@code info.path()}. It stays {@link DocumentStatus#INDEXED}
     * when it was indexed and its content hash is unchanged (only its metadata is refreshed);
     * otherwise it becomes {@link DocumentStatus#QUEUED}, its old chunks kept until
     * {@link #replaceChunks} swaps them. The returned status tells the caller whether to index it.
     */
    public DocumentRecord upsertDocument(DocumentInfo info) {
        if (info.contentSha256() == null) {
            throw new IllegalArgumentException("Document " + info.path() + " needs its content hash to be queued;"
                    + " record a file that cannot be read with markFailed.");
        }
        return written(Jdbc.withConnection(dataSource, "record document " + info.path(), c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO documents AS d (path, content_sha256, media_type, size_bytes, mtime, page_count, title, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')
                    ON CONFLICT (path) DO UPDATE SET
                        status = CASE WHEN d.status = 'indexed' AND d.content_sha256 = excluded.content_sha256
                                      THEN 'indexed' ELSE 'queued' END,
                        error = NULL,
                        content_sha256 = excluded.content_sha256, media_type = excluded.media_type,
                        size_bytes = excluded.size_bytes, mtime = excluded.mtime,
                        page_count = excluded.page_count, title = excluded.title, updated_at = now()
                    RETURNING\s""" + DOCUMENT_COLUMNS)) {
                bindInfo(ps, info);
                return single(ps);
            }
        }));
    }

    /**
     * Records that a document could not be indexed, creating its row if needed. Its chunks are
     * deleted in the same transaction: they described content the library no longer holds.
     */
    public DocumentRecord markFailed(DocumentInfo info, String reason) {
        String error = requireReason(reason);
        return written(Jdbc.inTransaction(dataSource, "record the failure of " + info.path(), c -> {
            DocumentRecord document;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO documents AS d (path, content_sha256, media_type, size_bytes, mtime, page_count, title,
                                                status, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'failed', ?)
                    ON CONFLICT (path) DO UPDATE SET
                        status = 'failed', error = excluded.error,
                        content_sha256 = excluded.content_sha256, media_type = excluded.media_type,
                        size_bytes = excluded.size_bytes, mtime = excluded.mtime,
                        page_count = excluded.page_count, title = excluded.title, updated_at = now()
                    RETURNING\s""" + DOCUMENT_COLUMNS)) {
                bindInfo(ps, info);
                ps.setString(8, error);
                document = single(ps);
            }
            deleteChunks(c, document.id());
            return document;
        }));
    }

    /** Marks a stored document failed with {@code reason} and deletes its chunks; empty if it does not exist. */
    public Optional<DocumentRecord> markFailed(long documentId, String reason) {
        String error = requireReason(reason);
        return written(Jdbc.inTransaction(dataSource, "record the failure of document " + documentId, c -> {
            Optional<DocumentRecord> document;
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE documents SET status = 'failed', error = ?, updated_at = now() WHERE id = ?
                    RETURNING\s""" + DOCUMENT_COLUMNS)) {
                ps.setString(1, error);
                ps.setLong(2, documentId);
                document = optional(ps);
            }
            if (document.isPresent()) {
                deleteChunks(c, documentId);
            }
            return document;
        }));
    }

    /** The document at {@code path}; on a warm session, so an import may ask once per file. */
    public Optional<DocumentRecord> findByPath(String path) {
        return reads.withConnection("look up document " + path, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + DOCUMENT_COLUMNS + " FROM documents WHERE path = ?")) {
                ps.setString(1, path);
                return optional(ps);
            }
        });
    }

    public Optional<DocumentRecord> findById(long documentId) {
        return reads.withConnection("look up document " + documentId, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + DOCUMENT_COLUMNS + " FROM documents WHERE id = ?")) {
                ps.setLong(1, documentId);
                return optional(ps);
            }
        });
    }

    /** Every document, by path. */
    public List<DocumentRecord> listDocuments() {
        return Jdbc.withConnection(dataSource, "list documents", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + DOCUMENT_COLUMNS + " FROM documents ORDER BY path")) {
                return list(ps);
            }
        });
    }

    /** Deletes a document and, by cascade, its chunks; false when there was none. */
    public boolean deleteDocument(long documentId) {
        return written(Jdbc.withConnection(dataSource, "delete document " + documentId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE id = ?")) {
                ps.setLong(1, documentId);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    /** Deletes the document at {@code path} and its chunks; false when there was none. */
    public boolean deleteByPath(String path) {
        return written(Jdbc.withConnection(dataSource, "delete document " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE path = ?")) {
                ps.setString(1, path);
                return ps.executeUpdate() > 0;
            }
        }));
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
        return written(Jdbc.inTransaction(dataSource, "store the chunks of document " + documentId, c -> {
            EmbeddingModel model = lockActiveModel(c, modelId);
            for (NewChunk chunk : chunks) {
                requireDimension(model, chunk.embedding(), "chunk " + chunk.ordinal() + " of document " + documentId);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM documents WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, documentId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("Document " + documentId
                                + " does not exist (deleted while it was being indexed?); its chunks were not stored.");
                    }
                }
            }
            deleteChunks(c, documentId);
            copyChunks(c, documentId, model.modelId(), chunks);
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE documents SET status = 'indexed', error = NULL, updated_at = now() WHERE id = ?
                    RETURNING\s""" + DOCUMENT_COLUMNS)) {
                ps.setLong(1, documentId);
                return single(ps);
            }
        }));
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
        if (info.contentSha256() == null) {
            throw new IllegalArgumentException("Document " + info.path() + " needs its content hash to be indexed.");
        }
        Connection reused = idleWriteSession.getAndSet(null);
        if (reused != null) {
            try {
                return beginDocument(reused, info, modelId);
            } catch (StoreException e) {
                LOG.debug("a kept write session failed; retrying on a new one", e);
            }
        }
        Connection fresh;
        try {
            fresh = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("Could not start storing " + info.path() + ": " + e.getMessage(), e);
        }
        return beginDocument(fresh, info, modelId);
    }

    private DocumentWrite beginDocument(Connection c, DocumentInfo info, String modelId) {
        try {
            c.setAutoCommit(false);
            EmbeddingModel model = lockActiveModel(c, modelId);
            DocumentRecord document;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO documents AS d (path, content_sha256, media_type, size_bytes, mtime, page_count, title, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')
                    ON CONFLICT (path) DO UPDATE SET
                        status = 'queued', error = NULL,
                        content_sha256 = excluded.content_sha256, media_type = excluded.media_type,
                        size_bytes = excluded.size_bytes, mtime = excluded.mtime,
                        page_count = excluded.page_count, title = excluded.title, updated_at = now()
                    RETURNING\s""" + DOCUMENT_COLUMNS)) {
                bindInfo(ps, info);
                document = single(ps);
            }
            deleteChunks(c, document.id());
            return new DocumentWrite(c, document.id(), model, BinaryCopy.start(c, COPY_CHUNKS));
        } catch (SQLException | RuntimeException e) {
            try (c) {
                c.rollback();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("Could not start storing " + info.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps a write session that ended cleanly for the next document, so a run of many small
     * documents does not pay a new session (password handshake, server process) for each.
     */
    private void keepWriteSession(Connection c) {
        if (closed || !idleWriteSession.compareAndSet(null, c)) {
            closeQuietly(c);
        } else if (closed) { // close() ran meanwhile and may have missed it
            Connection left = idleWriteSession.getAndSet(null);
            if (left != null) {
                closeQuietly(left);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a database session failed", e);
        }
    }

    /** One document's chunks on their way in; see {@link #beginDocument}. Not thread-safe. */
    public final class DocumentWrite implements AutoCloseable {

        private final Connection connection;
        private final long documentId;
        private final EmbeddingModel model;
        private final BinaryCopy copy;
        private int rows;
        private boolean done;

        private DocumentWrite(Connection connection, long documentId, EmbeddingModel model, BinaryCopy copy) {
            this.connection = connection;
            this.documentId = documentId;
            this.model = model;
            this.copy = copy;
        }

        public long documentId() {
            return documentId;
        }

        /** Chunks written so far. */
        public int rows() {
            return rows;
        }

        /** Sends the next chunks, in document order; nothing is visible before {@link #commit}. */
        public void append(List<NewChunk> chunks) {
            requireOpen();
            try {
                for (NewChunk chunk : chunks) {
                    if (chunk.embedding() != null) {
                        requireDimension(
                                model, chunk.embedding(), "chunk " + chunk.ordinal() + " of document " + documentId);
                    }
                    copyRow(copy, documentId, model.modelId(), chunk);
                    rows++;
                }
            } catch (SQLException e) {
                throw new StoreException(
                        "Could not store the chunks of document " + documentId + ": " + e.getMessage(), e);
            }
        }

        /**
         * Ends the COPY, marks the document indexed with {@code info}'s media type, page count and
         * title, and commits; then the document and all its chunks are visible at once.
         */
        public DocumentRecord commit(DocumentInfo info) {
            requireOpen();
            done = true;
            try {
                try {
                    copy.finish();
                    DocumentRecord record;
                    try (PreparedStatement ps = connection.prepareStatement("""
                            UPDATE documents SET status = 'indexed', error = NULL, media_type = ?, page_count = ?,
                                   title = ?, updated_at = now()
                            WHERE id = ?
                            RETURNING\s""" + DOCUMENT_COLUMNS)) {
                        ps.setString(1, info.mediaType());
                        ps.setObject(2, info.pageCount(), java.sql.Types.INTEGER);
                        ps.setString(3, info.title());
                        ps.setLong(4, documentId);
                        record = single(ps);
                    }
                    // A document reported indexed is on disk, even if the server is killed the next moment
                    // and a process carries on against its restart (commits are otherwise asynchronous).
                    try (Statement st = connection.createStatement()) {
                        st.execute("SET LOCAL synchronous_commit = on");
                    }
                    connection.commit();
                    keepWriteSession(connection);
                    return written(record);
                } catch (SQLException | RuntimeException e) {
                    abort(e);
                    closeQuietly(connection);
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException(
                        "Could not store the chunks of document " + documentId + ": " + e.getMessage(), e);
            }
        }

        /** Rolls back unless committed: the document stays as it was before {@link #beginDocument}. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (abort(null)) {
                keepWriteSession(connection);
            } else {
                closeQuietly(connection);
            }
        }

        /** Cancels the COPY and rolls back; true when the session came out of it clean. */
        private boolean abort(Exception cause) {
            boolean clean = true;
            boolean sessionBroken =
                    cause != null && DatabaseUnavailable.reason(cause).isPresent();
            try {
                if (!sessionBroken) {
                    copy.close();
                }
            } catch (SQLException e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                }
                sessionBroken = true;
            }
            if (sessionBroken) {
                // A COPY cut off by the server's death or a full disk may still hold the driver's lock, and
                // a rollback would wait for it forever. Drop the session; the server rolls back on its own.
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException dropping) {
                    if (cause != null) {
                        cause.addSuppressed(dropping);
                    }
                }
                return false;
            }
            try {
                connection.rollback();
            } catch (SQLException e) {
                clean = false;
                if (cause != null) {
                    cause.addSuppressed(e);
                }
            }
            return clean;
        }

        private void requireOpen() {
            if (done) {
                throw new IllegalStateException(
                        "the write of document " + documentId + " is already committed or closed");
            }
        }
    }

    /** The chunks of a document in order, with their vectors. */
    public List<StoredChunk> chunksOf(long documentId) {
        return Jdbc.withConnection(dataSource, "read the chunks of document " + documentId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + CHUNK_COLUMNS + " FROM chunks c WHERE c.document_id = ? ORDER BY c.ordinal")) {
                ps.setLong(1, documentId);
                return chunks(ps);
            }
        });
    }

    /**
     * The chunks that wait for their vectors, for the one thread that embeds them (the caller
     * closes it). Vectors stored through it count as writes of this store ({@link #generation}).
     */
    public EmbeddingQueue embeddingQueue() {
        return new EmbeddingQueue(dataSource, this::indexChanged);
    }

    /** Claims on files for one import, so that imports running at once parse each file once (the caller closes it). */
    public PathClaims pathClaims() {
        return new PathClaims(dataSource);
    }

    /** The ids of the indexed documents in {@code scope}, ascending; empty when none is. */
    public long[] documentsIn(SearchScope scope) {
        return reads.withConnection("find the documents in the search's scope", scope::documents);
    }

    /** Whether any chunk still waits for its vector; one probe of a small index. */
    public boolean anyChunkWithoutVector() {
        return reads.withConnection("look for chunks without vectors", c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT EXISTS (SELECT 1 FROM chunks WHERE embedding IS NULL)");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** How many chunks the library has and how many still wait for a vector. */
    public EmbeddingQueue.Coverage embeddingCoverage() {
        return reads.withConnection("count the chunks without vectors", EmbeddingQueue::coverage);
    }

    /**
     * Up to {@code limit} chunks without a vector of the active model, oldest first: the work the
     * background embedding stage has left, after an import or a model switch ({@link EmbeddingQueue}).
     */
    public List<StoredChunk> staleChunks(int limit) {
        return Jdbc.withConnection(dataSource, "find chunks to re-embed", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CHUNK_COLUMNS + """
                     FROM chunks c
                    WHERE c.embedding IS NULL
                    ORDER BY c.id LIMIT ?""")) {
                ps.setInt(1, positive(limit, "limit"));
                return chunks(ps);
            }
        });
    }

    /**
     * Stores re-computed vectors of existing chunks and moves them to {@code modelId}, which must
     * be the active model. Chunks deleted meanwhile are skipped.
     *
     * @return how many chunks were updated
     */
    public int updateEmbeddings(String modelId, Map<Long, float[]> embeddingsByChunkId) {
        if (embeddingsByChunkId.isEmpty()) {
            return 0;
        }
        return written(Jdbc.inTransaction(dataSource, "store re-embedded chunks", c -> {
            EmbeddingModel model = lockActiveModel(c, modelId);
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE chunks SET embedding = ?, model_id = ? WHERE id = ?")) {
                for (Map.Entry<Long, float[]> e : embeddingsByChunkId.entrySet()) {
                    requireDimension(model, e.getValue(), "chunk " + e.getKey());
                    ps.setObject(1, new PGvector(e.getValue()));
                    ps.setString(2, model.modelId());
                    ps.setLong(3, e.getKey());
                    ps.addBatch();
                }
                int updated = 0;
                for (int n : ps.executeBatch()) {
                    updated += Math.max(n, 0);
                }
                return updated;
            }
        }));
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
        return vectorSearch(query, k, null);
    }

    /** {@link #vectorSearch(float[], int)} among the chunks of {@code scope}'s documents only (null: all). */
    public List<ChunkHit> vectorSearch(float[] query, int k, long[] scope) {
        Objects.requireNonNull(query, "query");
        int limit = positive(k, "k");
        return reads.withConnection("search by vector", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "WITH " + vectorCte(scope) + """
                    SELECT m.dimension, m.active_model, 'v' AS list, 0 AS rank, HIT_COLUMNS_PLACEHOLDER, 1 - v.dist AS score,
                           false AS pending
                    FROM (SELECT model_id AS active_model, dimension FROM models WHERE active) m
                    LEFT JOIN (v JOIN chunks c ON c.id = v.id JOIN documents d ON d.id = c.document_id) ON true
                    ORDER BY v.dist, c.id""".replace("HIT_COLUMNS_PLACEHOLDER", HIT_COLUMNS))) {
                int i = bindVector(ps, query, scope);
                ps.setInt(i, limit);
                return fastHits(c, ps, query).vector();
            }
        });
    }

    /**
     * The {@code k} chunks that best match {@code query} in English full-text search, ranked by
     * {@code ts_rank_cd}. The query uses web-search syntax: words, {@code "phrases"}, {@code or},
     * {@code -excluded}; it never fails on user input. Headings count as chunk text. On a large
     * library a plain-words query ranks only the matches of its rarer words ({@link #textCte}).
     */
    public List<ChunkHit> fullTextSearch(String query, int k) {
        return fullTextSearch(query, k, null);
    }

    /** {@link #fullTextSearch(String, int)} among the chunks of {@code scope}'s documents only (null: all). */
    public List<ChunkHit> fullTextSearch(String query, int k, long[] scope) {
        Objects.requireNonNull(query, "query");
        int limit = positive(k, "k");
        if (query.isBlank()) {
            return List.of();
        }
        return reads.withConnection("search by text", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("WITH " + textCte(query, scope) + "SELECT " + HIT_COLUMNS + """
                    , t.score
                    FROM t JOIN chunks c ON c.id = t.id JOIN documents d ON d.id = c.document_id
                    ORDER BY t.score DESC, c.id""")) {
                bindText(ps, 1, query, limit);
                return hits(ps);
            }
        });
    }

    /**
     * The two ranked lists hybrid search fuses, each best first.
     *
     * @param textOnly the chunks of the text list that have no vector yet (progressive indexing):
     *                 the vector list cannot hold them, so their text rank is all there is
     */
    public record HybridHits(List<ChunkHit> vector, List<ChunkHit> text, java.util.Set<Long> textOnly) {
        public HybridHits {
            vector = List.copyOf(vector);
            text = List.copyOf(text);
            textOnly = java.util.Set.copyOf(textOnly);
        }

        public HybridHits(List<ChunkHit> vector, List<ChunkHit> text) {
            this(vector, text, java.util.Set.of());
        }
    }

    /**
     * {@link #vectorSearch} and {@link #fullTextSearch} with the same arguments, in one SQL
     * statement and one round trip: both top-{@code k} lists come back as rows tagged with their
     * list and rank, to be fused by the caller.
     */
    public HybridHits hybridSearch(String text, float[] vector, int k) {
        return hybridSearch(text, vector, k, null);
    }

    /** {@link #hybridSearch(String, float[], int)} among the chunks of {@code scope}'s documents only (null: all). */
    public HybridHits hybridSearch(String text, float[] vector, int k, long[] scope) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        int limit = positive(k, "k");
        if (text.isBlank()) {
            return new HybridHits(vectorSearch(vector, limit, scope), List.of());
        }
        return reads.withConnection("search", c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH " + vectorCte(scope) + ", " + textCte(text, scope)
                    + """
                    , h AS (SELECT 'v' AS list, v.id, 1 - v.dist AS score, row_number() OVER (ORDER BY v.dist, v.id) AS rank FROM v
                          UNION ALL
                          SELECT 't', t.id, t.score, row_number() OVER (ORDER BY t.score DESC, t.id) FROM t)
                    SELECT m.dimension, m.active_model, h.list, h.rank, HIT_COLUMNS_PLACEHOLDER, h.score,
                           c.embedding IS NULL AS pending
                    FROM (SELECT model_id AS active_model, dimension FROM models WHERE active) m
                    LEFT JOIN (h JOIN chunks c ON c.id = h.id JOIN documents d ON d.id = c.document_id) ON true
                    ORDER BY h.list DESC, h.rank""".replace("HIT_COLUMNS_PLACEHOLDER", HIT_COLUMNS))) {
                int i = bindVector(ps, vector, scope);
                ps.setInt(i, limit);
                bindText(ps, i + 1, text, limit);
                return fastHits(c, ps, vector);
            }
        });
    }

    /** The settings approximate indexes search with on this store's connections. */
    public SearchSettings searchSettings() {
        SearchSettings s = settings;
        if (s == null) {
            s = Jdbc.withConnection(dataSource, "read the vector search settings", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                                "SELECT current_setting('hnsw.ef_search', true), current_setting('ivfflat.probes', true)");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new SearchSettings(
                            intOr(rs.getString(1), SearchSettings.PGVECTOR_DEFAULTS.efSearch()),
                            intOr(rs.getString(2), SearchSettings.PGVECTOR_DEFAULTS.probes()));
                }
            });
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
                Jdbc.withConnection(dataSource, "keep the vector search settings", c -> {
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
        generation.incrementAndGet();
    }

    /**
     * A number that changes after every write through this store (documents, chunks, index,
     * search settings): a result computed at one generation is still right while it holds.
     * Writes by other processes are not seen.
     */
    public long generation() {
        return generation.get();
    }

    /** Closes the warm search connections. */
    @Override
    public void close() {
        closed = true;
        Connection idle = idleWriteSession.getAndSet(null);
        if (idle != null) {
            closeQuietly(idle);
        }
        reads.close();
    }

    /**
     * CTEs {@code tq} (the query), {@code tm} (the chunks worth ranking) and {@code t} (the full-text
     * top list, {@code id} and {@code score}, best first), each but the last followed by a comma;
     * {@link #bindText} fills their parameters.
     *
     * <p>Ranking is what costs: {@code ts_rank_cd} reads every matching chunk's tsvector, and an
     * any-word query holding one common word ("way", "use", "year") matches most of the library.
     * So a plain-words query ranks only the matches of its rarer words: its lexemes are taken rarest
     * first, by the frequencies ANALYZE keeps for the tsvector column
     * ({@code pg_stats.most_common_elems}), while the chunks they are expected to match stay within
     * {@link #TEXT_RANK_BUDGET}; the rarest is always taken. A passage that holds only the common
     * words would rank low anyway, and the kept ones are still ranked by the whole query. A library
     * small enough for all its words to fit the budget ranks exactly as without it, and so does one
     * not analyzed yet (a word without a known frequency counts as rare: slow, never wrong). Only when
     * even the rarest word is known to be over the budget are its matches cut at
     * {@link #TEXT_RANK_CAP}, in no particular order: a query of only very common words ranks that
     * many of its matches, not all. Search syntax (quotes, OR, -word) keeps its meaning and its cost.
     */
    private static String textCte(String query, long[] scope) {
        // A kept lexeme enters the tsquery quoted (' doubled, \ escaped): always a word, never syntax.
        String candidates = usesSearchSyntax(query)
                ? "tm AS (SELECT c.id, c.tsv FROM chunks c, tq WHERE c.tsv @@ tq.q SCOPE),\n"
                : """
                tf AS (SELECT e.w, e.f FROM pg_stats st
                       CROSS JOIN unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(w, f)
                       WHERE st.schemaname = current_schema() AND st.tablename = 'chunks' AND st.attname = 'tsv'
                         AND e.w IS NOT NULL),
                tl AS (SELECT l.w, coalesce(tf.f, 0) * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'chunks'::regclass) AS rows
                       FROM unnest(tsvector_to_array(to_tsvector('english', ?))) AS l(w) LEFT JOIN tf ON tf.w = l.w),
                tk AS (SELECT w, sum(rows) OVER (ORDER BY rows, w) AS upto, row_number() OVER (ORDER BY rows, w) AS n FROM tl),
                ts AS (SELECT string_agg('''' || replace(replace(w, chr(92), chr(92) || chr(92)), '''', '''''') || '''', ' | ')::tsquery AS rare,
                              CASE WHEN bool_and(upto > BUDGET) THEN CAP END AS cap
                       FROM tk WHERE n = 1 OR upto <= BUDGET),
                tm AS (SELECT c.id, c.tsv FROM chunks c, tq, ts WHERE c.tsv @@ ts.rare AND c.tsv @@ tq.q SCOPE LIMIT (SELECT cap FROM ts)),
                """.replace("BUDGET", Integer.toString(TEXT_RANK_BUDGET))
                        .replace("CAP", Integer.toString(TEXT_RANK_CAP));
        candidates = candidates.replace("SCOPE", scopeFilter(scope));
        return "tq AS (SELECT " + tsquery(query) + " AS q),\n" + candidates + """
                t AS (SELECT tm.id, ts_rank_cd(tm.tsv, tq.q)::float8 AS score FROM tm, tq ORDER BY score DESC, tm.id LIMIT ?)
                """;
    }

    /** Binds {@link #vectorCte}'s query vector (and a small scope's documents) from 1 on; returns the limit's index. */
    private static int bindVector(PreparedStatement ps, float[] vector, long[] scope) throws SQLException {
        ps.setObject(1, new PGvector(vector));
        if (!exactScope(scope)) {
            return 2;
        }
        ps.setArray(
                2,
                ps.getConnection()
                        .createArrayOf(
                                "bigint", java.util.Arrays.stream(scope).boxed().toArray()));
        return 3;
    }

    /** Binds {@link #textCte}'s parameters from {@code index} on, the list's length last. */
    private static void bindText(PreparedStatement ps, int index, String query, int limit) throws SQLException {
        int i = index;
        ps.setString(i++, query);
        if (!usesSearchSyntax(query)) {
            ps.setString(i++, query);
        }
        ps.setInt(i, limit);
    }

    private static String tsquery(String query) {
        // A question in plain words rarely has all its words in one passage: unless the user wrote
        // search syntax (quotes, OR, -word), any word may match and ranking rewards passages that
        // hold more of them, closer together. With syntax, websearch_to_tsquery's meaning stands.
        // ('simple' re-reads the already stemmed lexemes as they are.)
        return usesSearchSyntax(query)
                ? "websearch_to_tsquery('english', ?)"
                : "to_tsquery('simple', replace(websearch_to_tsquery('english', ?)::text, ' & ', ' | '))";
    }

    /**
     * For chunks or an index changed by another path (the tuner's concurrent build, vectors filled
     * in by {@link EmbeddingQueue}): cached results are stale.
     */
    void indexChanged() {
        generation.incrementAndGet();
    }

    private <T> T written(T result) {
        generation.incrementAndGet();
        return result;
    }

    private static int intOr(String value, int fallback) {
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Quotes, a standalone OR, or a word negated with a leading minus. */
    static boolean usesSearchSyntax(String query) {
        return query.indexOf('"') >= 0 || query.matches("(?s).*\\sOR\\s.*") || query.matches("(?s)(.*\\s)?-\\p{L}.*");
    }

    /**
     * Replaces the approximate index on the vector column with {@code index} (or drops it for
     * {@link VectorIndex.None}), in one transaction. Building takes a lock that blocks chunk
     * writes, not searches, for as long as the build runs.
     */
    public void useVectorIndex(VectorIndex index) {
        Objects.requireNonNull(index, "index");
        written(Jdbc.inTransaction(dataSource, "build the vector index " + index, c -> {
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
        return Jdbc.withConnection(dataSource, "read the vector index", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?")) {
                ps.setString(1, VectorIndex.NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** How many chunks each document has, in one query (documents without chunks are absent). */
    public Map<Long, Integer> chunkCounts() {
        return Jdbc.withConnection(dataSource, "count chunks per document", c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT document_id, count(*) FROM chunks GROUP BY document_id");
                    ResultSet rs = ps.executeQuery()) {
                Map<Long, Integer> counts = new java.util.HashMap<>();
                while (rs.next()) {
                    counts.put(rs.getLong(1), rs.getInt(2));
                }
                return counts;
            }
        });
    }

    /** Row counts and on-disk sizes of Cairn's tables and the database. */
    public StoreStats stats() {
        return Jdbc.withConnection(dataSource, "measure the database", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT (SELECT count(*) FROM documents),
                           (SELECT count(*) FROM chunks),
                           (SELECT count(*) FROM embedding_cache),
                           (SELECT sum(pg_table_size(t)) FROM unnest(ARRAY['documents', 'chunks', 'embedding_cache',
                                'models']::regclass[]) AS t),
                           (SELECT sum(pg_indexes_size(t)) FROM unnest(ARRAY['documents', 'chunks', 'embedding_cache',
                                'models']::regclass[]) AS t),
                           pg_database_size(current_database())""");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new StoreStats(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void copyChunks(Connection c, long documentId, String modelId, List<NewChunk> chunks)
            throws SQLException {
        if (chunks.isEmpty()) {
            return;
        }
        try (BinaryCopy copy = BinaryCopy.start(c, COPY_CHUNKS)) {
            for (NewChunk chunk : chunks) {
                copyRow(copy, documentId, modelId, chunk);
            }
            copy.finish();
        }
    }

    private static void copyRow(BinaryCopy copy, long documentId, String modelId, NewChunk chunk) throws SQLException {
        copy.row(COPY_FIELDS);
        copy.int8(documentId);
        copy.int4(chunk.ordinal());
        copy.text(chunk.text());
        copy.text(chunk.heading());
        copy.int4OrNull(chunk.page());
        copy.int4(chunk.charStart());
        copy.int4(chunk.charEnd());
        copy.int4(chunk.tokenCount());
        copy.text(modelId);
        copy.vector(chunk.embedding());
    }

    /**
     * Checks that {@code modelId} is the active model and holds a share lock on its row until the
     * transaction ends, so that no activation can slip between this check and the write.
     */
    static EmbeddingModel lockActiveModel(Connection c, String modelId) throws SQLException {
        Objects.requireNonNull(modelId, "modelId");
        try (PreparedStatement ps =
                c.prepareStatement("SELECT model_id, dimension FROM models WHERE active FOR SHARE")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(
                            "No embedding model is active; activate " + modelId + " before storing its vectors.");
                }
                EmbeddingModel active = new EmbeddingModel(rs.getString(1), rs.getInt(2));
                if (!active.modelId().equals(modelId)) {
                    throw new IllegalStateException("Vectors of model " + modelId + " cannot be stored: the active"
                            + " model is " + active.modelId() + ", and vectors of two models must not mix."
                            + " Re-embed with " + active.modelId() + ".");
                }
                return active;
            }
        }
    }

    static void requireDimension(EmbeddingModel model, float[] vector, String what) {
        if (vector == null || vector.length != model.dimension()) {
            throw new IllegalArgumentException(what + " has " + (vector == null ? "no" : vector.length)
                    + " dimensions, but model " + model.modelId() + " has " + model.dimension());
        }
    }

    private static void deleteChunks(Connection c, long documentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunks WHERE document_id = ?")) {
            ps.setLong(1, documentId);
            ps.executeUpdate();
        }
    }

    private static void bindInfo(PreparedStatement ps, DocumentInfo info) throws SQLException {
        ps.setString(1, info.path());
        ps.setBytes(2, info.contentSha256() == null ? null : Sha256.parse(info.contentSha256()));
        ps.setString(3, info.mediaType());
        ps.setLong(4, info.sizeBytes());
        ps.setObject(5, Jdbc.timestamp(info.mtime()));
        ps.setObject(6, info.pageCount(), java.sql.Types.INTEGER);
        ps.setString(7, info.title());
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failed document needs a reason a person can act on");
        }
        return reason;
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    private static DocumentRecord single(PreparedStatement ps) throws SQLException {
        return optional(ps).orElseThrow(() -> new SQLException("statement returned no document row"));
    }

    private static Optional<DocumentRecord> optional(PreparedStatement ps) throws SQLException {
        List<DocumentRecord> rows = list(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static List<DocumentRecord> list(PreparedStatement ps) throws SQLException {
        List<DocumentRecord> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new DocumentRecord(
                        rs.getLong("id"),
                        rs.getString("path"),
                        Sha256.format(rs.getBytes("content_sha256")),
                        rs.getString("media_type"),
                        rs.getLong("size_bytes"),
                        Jdbc.instant(rs, "mtime"),
                        DocumentStatus.fromSql(rs.getString("status")),
                        rs.getString("error"),
                        rs.getObject("page_count", Integer.class),
                        rs.getString("title"),
                        Jdbc.instant(rs, "created_at"),
                        Jdbc.instant(rs, "updated_at")));
            }
        }
        return rows;
    }

    private static List<StoredChunk> chunks(PreparedStatement ps) throws SQLException {
        List<StoredChunk> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String embedding = rs.getString("embedding");
                rows.add(new StoredChunk(
                        rs.getLong("id"),
                        rs.getLong("document_id"),
                        rs.getInt("ordinal"),
                        rs.getString("text"),
                        rs.getString("heading"),
                        rs.getObject("page", Integer.class),
                        rs.getInt("char_start"),
                        rs.getInt("char_end"),
                        rs.getInt("token_count"),
                        rs.getString("model_id"),
                        embedding == null ? null : new PGvector(embedding).toArray()));
            }
        }
        return rows;
    }

    /**
     * Reads rows of (dimension, list, rank, hit columns, score): no row means no active model, a
     * row with a null list an empty result. A query of the wrong dimension fails in PostgreSQL on
     * the first distance; it is reported like any other, with the active model named.
     */
    private static HybridHits fastHits(Connection c, PreparedStatement ps, float[] query) throws SQLException {
        List<ChunkHit> vector = new ArrayList<>();
        List<ChunkHit> text = new ArrayList<>();
        java.util.Set<Long> textOnly = new java.util.HashSet<>();
        boolean model = false;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!model) {
                    model = true;
                    if (rs.getInt(1) != query.length) {
                        requireDimension(new EmbeddingModel(rs.getString(2), rs.getInt(1)), query, "the query vector");
                    }
                }
                String list = rs.getString("list");
                if (list != null && rs.getObject("id") != null) {
                    ChunkHit hit = hit(rs);
                    ("t".equals(list) ? text : vector).add(hit);
                    if ("t".equals(list) && rs.getBoolean("pending")) {
                        textOnly.add(hit.chunkId());
                    }
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("different vector dimensions")) {
                EmbeddingModel active = ModelRegistry.active(c).orElseThrow(() -> e);
                requireDimension(active, query, "the query vector");
            }
            throw e;
        }
        if (!model) {
            throw new IllegalStateException("No embedding model is active; activate one before searching.");
        }
        return new HybridHits(vector, text, textOnly);
    }

    private static ChunkHit hit(ResultSet rs) throws SQLException {
        return new ChunkHit(
                rs.getLong("id"),
                rs.getLong("document_id"),
                rs.getString("path"),
                rs.getString("title"),
                rs.getString("heading"),
                rs.getObject("page", Integer.class),
                rs.getInt("char_start"),
                rs.getInt("char_end"),
                rs.getString("text"),
                rs.getDouble("score"));
    }

    private static List<ChunkHit> hits(PreparedStatement ps) throws SQLException {
        List<ChunkHit> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new ChunkHit(
                        rs.getLong("id"),
                        rs.getLong("document_id"),
                        rs.getString("path"),
                        rs.getString("title"),
                        rs.getString("heading"),
                        rs.getObject("page", Integer.class),
                        rs.getInt("char_start"),
                        rs.getInt("char_end"),
                        rs.getString("text"),
                        rs.getDouble("score")));
            }
        }
        return rows;
    }
}
