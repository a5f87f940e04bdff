package dev.cairn.ui.library;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the ingestion pipeline reports about one document; the library applies it to the row with the
 * same path (or adds one).
 *
 * @param file   the document (made absolute and normalised)
 * @param status where it stands now
 * @param pages  pages found so far, or -1 when not known (yet)
 * @param chunks chunks stored so far, or -1 when not known (yet)
 * @param reason why it failed, in words a person can act on; empty unless {@code status} is FAILED
 * @param size   the file's size in bytes, or -1 when not known
 */
public record DocumentUpdate(Path file, RowStatus status, int pages, int chunks, String reason, long size) {

    public DocumentUpdate(Path file, RowStatus status, int pages, int chunks, String reason) {
        this(file, status, pages, chunks, reason, -1);
    }

    public DocumentUpdate {
        file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize(); // the library keys rows by this form
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
    }

    public static DocumentUpdate of(Path file, RowStatus status) {
        return new DocumentUpdate(file, status, -1, -1, "");
    }

    public static DocumentUpdate failed(Path file, String reason) {
        return new DocumentUpdate(file, RowStatus.FAILED, -1, -1, reason);
    }
}
