package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One document's chunks on their way in, streamed by binary COPY in one transaction; see
 * {@link ChunkStore#beginDocument}. Not thread-safe.
 */
public final class DocumentWrite implements AutoCloseable {

    private final ChunkWrites writes;
    private final Connection connection;
    private final long documentId;
    private final EmbeddingModel model;
    private BinaryCopy copy;
    private int rows;
    private boolean done;
    /** The part being written (see {@link #beginPart}), or 0 while the rows are the document's own. */
    private long part;

    private int partRows;

    /** How many chunks are in each language, of the document's own and of the part being written. */
    private final Map<String, Integer> languages = new HashMap<>();

    private final Map<String, Integer> partLanguages = new HashMap<>();

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

    /** Chunks of the document itself written so far (its parts' are not counted). */
    public int rows() {
        return rows;
    }

    /** Sends the next chunks, in document order; nothing is visible before {@link #commit}. */
    public void append(List<NewChunk> chunks) {
        requireOpen();
        try {
            for (NewChunk chunk : chunks) {
                long target = part == 0 ? documentId : part;
                if (chunk.embedding() != null) {
                    model.requireDimension(chunk.embedding(), "chunk " + chunk.ordinal() + " of document " + target);
                }
                ChunkWrites.copyRow(copy, target, model.modelId(), chunk);
                if (chunk.language() != null) {
                    (part == 0 ? languages : partLanguages).merge(chunk.language(), 1, Integer::sum);
                }
                if (part == 0) {
                    rows++;
                } else {
                    partRows++;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not store the chunks of document " + documentId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a document inside this one's file (an e-mail's attachment), written and committed with
     * it: the chunks {@link #append}ed until {@link #endPart} are the part's. Its row links to this
     * document ({@code parent_id}), so deleting this one deletes it.
     *
     * @param partOf where it is in the file, in words: "attachment of 'Budget'"
     */
    public void beginPart(DocumentInfo info, String partOf) {
        requireOpen();
        if (part != 0) {
            throw new IllegalStateException("a part of document " + documentId + " is still open");
        }
        try {
            copy.finish();
            part = insertPart(info, partOf, null);
            DocumentTable.deleteChunks(connection, part);
            partRows = 0;
            copy = BinaryCopy.start(connection, ChunkWrites.COPY_CHUNKS);
        } catch (SQLException e) {
            throw new StoreException("Could not store a part of document " + documentId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records a part that could not be read (an attachment Cairn does not read, or one whose parse
     * failed before any chunk), with its reason, committed with this document.
     */
    public void failedPart(DocumentInfo info, String partOf, String failure) {
        requireOpen();
        if (part != 0) {
            throw new IllegalStateException("a part of document " + documentId + " is still open");
        }
        try {
            copy.finish();
            insertPart(info, partOf, failure);
            copy = BinaryCopy.start(connection, ChunkWrites.COPY_CHUNKS);
        } catch (SQLException e) {
            throw new StoreException("Could not store a part of document " + documentId + ": " + e.getMessage(), e);
        }
    }

    /** The part's row, queued (to be read) or failed with {@code failure}; returns its id. */
    private long insertPart(DocumentInfo info, String partOf, String failure) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO documents AS d (path, content_sha256, media_type, size_bytes, mtime, page_count, title,
                                            status, error, parent_id, part_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ?::text IS NULL THEN 'queued' ELSE 'failed' END, ?, ?, ?)
                ON CONFLICT (path) DO UPDATE SET
                    status = excluded.status, error = excluded.error, parent_id = excluded.parent_id,
                    part_of = excluded.part_of, content_sha256 = excluded.content_sha256,
                    media_type = excluded.media_type, size_bytes = excluded.size_bytes, mtime = excluded.mtime,
                    page_count = excluded.page_count, title = excluded.title, updated_at = now()
                WHERE d.parent_id = excluded.parent_id
                RETURNING id""")) {
            DocumentTable.bind(ps, info);
            ps.setString(8, failure);
            ps.setString(9, failure);
            ps.setLong(10, documentId);
            ps.setString(11, partOf);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("another document, not a part of this one, is stored as " + info.path());
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * Ends the part {@link #beginPart} started: indexed with {@code info}'s media type, page count and
     * title, or, with a {@code failure}, its chunks dropped and the part recorded as failed with that
     * reason. Nothing is visible before {@link #commit}.
     *
     * @return the part's chunks (0 when it failed)
     */
    public int endPart(DocumentInfo info, String failure) {
        requireOpen();
        if (part == 0) {
            throw new IllegalStateException("no part of document " + documentId + " is open");
        }
        try {
            copy.finish();
            String sql = failure == null
                    ? "UPDATE documents SET status = 'indexed', error = NULL, media_type = ?, page_count = ?,"
                            + " title = ?, language = ?, updated_at = now() WHERE id = ?"
                    : "UPDATE documents SET status = 'failed', error = ?, media_type = ?, page_count = ?,"
                            + " title = ?, updated_at = now() WHERE id = ?";
            if (failure != null) {
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM chunks WHERE document_id = ?")) {
                    ps.setLong(1, part);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                if (failure != null) {
                    ps.setString(i++, failure);
                }
                ps.setString(i++, info.mediaType());
                ps.setObject(i++, info.pageCount(), java.sql.Types.INTEGER);
                ps.setString(i++, info.title());
                if (failure == null) {
                    ps.setString(i++, mostOf(partLanguages));
                }
                ps.setLong(i, part);
                ps.executeUpdate();
            }
            int written = failure == null ? partRows : 0;
            part = 0;
            partRows = 0;
            partLanguages.clear();
            copy = BinaryCopy.start(connection, ChunkWrites.COPY_CHUNKS);
            return written;
        } catch (SQLException e) {
            throw new StoreException("Could not store a part of document " + documentId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends the COPY, marks the document indexed with {@code info}'s media type, page count, title
     * and reader version, and commits; then the document and all its chunks are visible at once.
     */
    public DocumentRecord commit(DocumentInfo info) {
        requireOpen();
        if (part != 0) {
            throw new IllegalStateException("a part of document " + documentId + " is still open");
        }
        done = true;
        try {
            try {
                copy.finish();
                DocumentRecord record;
                try (PreparedStatement ps = connection.prepareStatement("""
                        UPDATE documents SET status = 'indexed', error = NULL, media_type = ?, page_count = ?,
                               title = ?, reader_version = ?, language = ?, updated_at = now()
                        WHERE id = ?
                        RETURNING\s""" + DocumentTable.COLUMNS)) {
                    ps.setString(1, info.mediaType());
                    ps.setObject(2, info.pageCount(), java.sql.Types.INTEGER);
                    ps.setString(3, info.title());
                    ps.setInt(4, info.readerVersion());
                    ps.setString(5, mostOf(languages));
                    ps.setLong(6, documentId);
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

    /** The language most chunks are in (the first in code order of a tie), or null when none was told. */
    private static String mostOf(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElse(null);
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
