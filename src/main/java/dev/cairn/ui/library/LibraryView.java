package dev.cairn.ui.library;

import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.NaturalOrder;
import dev.cairn.ui.kit.Words;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;

/** The documents table with its filter, context menu and the empty "drop here" state. */
public final class LibraryView extends VBox {

    private final LibraryViewModel viewModel;
    private final Imports imports;
    private final DesktopActions desktop;

    @FXML
    private TextField filterField;

    @FXML
    private Label summary;
    /** Ask about the selected documents from the keyboard. */
    static final KeyCombination ASK_KEYS =
            new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    @FXML
    private TableView<DocumentRow> table;

    @FXML
    private TableColumn<DocumentRow, String> nameColumn;

    @FXML
    private TableColumn<DocumentRow, String> typeColumn;

    @FXML
    private TableColumn<DocumentRow, Number> pagesColumn;

    @FXML
    private TableColumn<DocumentRow, Number> chunksColumn;

    @FXML
    private TableColumn<DocumentRow, RowStatus> statusColumn;

    @FXML
    private TableColumn<DocumentRow, Number> sizeColumn;

    @FXML
    private TableColumn<DocumentRow, String> languageColumn;

    @FXML
    private VBox emptyState;

    @FXML
    private Label semanticIndex;

    /**
     * @param semanticProgress how far the library's vectors have come, in words; empty when not known
     * @param watchedFolders   the watched folders, shown between the toolbar and the documents
     */
    public LibraryView(
            LibraryViewModel viewModel,
            Imports imports,
            DesktopActions desktop,
            ObservableStringValue semanticProgress,
            WatchedFoldersView watchedFolders) {
        this.viewModel = viewModel;
        this.imports = imports;
        this.desktop = desktop;
        Fxml.loadInto(this);
        getChildren().add(1, watchedFolders);
        configureColumns();

        filterField.textProperty().bindBidirectional(viewModel.filterProperty());
        summary.textProperty().bind(viewModel.summaryProperty());
        // Documents are searchable by their words at once; this says how far their vectors have come.
        semanticIndex
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Formats.capitalised(semanticProgress.get()) + "  ·", semanticProgress));
        semanticIndex.visibleProperty().bind(Bindings.isNotEmpty(semanticProgress));
        semanticIndex.managedProperty().bind(semanticIndex.visibleProperty());
        emptyState.visibleProperty().bind(viewModel.emptyProperty());
        table.visibleProperty().bind(viewModel.emptyProperty().not());
        table.setItems(viewModel.visibleRows());
        table.placeholderProperty()
                .bind(Bindings.createObjectBinding(
                        () -> new Label(Words.get(
                                "library.noMatch", viewModel.filterProperty().get())),
                        viewModel.filterProperty()));
    }

    private void configureColumns() {
        nameColumn.setCellValueFactory(
                c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        nameColumn.setCellFactory(c -> new NameCell());
        nameColumn.setComparator(NaturalOrder.INSTANCE);
        typeColumn.setCellValueFactory(
                c -> new ReadOnlyObjectWrapper<>(c.getValue().type()));
        pagesColumn.setCellValueFactory(c -> c.getValue().pagesProperty());
        pagesColumn.setCellFactory(c -> numberCell(n -> Formats.count(n.intValue())));
        chunksColumn.setCellValueFactory(c -> c.getValue().chunksProperty());
        chunksColumn.setCellFactory(c -> numberCell(n -> Formats.count(n.intValue())));
        statusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        statusColumn.setCellFactory(c -> new StatusCell());
        languageColumn.setCellValueFactory(c -> Bindings.createStringBinding(
                () -> Formats.language(c.getValue().languageProperty().get()),
                c.getValue().languageProperty()));
        sizeColumn.setCellValueFactory(c -> c.getValue().sizeProperty());
        sizeColumn.setCellFactory(c -> numberCell(n -> Formats.bytes(n.longValue())));
        table.setRowFactory(t -> row());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (ASK_KEYS.match(e)) {
                askAboutSelection();
                e.consume();
            }
        });
    }

    private TableRow<DocumentRow> row() {
        TableRow<DocumentRow> row = new TableRow<>();
        MenuItem ask = new MenuItem(Words.get("library.askAbout", 1));
        ask.setOnAction(e -> viewModel.askAbout(chosen(row)));
        ContextMenu menu = new ContextMenu(
                item(Words.get("library.open"), row, r -> desktop.open(r.path())),
                item(Words.get("library.showInFolder"), row, r -> desktop.showInFolder(r.path())),
                ask,
                new SeparatorMenuItem(),
                each(Words.get("library.reindex"), row, imports::reindex),
                each(Words.get("library.remove"), row, imports::remove));
        menu.setOnShowing(e -> {
            int n = chosen(row).size();
            // The keys are the table's own (Ctrl+Shift+A); a menu accelerator would be the whole scene's.
            ask.setText(Words.get("library.askAbout", n) + "   (Ctrl+Shift+A)");
        });
        row.contextMenuProperty()
                .bind(Bindings.when(row.emptyProperty())
                        .then((ContextMenu) null)
                        .otherwise(menu));
        row.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                desktop.open(row.getItem().path());
            }
        });
        return row;
    }

    /** The selected documents, or the clicked one when it is not among them. */
    private List<DocumentRow> chosen(TableRow<DocumentRow> row) {
        List<DocumentRow> selected = List.copyOf(table.getSelectionModel().getSelectedItems());
        if (row.getItem() == null) {
            return selected;
        }
        return selected.contains(row.getItem()) ? selected : List.of(row.getItem());
    }

    /** Asks about the rows selected in the table; nothing when none is. */
    void askAboutSelection() {
        viewModel.askAbout(List.copyOf(table.getSelectionModel().getSelectedItems()));
    }

    /** An action on every chosen document (the selection, or the clicked row when it is not in it). */
    private MenuItem each(String text, TableRow<DocumentRow> row, Consumer<DocumentRow> action) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> chosen(row).forEach(action));
        return item;
    }

    private static MenuItem item(String text, TableRow<DocumentRow> row, Consumer<DocumentRow> action) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> {
            if (row.getItem() != null) {
                action.accept(row.getItem());
            }
        });
        return item;
    }

    private static <T> TableCell<DocumentRow, T> numberCell(java.util.function.Function<T, String> format) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? null : format.apply(value));
            }
        };
    }

    /** The file name, with the full path in a tooltip. */
    private static final class NameCell extends TableCell<DocumentRow, String> {
        /** One per cell, its text changed: visible rows are updated on every batch of pipeline reports. */
        private final Tooltip tooltip = new Tooltip();

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            boolean has = !empty
                    && name != null
                    && getTableRow() != null
                    && getTableRow().getItem() != null;
            setText(has ? name : null);
            if (has) {
                tooltip.setText(getTableRow().getItem().path().toString());
            }
            setTooltip(has ? tooltip : null);
        }
    }

    TableView<DocumentRow> table() {
        return table;
    }

    /**
     * Builds, styles and lays out a screenful of rows once while the window is idle, in this very
     * table, made transparent, with made-up documents; then changes their status as an ingest
     * does, and gives the table back its real rows. The first rows of a session otherwise cost one
     * long frame during the first import: some 30 rows of 7 cells and their skins created, matched
     * against the style sheets and laid out, on code the JIT has not compiled yet (ADR 0010 has the
     * figures). The table keeps the cells it made and reuses them for the real rows.
     * Skipped when the library already has documents: then the real rows did all this. One step a
     * frame; {@code done} runs on the FX thread after the last.
     */
    public void warmUp(Runnable done) {
        if (!viewModel.rows().isEmpty()) {
            Platform.runLater(done);
            return;
        }
        List<DocumentRow> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(new DocumentRow(Path.of("warm-up", "document-" + i + (i % 3 == 0 ? ".pdf" : ".md")), 1_000L * i));
        }
        Runnable styleAndLayOut = () -> {
            table.applyCss();
            table.layout();
        };
        List<Runnable> steps = List.of(
                () -> {
                    table.visibleProperty().unbind();
                    table.setVisible(true);
                    table.setOpacity(0);
                    table.setMouseTransparent(true);
                    table.setItems(FXCollections.observableArrayList(rows));
                    styleAndLayOut.run();
                },
                () -> {
                    rows.forEach(r -> r.apply(new DocumentUpdate(r.path(), RowStatus.EMBEDDING, 3, -1, "", -1)));
                    styleAndLayOut.run();
                },
                () -> {
                    rows.forEach(r -> r.apply(new DocumentUpdate(r.path(), RowStatus.INDEXED, 3, 12, "", -1)));
                    styleAndLayOut.run();
                },
                () -> {
                    table.setItems(viewModel.visibleRows());
                    table.setOpacity(1);
                    table.setMouseTransparent(false);
                    table.visibleProperty().bind(viewModel.emptyProperty().not());
                    done.run();
                });
        runInTurn(steps.iterator());
    }

    private static void runInTurn(Iterator<Runnable> steps) {
        if (steps.hasNext()) {
            Platform.runLater(() -> {
                steps.next().run();
                runInTurn(steps);
            });
        }
    }
}
