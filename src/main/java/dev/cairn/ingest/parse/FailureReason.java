package dev.cairn.ingest.parse;

/** Why a file could not be read. Each comes with a sentence for people in {@link ParseOutcome.Failed}. */
public enum FailureReason {
    /** The file has no bytes. */
    EMPTY,
    /** Over the size limit of the {@link ParseBudget}. */
    TOO_LARGE,
    /** Binary data that is no document format Cairn reads (images, archives, executables). */
    BINARY,
    /** A known format Cairn does not read (legacy .doc, spreadsheets, other zip-based formats). */
    UNSUPPORTED,
    /** Password-protected. */
    ENCRYPTED,
    /** A PDF whose pages are images only: no text layer to extract. */
    NO_TEXT,
    /** Scanned pages or an image that need OCR, and Tesseract is not installed; read again once it is. */
    NEEDS_OCR,
    /** Damaged, truncated or malformed. */
    CORRUPT,
    /** The parser ran past the time budget. */
    TIMED_OUT,
    /** Reading it needed more memory or produced more text than the budget allows (zip bombs and the like). */
    RESOURCE_LIMIT,
    /** The file could not be opened or read (permissions, vanished, I/O error). */
    UNREADABLE
}
