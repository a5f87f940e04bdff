package dev.cairn.ui.library;

import dev.cairn.ui.kit.Words;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/** The documents in the library and the filter over them. Used on the FX thread only. */
public final class LibraryViewModel {

    private final ObservableList<DocumentRow> rows =
            FXCollections.observableArrayList(row -> new Observable[] {row.statusProperty()});
    /** One wrapper for every caller: it listens to the rows weakly, so a fresh one per call could lose its listeners. */
    private final ObservableList<DocumentRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);

    private final Map<Path, DocumentRow> byPath = new HashMap<>();
    /** The rows of the documents inside each file (an e-mail's attachments), by the file's path. */
    private final Map<Path, Set<DocumentRow>> partsByFile = new HashMap<>();

    private final StringProperty filter = new SimpleStringProperty("");
    private final FilteredList<DocumentRow> visible = new FilteredList<>(rows);
    private final BooleanBinding empty = Bindings.isEmpty(rows);
    /**
     * Bumped once per batch of changes: the summary counts every row, so it follows this rather than
     * each row's status (per update, a 10,000-row library would be counted thousands of times a second).
     */
    private final IntegerProperty revision = new SimpleIntegerProperty();

    private final StringBinding summary;
    /** Where "Ask about these documents" goes; the window shows the Ask page, searching only them. */
    private Consumer<List<Path>> onAskAbout = documents -> {};

    public LibraryViewModel() {
        visible.predicateProperty()
                .bind(Bindings.createObjectBinding(
                        () -> {
                            String needle = filter.get() == null
                                    ? ""
                                    : filter.get().strip().toLowerCase(Locale.ROOT);
                            if (needle.isEmpty()) {
                                return row -> true;
                            }
                            return row -> row.name().toLowerCase(Locale.ROOT).contains(needle)
                                    || row.type().toLowerCase(Locale.ROOT).equals(needle)
                                    || row.status().label().equals(needle)
                                    || row.status()
                                            .text()
                                            .toLowerCase(Locale.ROOT)
                                            .equals(needle);
                        },
                        filter));
        summary = Bindings.createStringBinding(this::describe, revision);
    }

    /** Adds rows for the scanned files not already in the library; returns the rows added. */
    List<DocumentRow> addScanned(List<PathScanner.ScannedFile> files) {
        List<DocumentRow> added = new ArrayList<>();
        for (PathScanner.ScannedFile file : files) {
            if (byPath.containsKey(file.path())) {
                continue;
            }
            DocumentRow row = new DocumentRow(file.path(), file.size());
            if (!file.ok()) {
                row.apply(DocumentUpdate.failed(file.path(), file.problem()));
            }
            byPath.put(file.path(), row);
            added.add(row);
        }
        // One list change for the whole scan: a folder of thousands of files is one update, not thousands.
        rows.addAll(added);
        changed();
        return added;
    }

    /**
     * The rows for the scanned files, adding the missing ones; rows not indexed yet go back to
     * "queued" (an interrupted import is resumed), indexed ones keep their state until the pipeline
     * confirms them unchanged.
     */
    List<DocumentRow> addOrRequeue(List<PathScanner.ScannedFile> files) {
        List<DocumentRow> all = new ArrayList<>(files.size());
        List<PathScanner.ScannedFile> missing = new ArrayList<>();
        for (PathScanner.ScannedFile file : files) {
            DocumentRow row = byPath.get(file.path());
            if (row == null) {
                missing.add(file);
            } else {
                if (!file.ok()) {
                    row.apply(DocumentUpdate.failed(file.path(), file.problem()));
                } else if (row.status() != RowStatus.INDEXED) {
                    row.apply(DocumentUpdate.of(file.path(), RowStatus.QUEUED));
                }
                all.add(row);
            }
        }
        all.addAll(addScanned(missing));
        changed();
        return all;
    }

    /** Applies a pipeline report to its row, adding the row if the library didn't have it. */
    public void apply(DocumentUpdate update) {
        applyAll(List.of(update));
    }

    /**
     * Applies reports in order; new rows join the table in one list change and the summary is counted
     * once. A file read again drops the rows of the documents it held ({@link DocumentUpdate#partsReplaced});
     * those it holds now are reported after it.
     */
    public void applyAll(List<DocumentUpdate> updates) {
        List<DocumentRow> added = new ArrayList<>();
        Set<DocumentRow> dropped = new HashSet<>();
        for (DocumentUpdate update : updates) {
            if (update.partsReplaced()) {
                for (DocumentRow part : partsByFile.getOrDefault(update.file(), Set.of())) {
                    byPath.remove(part.path());
                    if (!added.remove(part)) {
                        dropped.add(part);
                    }
                }
                partsByFile.remove(update.file());
            }
            DocumentRow row = byPath.get(update.file());
            if (row == null) {
                row = new DocumentRow(update.file(), -1, update.partOf());
                byPath.put(update.file(), row);
                if (!row.partOf().isEmpty()) {
                    partsByFile
                            .computeIfAbsent(row.file(), f -> new HashSet<>())
                            .add(row);
                }
                added.add(row);
            }
            row.apply(update);
        }
        if (!dropped.isEmpty()) {
            rows.removeAll(dropped);
        }
        if (!added.isEmpty()) {
            rows.addAll(added);
        }
        changed();
    }

    /**
     * Makes the rows under {@code folder} those given: what another Cairn process's watch changed
     * there. Rows under the folder that are not among them are gone from the library.
     */
    public void replaceUnder(Path folder, List<DocumentUpdate> now) {
        Set<Path> kept = new HashSet<>();
        now.forEach(u -> kept.add(u.file()));
        List<DocumentRow> gone = rows.stream()
                .filter(r -> r.path().startsWith(folder) && !kept.contains(r.path()))
                .toList();
        gone.forEach(this::forget);
        rows.removeAll(gone);
        applyAll(now);
    }

    /** The Ask page, searching only these documents ("Ask about these documents"); nothing when none. */
    public void askAbout(List<DocumentRow> chosen) {
        if (!chosen.isEmpty()) {
            onAskAbout.accept(chosen.stream().map(DocumentRow::path).toList());
        }
    }

    public void setOnAskAbout(Consumer<List<Path>> handler) {
        this.onAskAbout = Objects.requireNonNull(handler);
    }

    /** Removes the row, and the rows of the documents inside its file (an e-mail's attachments go with it). */
    public void remove(DocumentRow row) {
        List<DocumentRow> gone = new ArrayList<>(List.of(row));
        if (row.partOf().isEmpty()) {
            gone.addAll(partsByFile.getOrDefault(row.path(), Set.of()));
        }
        gone.forEach(this::forget);
        rows.removeAll(gone);
        changed();
    }

    /** Forgets a row that is leaving the table. */
    private void forget(DocumentRow row) {
        byPath.remove(row.path());
        if (row.partOf().isEmpty()) {
            partsByFile.remove(row.path());
        } else {
            Set<DocumentRow> parts = partsByFile.get(row.file());
            if (parts != null && parts.remove(row) && parts.isEmpty()) {
                partsByFile.remove(row.file());
            }
        }
    }

    private void changed() {
        revision.set(revision.get() + 1);
    }

    public ObservableList<DocumentRow> rows() {
        return readOnlyRows;
    }

    public Optional<DocumentRow> find(Path path) {
        return Optional.ofNullable(byPath.get(path.toAbsolutePath().normalize()));
    }

    /** The rows that pass the filter (name, type such as "pdf", or status such as "failed"). */
    public FilteredList<DocumentRow> visibleRows() {
        return visible;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public BooleanBinding emptyProperty() {
        return empty;
    }

    /** "12 documents · 3 queued · 1 failed". */
    public StringBinding summaryProperty() {
        return summary;
    }

    private String describe() {
        if (rows.isEmpty()) {
            return Words.get("library.noDocumentsYet");
        }
        Map<RowStatus, Integer> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder(Words.get("library.documents", rows.size()));
        for (RowStatus s : RowStatus.values()) {
            Integer n = counts.get(s);
            if (n != null && s != RowStatus.INDEXED) {
                sb.append(" · ").append(Words.get("library.countStatus", n, s.text()));
            }
        }
        return sb.toString();
    }
}
