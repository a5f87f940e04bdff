package dev.cairn.ui.ask;

import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Words;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;

/**
 * The Ask page's list of threads, the most recently used first: each its title and when it was last
 * used. Choosing one (click, the arrow keys, Enter) opens it; Delete or the context menu deletes it,
 * after asking.
 * Fills the FXML's list.
 */
final class ThreadList {

    /** Keys that choose a thread in the list. */
    private static final Set<KeyCode> OPENING_KEYS = EnumSet.of(
            KeyCode.UP, KeyCode.DOWN, KeyCode.HOME, KeyCode.END, KeyCode.PAGE_UP, KeyCode.PAGE_DOWN, KeyCode.ENTER);

    private final ListView<ThreadItem> list;
    private final AskViewModel viewModel;

    ThreadList(ListView<ThreadItem> list, AskViewModel viewModel) {
        this.list = list;
        this.viewModel = viewModel;
        list.setItems(viewModel.threads());
        list.setCellFactory(l -> new Cell());
        list.setPlaceholder(new Label(Words.get("ask.threads.placeholder")));
        list.setAccessibleText(Words.get("ask.threads.accessible"));
        // A thread opens on what the person does (a click, the arrow keys, Enter), never on a selection
        // the list makes itself, e.g. when the thread just answered moves to the top.
        list.setOnKeyReleased(e -> {
            if (OPENING_KEYS.contains(e.getCode())) {
                viewModel.open(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(e -> {
            if ((e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE)
                    && list.getSelectionModel().getSelectedItem() != null) {
                confirmDelete(list.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        list.disableProperty().bind(viewModel.busyProperty());
        viewModel.threadProperty().addListener((obs, old, now) -> follow());
        viewModel.threads().addListener((ListChangeListener<ThreadItem>) c -> follow());
        follow();
    }

    /** Selects the open thread (none for a new one). */
    private void follow() {
        ThreadItem open = viewModel.threadProperty().get();
        int at = -1;
        for (int i = 0; open != null && i < list.getItems().size(); i++) {
            if (list.getItems().get(i).id() == open.id()) {
                at = i;
            }
        }
        if (at < 0) {
            list.getSelectionModel().clearSelection();
        } else {
            list.getSelectionModel().clearAndSelect(at);
            list.getFocusModel().focus(at);
        }
    }

    /** Asks before a thread goes: its questions and answers can't be brought back. */
    private void confirmDelete(ThreadItem item) {
        if (item == null) {
            return;
        }
        ButtonType delete = new ButtonType(Words.get("ask.threads.delete"), ButtonBar.ButtonData.OK_DONE);
        Alert alert =
                new Alert(Alert.AlertType.CONFIRMATION, Words.get("ask.threads.deleteText"), delete, ButtonType.CANCEL);
        alert.getDialogPane().lookupButton(delete).getStyleClass().add("accent-button");
        alert.setTitle(Words.get("ask.threads.deleteTitle"));
        alert.setHeaderText(Words.get("ask.threads.deleteHeader", item.title()));
        if (list.getScene() != null) {
            alert.initOwner(list.getScene().getWindow());
            alert.getDialogPane().getStylesheets().setAll(list.getScene().getStylesheets());
        }
        alert.showAndWait().filter(delete::equals).ifPresent(b -> viewModel.delete(item));
    }

    /** When a thread was last used: the time today, the day this year, else the date. */
    static String when(Instant instant, ZoneId zone, LocalDate today) {
        var at = instant.atZone(zone);
        if (at.toLocalDate().equals(today)) {
            return Formats.time(at);
        }
        return at.getYear() == today.getYear() ? Formats.day(at) : Formats.date(at);
    }

    private final class Cell extends ListCell<ThreadItem> {
        private final Label title = new Label();
        private final Label when = new Label();
        private final VBox box = new VBox(2, title, when);
        private final MenuItem delete = new MenuItem(Words.get("ask.threads.deleteMenu") + "   (Delete)");

        Cell() {
            setPrefWidth(0); // as wide as the list, never wider: long titles wrap and end in "…"
            title.getStyleClass().add("thread-title");
            when.getStyleClass().add("thread-when");
            box.getStyleClass().add("thread-cell-box");
            delete.setOnAction(e -> confirmDelete(getItem()));
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && !isEmpty()) {
                    viewModel.open(getItem());
                }
            });
        }

        @Override
        protected void updateItem(ThreadItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setContextMenu(null);
                setAccessibleText(null);
                setTooltip(null);
                return;
            }
            title.setText(item.title());
            setTooltip(new Tooltip(item.title()));
            String at = when(item.updated(), ZoneId.systemDefault(), LocalDate.now());
            when.setText(at + " · " + Words.get("ask.threads.questions", item.turns()));
            setGraphic(box);
            setContextMenu(new ContextMenu(delete));
            setAccessibleText(item.title() + ", " + when.getText());
        }
    }
}
