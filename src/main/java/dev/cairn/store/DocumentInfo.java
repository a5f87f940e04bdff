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
 * @param readerVersion the version of its format's reader that read it ({@link #FIRST_READER} unless a
 *                      reader says otherwise): a file read by an older one is read again
 */
public record DocumentInfo(
        String path,
        String contentSha256,
        String mediaType,
        long sizeBytes,
        Instant mtime,
        Integer pageCount,
        String title,
        int readerVersion) {

    /** The version of every format's first reader, and of the documents stored before versions were kept. */
    public static final int FIRST_READER = 1;

    /** As read by its format's first reader. */
    public DocumentInfo(
            String path,
            String contentSha256,
            String mediaType,
            long sizeBytes,
            Instant mtime,
            Integer pageCount,
            String title) {
        this(path, contentSha256, mediaType, sizeBytes, mtime, pageCount, title, FIRST_READER);
    }

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
        if (readerVersion < FIRST_READER) {
            throw new IllegalArgumentException("reader versions start at 1, not " + readerVersion);
        }
    }
}
