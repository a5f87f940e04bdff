package dev.cairn.store;

import java.util.Locale;

/** Where a document stands in the library; stored as the lowercase name. */
public enum DocumentStatus {
    /** Known, but its current content is not (yet) chunked and embedded. */
    QUEUED,
    /** Its chunks match its current content and are searchable. */
    INDEXED,
    /** Could not be indexed; {@link DocumentRecord#error()} says why. */
    FAILED;

    String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DocumentStatus fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
