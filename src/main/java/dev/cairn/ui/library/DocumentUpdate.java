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
 * @param partOf for a document inside another's file (an e-mail's attachment, whose {@code file} is
 *               {@code note.eml#1/report.pdf}), where it is in words: "attachment of 'Budget'"; else empty
 * @param doing  what is happening to it now, when there is more to say than its status ("reading
 *               scanned page 3 of 12"); else empty
 * @param partsReplaced the file was read again (indexed or failed): the documents inside it are those
 *               reported after this update, so the rows of the ones it had before go
 * @param language the language most of its text is in (ISO 639-1, as stored); empty when not known
 */
public record DocumentUpdate(
        Path file,
        RowStatus status,
        int pages,
        int chunks,
        String reason,
        long size,
        String partOf,
        String doing,
        boolean partsReplaced,
        String language) {

    public DocumentUpdate(Path file, RowStatus status, int pages, int chunks, String reason) {
        this(file, status, pages, chunks, reason, -1);
    }

    public DocumentUpdate(Path file, RowStatus status, int pages, int chunks, String reason, long size) {
        this(file, status, pages, chunks, reason, size, "", "");
    }

    public DocumentUpdate(
            Path file, RowStatus status, int pages, int chunks, String reason, long size, String partOf, String doing) {
        this(file, status, pages, chunks, reason, size, partOf, doing, false, "");
    }

    public DocumentUpdate {
        file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize(); // the library keys rows by this form
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        partOf = partOf == null ? "" : partOf;
        doing = doing == null ? "" : doing;
        language = language == null ? "" : language;
    }

    /** This update for a document inside another's file, {@code partOf} saying where ("attachment of 'Budget'"). */
    public DocumentUpdate asPartOf(String where) {
        return new DocumentUpdate(file, status, pages, chunks, reason, size, where, doing, false, language);
    }

    /** This update for a file read again: the rows of the documents it held before go (see {@code partsReplaced}). */
    public DocumentUpdate replacingParts() {
        return new DocumentUpdate(file, status, pages, chunks, reason, size, partOf, doing, true, language);
    }

    /** This update with the file's size, in bytes. */
    public DocumentUpdate withSize(long bytes) {
        return new DocumentUpdate(file, status, pages, chunks, reason, bytes, partOf, doing, partsReplaced, language);
    }

    /** This update with the document's language (ISO 639-1; null or empty when not known). */
    public DocumentUpdate withLanguage(String tag) {
        return new DocumentUpdate(file, status, pages, chunks, reason, size, partOf, doing, partsReplaced, tag);
    }

    /** The document is being read, and {@code what} says how far: "reading scanned page 3 of 12". */
    public static DocumentUpdate doing(Path file, String what) {
        return new DocumentUpdate(file, RowStatus.PARSING, -1, -1, "", -1, "", what);
    }

    /** Whether it is a document inside another's file rather than a file of its own. */
    public boolean isPart() {
        return !partOf.isEmpty();
    }

    public static DocumentUpdate of(Path file, RowStatus status) {
        return new DocumentUpdate(file, status, -1, -1, "");
    }

    public static DocumentUpdate failed(Path file, String reason) {
        return new DocumentUpdate(file, RowStatus.FAILED, -1, -1, reason);
    }
}
