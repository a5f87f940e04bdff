package dev.cairn.ui;

import dev.cairn.ingest.parse.DocumentTypes;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One document in the library table. Changed only on the FX thread. */
public final class DocumentRow {

    private final Path path;
    private final String name;
    private final String type;
    private final LongProperty size = new SimpleLongProperty(-1);
    private final IntegerProperty pages = new SimpleIntegerProperty(-1);
    private final IntegerProperty chunks = new SimpleIntegerProperty(-1);
    private final ObjectProperty<DocumentStatus> status = new SimpleObjectProperty<>(DocumentStatus.QUEUED);
    private final StringProperty reason = new SimpleStringProperty("");

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
        reason.set(update.status() == DocumentStatus.FAILED ? update.reason() : "");
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

    public Path path() {
        return path;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public LongProperty sizeProperty() {
        return size;
    }

    public IntegerProperty pagesProperty() {
        return pages;
    }

    public IntegerProperty chunksProperty() {
        return chunks;
    }

    public ObjectProperty<DocumentStatus> statusProperty() {
        return status;
    }

    public DocumentStatus status() {
        return status.get();
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public String reason() {
        return reason.get();
    }
}
