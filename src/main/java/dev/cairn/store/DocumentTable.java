package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code documents} table: a document recorded, marked failed, looked up, listed and deleted.
 * Its row statements ({@link #COLUMNS}, {@link #bind}, {@link #single}) are shared with the chunk
 * writes, which record a document in the same transaction as its chunks.
 */
final class DocumentTable {

    static final String COLUMNS = """
            id, path, content_sha256, media_type, size_bytes, mtime, status, error, page_count, title,
            created_at, updated_at, parent_id, part_of, reader_version, language""";

    private final StoreSessions sessions;

    DocumentTable(StoreSessions sessions) {
        this.sessions = sessions;
    }

    DocumentRecord upsert(DocumentInfo info) {
        if (info.contentSha256() == null) {
            throw new IllegalArgumentException("Document " + info.path() + " needs its content hash to be queued;"
                    + " record a file that cannot be read with markFailed.");
        }
        return sessions.written(Jdbc.withConnection(sessions.dataSource(), "record document " + info.path(), c -> {
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
                    RETURNING\s""" + COLUMNS)) {
                bind(ps, info);
                return single(ps);
            }
        }));
    }

    DocumentRecord markFailed(DocumentInfo info, String reason) {
        String error = requireReason(reason);
        return sessions.written(Jdbc.inTransaction(sessions.dataSource(), "record the failure of " + info.path(), c -> {
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
                    RETURNING\s""" + COLUMNS)) {
                bind(ps, info);
                ps.setString(8, error);
                document = single(ps);
            }
            deleteChunks(c, document.id());
            deleteParts(c, document.id());
            return document;
        }));
    }

    Optional<DocumentRecord> markFailed(long documentId, String reason) {
        String error = requireReason(reason);
        return sessions.written(Jdbc.inTransaction(
                sessions.dataSource(), "record the failure of document " + documentId, c -> {
                    Optional<DocumentRecord> document;
                    try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE documents SET status = 'failed', error = ?, updated_at = now() WHERE id = ?
                    RETURNING\s""" + COLUMNS)) {
                        ps.setString(1, error);
                        ps.setLong(2, documentId);
                        document = optional(ps);
                    }
                    if (document.isPresent()) {
                        deleteChunks(c, documentId);
                        deleteParts(c, documentId);
                    }
                    return document;
                }));
    }

    /** On a warm session, so an import may ask once per file. */
    Optional<DocumentRecord> findByPath(String path) {
        return sessions.reads().withConnection("look up document " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM documents WHERE path = ?")) {
                ps.setString(1, path);
                return optional(ps);
            }
        });
    }

    Optional<DocumentRecord> findById(long documentId) {
        return sessions.reads().withConnection("look up document " + documentId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM documents WHERE id = ?")) {
                ps.setLong(1, documentId);
                return optional(ps);
            }
        });
    }

    List<DocumentRecord> list() {
        return Jdbc.withConnection(sessions.dataSource(), "list documents", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM documents ORDER BY path")) {
                return rows(ps);
            }
        });
    }

    /** The documents inside a document's file (an e-mail's attachments), by path. */
    List<DocumentRecord> partsOf(long documentId) {
        return sessions.reads().withConnection("list the parts of document " + documentId, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM documents WHERE parent_id = ? ORDER BY path")) {
                ps.setLong(1, documentId);
                return rows(ps);
            }
        });
    }

    /** Its chunks, and the documents inside its file, go by cascade. */
    boolean delete(long documentId) {
        return sessions.written(Jdbc.withConnection(sessions.dataSource(), "delete document " + documentId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE id = ?")) {
                ps.setLong(1, documentId);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    boolean deleteByPath(String path) {
        return sessions.written(Jdbc.withConnection(sessions.dataSource(), "delete document " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE path = ?")) {
                ps.setString(1, path);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    static void deleteChunks(Connection c, long documentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunks WHERE document_id = ?")) {
            ps.setLong(1, documentId);
            ps.executeUpdate();
        }
    }

    /** Deletes the documents inside a document's file (its attachments), with their chunks by cascade. */
    static void deleteParts(Connection c, long documentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE parent_id = ?")) {
            ps.setLong(1, documentId);
            ps.executeUpdate();
        }
    }

    /** Binds {@code info} to parameters 1 to 7: path, hash, media type, size, mtime, page count, title. */
    static void bind(PreparedStatement ps, DocumentInfo info) throws SQLException {
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

    static DocumentRecord single(PreparedStatement ps) throws SQLException {
        return optional(ps).orElseThrow(() -> new SQLException("statement returned no document row"));
    }

    private static Optional<DocumentRecord> optional(PreparedStatement ps) throws SQLException {
        List<DocumentRecord> rows = rows(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static List<DocumentRecord> rows(PreparedStatement ps) throws SQLException {
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
                        Jdbc.instant(rs, "updated_at"),
                        rs.getObject("parent_id", Long.class),
                        rs.getString("part_of"),
                        rs.getInt("reader_version"),
                        rs.getString("language")));
            }
        }
        return rows;
    }
}
