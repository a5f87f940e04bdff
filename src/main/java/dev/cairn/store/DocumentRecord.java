package dev.cairn.store;

import java.time.Instant;

/**
 * A document row as stored. {@code contentSha256} is lowercase hex, {@code null} for an unreadable file.
 * A document inside another one's file (an e-mail's attachment) has {@code parentId}, the id of that
 * file's document, and {@code partOf}, where it is in it in words ("attachment of 'Budget'"); both
 * are {@code null} for a file of its own. {@code readerVersion} is the version of its format's reader
 * that read it ({@link DocumentInfo#readerVersion}). {@code language} is the language most of its chunks
 * are in (ISO 639-1), {@code null} where none was detected.
 */
public record DocumentRecord(
        long id,
        String path,
        String contentSha256,
        String mediaType,
        long sizeBytes,
        Instant mtime,
        DocumentStatus status,
        String error,
        Integer pageCount,
        String title,
        Instant createdAt,
        Instant updatedAt,
        Long parentId,
        String partOf,
        int readerVersion,
        String language) {

    /** Whether this is a part of another document's file (it has no file of its own). */
    public boolean isPart() {
        return parentId != null;
    }
}
