package dev.cairn.store;

import java.time.Instant;

/** A document row as stored. {@code contentSha256} is lowercase hex, {@code null} for an unreadable file. */
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
        Instant updatedAt) {}
