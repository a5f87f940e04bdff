package dev.cairn.ui.library;

import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.Words;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/**
 * The watched folders above the Library's documents: each with what it is doing and its last change,
 * and buttons to watch another, pause or resume one and remove one. From the keyboard: Tab reaches
 * the list and the buttons; in the list, Space pauses or resumes and Delete removes the selected folder.
 */
public final class WatchedFoldersView extends VBox {

    /** Watch a folder from anywhere in the window (the File menu names it too). */
    public static final KeyCombination WATCH_KEYS =
            new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    /** How many folders show before the list scrolls: the documents below keep most of the page. */
    static final int ROWS_SHOWN = 3;

    private static final double ROW_HEIGHT = 44;

    private final WatchedFoldersViewModel viewModel;
    private Path lastSelected;

    @FXML
    private Label summary;

    @FXML
    private Button pauseButton;

    @FXML
    private Button removeButton;

    @FXML
    private Button watchButton;

    @FXML
    private ListView<LibraryWatch.Folder> list;

    public WatchedFoldersView(WatchedFoldersViewModel viewModel) {
        this.viewModel = viewModel;
        Fxml.loadInto(this);
        summary.textProperty().bind(viewModel.summaryProperty());
        Tooltip whole = new Tooltip(); // a narrow window cuts the line short
        whole.textProperty().bind(viewModel.summaryProperty());
        summary.setTooltip(whole);
        list.setItems(viewModel.folders());
        list.setCellFactory(l -> new FolderCell());
        var height = Bindings.createDoubleBinding(
                () -> Math.min(ROWS_SHOWN, viewModel.folders().size()) * ROW_HEIGHT + 12, viewModel.folders());
        list.prefHeightProperty().bind(height);
        list.minHeightProperty().bind(height); // the documents below grow; this list keeps its rows whole
        list.visibleProperty().bind(Bindings.isNotEmpty(viewModel.folders()));
        list.managedProperty().bind(list.visibleProperty());

        var selected = list.getSelectionModel().selectedItemProperty();
        BooleanBinding none = selected.isNull();
        pauseButton.disableProperty().bind(none);
        removeButton.disableProperty().bind(none);
        pauseButton
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> selected.get() != null && selected.get().stored().paused()
                                ? Words.get("watch.resume")
                                : Words.get("watched.pause"),
                        selected));
        pauseButton.setTooltip(new Tooltip(Words.get("watch.pauseTip")));
        removeButton.setTooltip(new Tooltip(Words.get("watch.removeTip")));
        watchButton.setTooltip(new Tooltip(Words.get("watch.watchTip")));
        watchButton.disableProperty().set(!viewModel.connected());
        list.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        // A folder's row is replaced as its state changes: the selection stays on the same folder.
        selected.addListener((obs, old, now) -> {
            if (now != null) {
                lastSelected = now.path();
            }
        });
        viewModel.folders().addListener((ListChangeListener<LibraryWatch.Folder>) change -> {
            LibraryWatch.Folder now = selected.get();
            if (lastSelected != null && (now == null || !now.path().equals(lastSelected))) {
                viewModel
                        .find(lastSelected)
                        .ifPresent(f -> list.getSelectionModel().select(f));
            }
        });
    }

    private void onKey(KeyEvent e) {
        LibraryWatch.Folder folder = list.getSelectionModel().getSelectedItem();
        if (folder == null) {
            return;
        }
        if (e.getCode() == KeyCode.SPACE) {
            viewModel.togglePause(folder);
            e.consume();
        } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            viewModel.remove(folder);
            e.consume();
        }
    }

    @FXML
    private void togglePause() {
        LibraryWatch.Folder folder = list.getSelectionModel().getSelectedItem();
        if (folder != null) {
            viewModel.togglePause(folder);
        }
    }

    @FXML
    private void remove() {
        LibraryWatch.Folder folder = list.getSelectionModel().getSelectedItem();
        if (folder != null) {
            viewModel.remove(folder);
        }
    }

    @FXML
    private void watchFolder() {
        chooseAndWatch(getScene().getWindow(), viewModel);
    }

    /** Asks for a folder with the system's chooser and watches it; nothing when the person cancels. */
    public static void chooseAndWatch(Window owner, WatchedFoldersViewModel viewModel) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(Words.get("watch.chooserTitle"));
        File dir = chooser.showDialog(owner);
        if (dir != null) {
            viewModel.add(dir.toPath());
        }
    }

    ListView<LibraryWatch.Folder> list() {
        return list;
    }

    Button pauseButton() {
        return pauseButton;
    }

    /** "watching", "scanning 12 of 40", "paused", "failed", "watched elsewhere". */
    static String label(LibraryWatch.Folder f) {
        return switch (f.activity()) {
            case WATCHING -> Words.get("watch.state.watching");
            case SCANNING ->
                f.total() > 0
                        ? Words.get("watch.state.scanningOf", f.files(), f.total())
                        : Words.get("watch.state.scanning");
            case PAUSED -> Words.get("watch.state.paused");
            case FAILED -> Words.get("watch.state.failed");
            case ELSEWHERE -> Words.get("watch.state.elsewhere");
        };
    }

    /** "last change 14:02", "last change 3 Dec 09:15", "no change yet". */
    static String lastChange(Instant at, ZoneId zone, LocalDate today) {
        if (at == null) {
            return Words.get("watch.noChangeYet");
        }
        var local = at.atZone(zone);
        return Words.get(
                "watch.lastChange", local.toLocalDate().equals(today) ? Formats.time(local) : Formats.dayTime(local));
    }

    /** A folder: its name and path (or what went wrong) on the left, its state and last change on the right. */
    private static final class FolderCell extends ListCell<LibraryWatch.Folder> {
        private final Label name = new Label();
        private final Label detail = new Label();
        private final Label pill = new Label();
        private final Label when = new Label();
        private final Tooltip tooltip = new Tooltip();
        private final HBox row;

        FolderCell() {
            name.getStyleClass().add("watched-name");
            pill.getStyleClass().add("status-pill");
            when.getStyleClass().add("watched-when");
            VBox left = new VBox(1, name, detail);
            left.setMinWidth(0);
            HBox.setHgrow(left, Priority.ALWAYS);
            VBox right = new VBox(2, pill, when);
            right.setMinWidth(Region.USE_PREF_SIZE);
            right.setStyle("-fx-alignment: center-right;");
            row = new HBox(10, left, right);
            row.getStyleClass().add("watched-row");
            // As wide as the list, not as the longest path: a long path ends in an ellipsis, the state stays in view.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(LibraryWatch.Folder f, boolean empty) {
            super.updateItem(f, empty);
            if (empty || f == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            name.setText(WatchedFoldersViewModel.name(f.path()));
            boolean failed = f.activity() == LibraryWatch.Activity.FAILED;
            // The row names the folder above its problem: the problem names it by that name, not its
            // whole path again, so that the sentence fits the row (the tooltip keeps both whole).
            detail.setText(
                    failed
                            ? Phrase.show(f.problem()).replace(f.path().toString(), "“" + name.getText() + "”")
                            : f.path().toString());
            detail.getStyleClass().setAll(failed ? "watched-problem" : "watched-detail");
            pill.getStyleClass().removeIf(c -> c.startsWith("status-") && !c.equals("status-pill"));
            pill.getStyleClass().add("status-" + f.activity().name().toLowerCase(Locale.ROOT));
            pill.setText(label(f));
            when.setText(lastChange(f.stored().lastChangeAt(), ZoneId.systemDefault(), LocalDate.now()));
            tooltip.setText(f.path() + (failed ? "\n" + Phrase.show(f.problem()) : ""));
            setTooltip(tooltip);
            setGraphic(row);
        }
    }
}
