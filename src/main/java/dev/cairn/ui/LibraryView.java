package dev.cairn.ui;

import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;

/** The documents table with its filter, context menu and the empty "drop here" state. */
public final class LibraryView extends VBox {

    private final MainViewModel main;
    private final LibraryViewModel viewModel;

    @FXML private TextField filterField;
    @FXML private Label summary;
    @FXML private TableView<DocumentRow> table;
    @FXML private TableColumn<DocumentRow, String> nameColumn;
    @FXML private TableColumn<DocumentRow, String> typeColumn;
    @FXML private TableColumn<DocumentRow, Number> pagesColumn;
    @FXML private TableColumn<DocumentRow, Number> chunksColumn;
    @FXML private TableColumn<DocumentRow, DocumentStatus> statusColumn;
    @FXML private TableColumn<DocumentRow, Number> sizeColumn;
    @FXML private VBox emptyState;

    public LibraryView(MainViewModel main) {
        this.main = main;
        this.viewModel = main.library();
        Fxml.loadInto(this);

        filterField.textProperty().bindBidirectional(viewModel.filterProperty());
        summary.textProperty().bind(viewModel.summaryProperty());
        emptyState.visibleProperty().bind(viewModel.emptyProperty());
        table.visibleProperty().bind(viewModel.emptyProperty().not());
        table.setItems(viewModel.visibleRows());
        table.placeholderProperty().bind(Bindings.createObjectBinding(
                () -> new Label("No documents match “" + viewModel.filterProperty().get() + "”"), viewModel.filterProperty()));

        nameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        nameColumn.setCellFactory(c -> new NameCell());
        typeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().type()));
        pagesColumn.setCellValueFactory(c -> c.getValue().pagesProperty());
        pagesColumn.setCellFactory(c -> numberCell(n -> Formats.count(n.intValue())));
        chunksColumn.setCellValueFactory(c -> c.getValue().chunksProperty());
        chunksColumn.setCellFactory(c -> numberCell(n -> Formats.count(n.intValue())));
        statusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        statusColumn.setCellFactory(c -> new StatusCell());
        sizeColumn.setCellValueFactory(c -> c.getValue().sizeProperty());
        sizeColumn.setCellFactory(c -> numberCell(n -> Formats.bytes(n.longValue())));
        table.setRowFactory(t -> row());
    }

    private TableRow<DocumentRow> row() {
        TableRow<DocumentRow> row = new TableRow<>();
        DesktopActions desktop = main.services().desktop();
        ContextMenu menu = new ContextMenu(
                item("Open", row, r -> desktop.open(r.path())),
                item("Show in folder", row, r -> desktop.showInFolder(r.path())),
                new SeparatorMenuItem(),
                item("Re-index", row, main::reindex),
                item("Remove from library", row, main::remove));
        row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(menu));
        row.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                desktop.open(row.getItem().path());
            }
        });
        return row;
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
            boolean has = !empty && name != null && getTableRow() != null && getTableRow().getItem() != null;
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
}
