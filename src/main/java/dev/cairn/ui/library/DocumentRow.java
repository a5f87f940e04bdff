package dev.cairn.ui.library;

import dev.cairn.ingest.parse.Attachment;
import dev.cairn.ingest.parse.DocumentTypes;
import dev.cairn.platform.Phrase;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

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

    private final String partOf;

    private final ReadOnlyStringWrapper language = new ReadOnlyStringWrapper(this, "language", "");

    public DocumentRow(Path path, long sizeBytes) {
        this(path, sizeBytes, "");
    }

    /**
     * @param partOf for a document inside another's file (an e-mail's attachment), where it is:
     *               "attachment of 'Budget'", shown after its name; else empty
     */
    public DocumentRow(Path path, long sizeBytes, String partOf) {
        this.path = Objects.requireNonNull(path, "path");
        this.partOf = Objects.requireNonNull(partOf, "partOf");
        Path fileName = path.getFileName();
        String file = fileName == null ? path.toString() : fileName.toString();
        this.name =
                partOf.isEmpty() ? file : Phrase.show(Attachment.shownName(file)) + " (" + Phrase.show(partOf) + ")";
        int dot = file.lastIndexOf('.');
        this.type = DocumentTypes.forFile(path)
                .map(DocumentTypes.DocumentType::label)
                .orElse(
                        dot > 0 && dot < file.length() - 1
                                ? file.substring(dot + 1).toUpperCase(Locale.ROOT)
                                : "—");
        this.size.set(sizeBytes);
    }

    /** Applies what the pipeline reported; unknown counts (-1) keep what the row already shows. */
    public void apply(DocumentUpdate update) {
        status.set(update.status());
        reason = update.status() == RowStatus.FAILED ? Phrase.show(update.reason()) : "";
        if (update.pages() >= 0) {
            pages.set(update.pages());
        }
        if (update.chunks() >= 0) {
            chunks.set(update.chunks());
        }
        if (update.size() >= 0) {
            size.set(update.size());
        }
        if (!update.language().isEmpty()) {
            language.set(update.language());
        }
    }

    public String name() {
        return name;
    }

    /** Where it is in another document's file ("attachment of 'Budget'"); empty for a file of its own. */
    public String partOf() {
        return partOf;
    }

    /** The file it is in: its own path, or for an attachment the message's file it came with. */
    public Path file() {
        if (partOf.isEmpty()) {
            return path;
        }
        return Attachment.locate(path.toString())
                .map(Attachment.Location::messageFile)
                .orElse(path);
    }

    public String type() {
        return type;
    }

    /** The language most of its text is in, as an ISO 639-1 code ("de"); empty when not known. */
    public ReadOnlyStringProperty languageProperty() {
        return language.getReadOnlyProperty();
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
