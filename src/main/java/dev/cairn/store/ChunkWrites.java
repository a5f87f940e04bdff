package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunks on their way in, by binary COPY: a document's whole set replaced in one transaction
 * ({@link #replace}), or streamed in as it is parsed ({@link #begin}, {@link DocumentWrite}). A
 * streamed write's session that ended cleanly is kept for the next documents, so a run of many
 * small documents does not pay a new session (password handshake, server process) for each.
 */
final class ChunkWrites implements AutoCloseable {

    static final String COPY_CHUNKS = """
            COPY chunks (document_id, ordinal, text, heading, page, char_start, char_end, token_count, model_id, embedding,
                         ts_config)
            FROM STDIN (FORMAT BINARY)""";
    private static final int COPY_FIELDS = 11;

    /** At most this many idle write sessions are kept: more than the readers that feed the writer. */
    private static final int KEPT_SESSIONS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ChunkWrites.class);

    private final StoreSessions sessions;
    /**
     * Write sessions kept for the next documents. The writer has a document of each reader open at
     * once, so one kept session was too few: each overlap opened a new one (about 270 sessions for
     * the 1,173 pages of the PostgreSQL manual, each a server process, a SCRAM handshake and cold
     * caches; docs/decisions/0013-progressive-indexing.md).
     */
    private final BlockingQueue<Connection> idleWriteSessions = new ArrayBlockingQueue<>(KEPT_SESSIONS);

    private volatile boolean closed;

    ChunkWrites(StoreSessions sessions) {
        this.sessions = sessions;
    }

    DocumentRecord replace(long documentId, String modelId, List<NewChunk> chunks) {
        return sessions.written(Jdbc.inTransaction(
                sessions.dataSource(), "store the chunks of document " + documentId, c -> {
                    EmbeddingModel model = ModelRegistry.lockActive(c, modelId);
                    for (NewChunk chunk : chunks) {
                        model.requireDimension(
                                chunk.embedding(), "chunk " + chunk.ordinal() + " of document " + documentId);
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM documents WHERE id = ? FOR UPDATE")) {
                        ps.setLong(1, documentId);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next()) {
                                throw new StoreException(
                                        "Document " + documentId
                                                + " does not exist (deleted while it was being indexed?); its chunks were not stored.");
                            }
                        }
                    }
                    DocumentTable.deleteChunks(c, documentId);
                    copyChunks(c, documentId, model.modelId(), chunks);
                    try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE documents SET status = 'indexed', error = NULL, updated_at = now() WHERE id = ?
                    RETURNING\s""" + DocumentTable.COLUMNS)) {
                        ps.setLong(1, documentId);
                        return DocumentTable.single(ps);
                    }
                }));
    }

    DocumentWrite begin(DocumentInfo info, String modelId) {
        if (info.contentSha256() == null) {
            throw new IllegalArgumentException("Document " + info.path() + " needs its content hash to be indexed.");
        }
        for (Connection reused = idleWriteSessions.poll(); reused != null; reused = idleWriteSessions.poll()) {
            try {
                return begin(reused, info, modelId);
            } catch (StoreException e) {
                LOG.debug("a kept write session failed; retrying on another", e);
            }
        }
        Connection fresh;
        try {
            fresh = sessions.dataSource().getConnection();
        } catch (SQLException e) {
            throw new StoreException("Could not start storing " + info.path() + ": " + e.getMessage(), e);
        }
        return begin(fresh, info, modelId);
    }

    private DocumentWrite begin(Connection c, DocumentInfo info, String modelId) {
        try {
            c.setAutoCommit(false);
            EmbeddingModel model = ModelRegistry.lockActive(c, modelId);
            DocumentRecord document;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO documents AS d (path, content_sha256, media_type, size_bytes, mtime, page_count, title, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')
                    ON CONFLICT (path) DO UPDATE SET
                        status = 'queued', error = NULL,
                        content_sha256 = excluded.content_sha256, media_type = excluded.media_type,
                        size_bytes = excluded.size_bytes, mtime = excluded.mtime,
                        page_count = excluded.page_count, title = excluded.title, updated_at = now()
                    RETURNING\s""" + DocumentTable.COLUMNS)) {
                DocumentTable.bind(ps, info);
                document = DocumentTable.single(ps);
            }
            DocumentTable.deleteChunks(c, document.id());
            DocumentTable.deleteParts(c, document.id()); // the parts come again with the new content, if at all
            return new DocumentWrite(this, c, document.id(), model, BinaryCopy.start(c, COPY_CHUNKS));
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

    /** Keeps a write session that ended cleanly for the next document. */
    void keep(Connection c) {
        if (closed || !idleWriteSessions.offer(c)) {
            closeQuietly(c);
        } else if (closed) { // close() ran meanwhile and may have missed it
            closeIdle();
        }
    }

    /** Counts a committed write, see {@link StoreSessions#written}. */
    <T> T written(T result) {
        return sessions.written(result);
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a database session failed", e);
        }
    }

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

    static void copyRow(BinaryCopy copy, long documentId, String modelId, NewChunk chunk) throws SQLException {
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
        copy.text(chunk.textConfig());
    }

    /** Closes the kept write session; a write still open keeps its own until it ends. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Connection idle = idleWriteSessions.poll(); idle != null; idle = idleWriteSessions.poll()) {
            closeQuietly(idle);
        }
    }
}
