package dev.cairn.ui.library;

import java.util.Locale;

/** Where a document stands on its way into the library, as the status column shows it. */
public enum DocumentStatus {
    QUEUED,
    PARSING,
    EMBEDDING,
    INDEXED,
    FAILED;

    /** The word shown in the status pill. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the pipeline is done with the document, one way or the other. */
    public boolean finished() {
        return this == INDEXED || this == FAILED;
    }
}
