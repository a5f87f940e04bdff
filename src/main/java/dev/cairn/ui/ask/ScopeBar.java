package dev.cairn.ui.ask;

import dev.cairn.ingest.parse.DocumentTypes;
import dev.cairn.platform.Phrase;
import dev.cairn.store.SearchScope;
import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Words;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;

/**
 * The filter chips above the Ask page's results: one chip per part of the scope, each with a button
 * that removes it, and a menu that adds a folder, file types or a time span. Fills the FXML's pane.
 */
final class ScopeBar {

    private final FlowPane pane;
    private final AskViewModel viewModel;
    private final MenuButton menu = new MenuButton();

    ScopeBar(FlowPane pane, AskViewModel viewModel) {
        this.pane = pane;
        this.viewModel = viewModel;
        menu.getStyleClass().add("scope-menu");
        menu.getItems().setAll(wholeLibrary(), folder(), new SeparatorMenuItem(), types(), since());
        viewModel.scopeProperty().addListener((obs, old, now) -> render());
        render();
    }

    MenuButton menu() {
        return menu;
    }

    private void render() {
        List<javafx.scene.Node> nodes = new ArrayList<>();
        for (AskScope.Chip chip : viewModel.scopeChips()) {
            Label text = new Label(chip.text());
            Button remove = new Button("✕");
            remove.getStyleClass().add("scope-chip-remove");
            remove.setAccessibleText(Words.get("ask.scope.removeFilter", chip.text()));
            remove.setOnAction(e -> viewModel.scopeProperty().set(chip.without()));
            HBox box = new HBox(text, remove);
            box.getStyleClass().add("scope-chip");
            nodes.add(box);
        }
        boolean all = viewModel.scopeProperty().get().isAll();
        menu.setText(Words.get(all ? "ask.scope.searchingAll" : "ask.scope.addFilter") + " ▾");
        nodes.add(menu);
        pane.getChildren().setAll(nodes);
    }

    private MenuItem wholeLibrary() {
        MenuItem item = new MenuItem(Words.get("ask.scope.searchAll"));
        item.setOnAction(e -> viewModel.scopeProperty().set(SearchScope.ALL));
        return item;
    }

    private MenuItem folder() {
        MenuItem item = new MenuItem(Words.get("ask.scope.onlyFolder"));
        item.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(Words.get("ask.scope.folderTitle"));
            File chosen = chooser.showDialog(
                    pane.getScene() == null ? null : pane.getScene().getWindow());
            if (chosen != null) {
                viewModel
                        .scopeProperty()
                        .set(AskScope.withPlace(viewModel.scopeProperty().get(), chosen.toPath()));
            }
        });
        return item;
    }

    /** One check item per family of document types ("PDF", "source code"), in the list's order. */
    private Menu types() {
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (DocumentTypes.DocumentType t : DocumentTypes.all()) {
            families.computeIfAbsent(t.family(), f -> new ArrayList<>()).addAll(t.extensions());
        }
        Menu types = new Menu(Words.get("ask.scope.onlyType"));
        families.forEach((family, extensions) -> {
            CheckMenuItem item = new CheckMenuItem(Formats.capitalised(Phrase.show(family)));
            item.setOnAction(e -> viewModel
                    .scopeProperty()
                    .set(AskScope.toggleTypes(viewModel.scopeProperty().get(), extensions, item.isSelected())));
            types.getItems().add(item);
        });
        types.setOnShowing(
                e -> { // the checks follow the scope, which chips may have changed
                    List<String> chosen =
                            List.copyOf(viewModel.scopeProperty().get().extensions());
                    List<List<String>> lists = List.copyOf(families.values());
                    for (int i = 0; i < lists.size(); i++) {
                        ((CheckMenuItem) types.getItems().get(i)).setSelected(chosen.containsAll(lists.get(i)));
                    }
                });
        return types;
    }

    private Menu since() {
        Menu since = new Menu(Words.get("ask.scope.changedInLast"));
        ToggleGroup group = new ToggleGroup();
        spans().forEach((label, span) -> {
            RadioMenuItem item = new RadioMenuItem(label);
            item.setToggleGroup(group);
            item.setOnAction(e -> viewModel
                    .scopeProperty()
                    .set(AskScope.withSince(
                            viewModel.scopeProperty().get(),
                            span == null
                                    ? null
                                    : LocalDate.now()
                                            .minusDays(span.toDays())
                                            .atStartOfDay(ZoneId.systemDefault())
                                            .toInstant())));
            since.getItems().add(item);
        });
        since.setOnShowing(e -> {
            Instant current = viewModel.scopeProperty().get().since();
            if (current == null) {
                group.selectToggle(group.getToggles().getLast());
            } else {
                group.selectToggle(null);
            }
        });
        return since;
    }

    private static Map<String, Duration> spans() {
        Map<String, Duration> spans = new LinkedHashMap<>();
        spans.put(Words.get("ask.scope.days", 7), Duration.ofDays(7));
        spans.put(Words.get("ask.scope.days", 30), Duration.ofDays(30));
        spans.put(Words.get("ask.scope.months", 12), Duration.ofDays(365));
        spans.put(Words.get("ask.scope.anyTime"), null);
        return spans;
    }
}
