package dev.cairn.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What Cairn knows about a file before indexing it.
 *
 * @param path          the file's absolute path, the document's identity in the library
 * @param contentSha256 SHA-256 of the file's bytes as 64 hex digits; {@code null} only when
 *                      recording a file that could not be read
 * @param mtime         stored to the microsecond (PostgreSQL's precision); compare content by hash
 * @param pageCount     {@code null} where the format has no pages
 * @param title         {@code null} when the file names none
 */
public record DocumentInfo(
        String path,
        String contentSha256,
        String mediaType,
        long sizeBytes,
        Instant mtime,
        Integer pageCount,
        String title) {

    public DocumentInfo {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) {
            throw new IllegalArgumentException("a document needs a path");
        }
        contentSha256 = Sha256.normalize(contentSha256);
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(mtime, "mtime");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size of " + path + " cannot be negative: " + sizeBytes);
        }
        if (pageCount != null && pageCount < 0) {
            throw new IllegalArgumentException("page count of " + path + " cannot be negative: " + pageCount);
        }
    }
}
