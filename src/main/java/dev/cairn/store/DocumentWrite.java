package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One document's chunks on their way in, streamed by binary COPY in one transaction; see
 * {@link ChunkStore#beginDocument}. Not thread-safe.
 */
public final class DocumentWrite implements AutoCloseable {

    private final ChunkWrites writes;
    private final Connection connection;
    private final long documentId;
    private final EmbeddingModel model;
    private final BinaryCopy copy;
    private int rows;
    private boolean done;

    DocumentWrite(ChunkWrites writes, Connection connection, long documentId, EmbeddingModel model, BinaryCopy copy) {
        this.writes = writes;
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
                    model.requireDimension(
                            chunk.embedding(), "chunk " + chunk.ordinal() + " of document " + documentId);
                }
                ChunkWrites.copyRow(copy, documentId, model.modelId(), chunk);
                rows++;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not store the chunks of document " + documentId + ": " + e.getMessage(), e);
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
                        RETURNING\s""" + DocumentTable.COLUMNS)) {
                    ps.setString(1, info.mediaType());
                    ps.setObject(2, info.pageCount(), java.sql.Types.INTEGER);
                    ps.setString(3, info.title());
                    ps.setLong(4, documentId);
                    record = DocumentTable.single(ps);
                }
                // A document reported indexed is on disk, even if the server is killed the next moment
                // and a process carries on against its restart (commits are otherwise asynchronous).
                try (Statement st = connection.createStatement()) {
                    st.execute("SET LOCAL synchronous_commit = on");
                }
                connection.commit();
                writes.keep(connection);
                return writes.written(record);
            } catch (SQLException | RuntimeException e) {
                abort(e);
                ChunkWrites.closeQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not store the chunks of document " + documentId + ": " + e.getMessage(), e);
        }
    }

    /** Rolls back unless committed: the document stays as it was before {@link ChunkStore#beginDocument}. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        if (abort(null)) {
            writes.keep(connection);
        } else {
            ChunkWrites.closeQuietly(connection);
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
            throw new IllegalStateException("the write of document " + documentId + " is already committed or closed");
        }
    }
}
