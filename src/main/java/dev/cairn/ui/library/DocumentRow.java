package dev.cairn.ui.library;

import dev.cairn.ingest.parse.DocumentTypes;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** One document in the library table. Changed only on the FX thread. */
public final class DocumentRow {

    private final Path path;
    private final String name;
    private final String type;
    private final ReadOnlyLongWrapper size = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyIntegerWrapper pages = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper chunks = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyObjectWrapper<RowStatus> status = new ReadOnlyObjectWrapper<>(RowStatus.QUEUED);
    /** Why it failed; read by the status cell whenever the status changes, so not observable itself. */
    private String reason = "";

    public DocumentRow(Path path, long sizeBytes) {
        this.path = Objects.requireNonNull(path, "path");
        Path fileName = path.getFileName();
        this.name = fileName == null ? path.toString() : fileName.toString();
        int dot = name.lastIndexOf('.');
        this.type = DocumentTypes.forFile(path)
                .map(DocumentTypes.DocumentType::label)
                .orElse(
                        dot > 0 && dot < name.length() - 1
                                ? name.substring(dot + 1).toUpperCase(Locale.ROOT)
                                : "—");
        this.size.set(sizeBytes);
    }

    /** Applies what the pipeline reported; unknown counts (-1) keep what the row already shows. */
    public void apply(DocumentUpdate update) {
        status.set(update.status());
        reason = update.status() == RowStatus.FAILED ? update.reason() : "";
        if (update.pages() >= 0) {
            pages.set(update.pages());
        }
        if (update.chunks() >= 0) {
            chunks.set(update.chunks());
        }
        if (update.size() >= 0) {
            size.set(update.size());
        }
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public ReadOnlyIntegerProperty pagesProperty() {
        return pages.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty chunksProperty() {
        return chunks.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RowStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public RowStatus status() {
        return status.get();
    }

    /** Why the document failed, in words; empty unless it did. */
    public String reason() {
        return reason;
    }

    public ReadOnlyLongProperty sizeProperty() {
        return size.getReadOnlyProperty();
    }

    public Path path() {
        return path;
    }
}
