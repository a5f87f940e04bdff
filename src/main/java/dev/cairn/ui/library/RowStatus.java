package dev.cairn.ui.library;

import dev.cairn.store.DocumentStatus;
import dev.cairn.ui.kit.Words;
import java.util.Locale;

/**
 * Where a library row's document stands, as the status column shows it: the status the library
 * stores ({@link DocumentStatus}), or, while an import runs, the pipeline stage it is in.
 */
public enum RowStatus {
    QUEUED,
    /** Being read and chunked: known only while an import runs, never stored. */
    PARSING,
    /** Being embedded: known only while an import runs, never stored. */
    EMBEDDING,
    INDEXED,
    FAILED;

    /** A stored document's row. */
    public static RowStatus of(DocumentStatus stored) {
        return switch (stored) {
            case QUEUED -> QUEUED;
            case INDEXED -> INDEXED;
            case FAILED -> FAILED;
        };
    }

    /** The status as a style class and filter word, the same in every language ("indexed"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The word shown in the status pill, in the window's language ("indexed", "indiziert"). */
    public String text() {
        return Words.get(
                switch (this) {
                    case QUEUED -> "row.queued";
                    case PARSING -> "row.parsing";
                    case EMBEDDING -> "row.embedding";
                    case INDEXED -> "row.indexed";
                    case FAILED -> "row.failed";
                });
    }

    /** Whether the pipeline is done with the document, one way or the other. */
    public boolean finished() {
        return this == INDEXED || this == FAILED;
    }
}
