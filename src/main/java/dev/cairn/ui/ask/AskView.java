package dev.cairn.ui.ask;

import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.Words;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;

/**
 * Ask questions in a thread and read the answers with their [n] markers; click a citation to see
 * the passage in its source. The threads kept with the library are listed beside it.
 */
public final class AskView extends HBox {

    private final AskViewModel viewModel;

    @FXML
    private TextField questionField;

    @FXML
    private Button askButton;

    @FXML
    private ProgressIndicator progress;

    @FXML
    private Label hint;

    @FXML
    private ScrollPane scroll;

    @FXML
    private VBox earlierBox;

    @FXML
    private Label askedLabel;

    @FXML
    private VBox answerSection;

    @FXML
    private TextFlow answerFlow;

    @FXML
    private Label searchedForLabel;

    @FXML
    private VBox citationsBox;

    @FXML
    private Label sourcesLabel;

    @FXML
    private Label noteLabel;

    @FXML
    private Label answerLabel;

    @FXML
    private FlowPane scopeBar;

    @FXML
    private Button newThreadButton;

    @FXML
    private ListView<ThreadItem> threadList;

    private final ScopeBar scope;

    public AskView(AskViewModel viewModel) {
        this.viewModel = viewModel;
        Fxml.loadInto(this);

        questionField.textProperty().bindBidirectional(viewModel.questionProperty());
        questionField.setOnAction(e -> viewModel.ask());
        questionField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && viewModel.busyProperty().get()) {
                viewModel.stop();
                e.consume();
            }
        });
        // While a question is being answered the button stops it (Esc does too).
        askButton.setOnAction(e -> {
            if (viewModel.busyProperty().get()) {
                viewModel.stop();
            } else {
                viewModel.ask();
            }
        });
        askButton
                .textProperty()
                .bind(Bindings.when(viewModel.busyProperty())
                        .then(Words.get("ask.stop"))
                        .otherwise(Words.get("ask.ask")));
        askButton
                .disableProperty()
                .bind(viewModel
                        .busyProperty()
                        .not()
                        .and(viewModel.questionProperty().isEmpty()));
        progress.visibleProperty().bind(viewModel.busyProperty());
        progress.managedProperty().bind(viewModel.busyProperty());
        hint.textProperty().bind(viewModel.hintProperty());
        showWhenSet(hint, hint.textProperty().isNotEmpty());
        askedLabel.textProperty().bind(viewModel.askedProperty());
        showWhenSet(askedLabel, viewModel.askedProperty().isNotEmpty());
        showWhenSet(answerSection, viewModel.answerProperty().isNotEmpty());
        noteLabel.textProperty().bind(viewModel.noteProperty());
        showWhenSet(noteLabel, viewModel.noteProperty().isNotEmpty());
        searchedForLabel
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Words.get(
                                "ask.searchedFor",
                                viewModel.searchedForProperty().get()),
                        viewModel.searchedForProperty()));
        showWhenSet(searchedForLabel, viewModel.searchedForProperty().isNotEmpty());
        answerLabel
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> viewModel.writerProperty().get().isEmpty()
                                ? Words.get("ask.answer")
                                : Words.get(
                                        "ask.answerWrittenBy",
                                        viewModel.writerProperty().get().toUpperCase(java.util.Locale.ROOT)),
                        viewModel.writerProperty()));
        showWhenSet(sourcesLabel, Bindings.isNotEmpty(viewModel.citations()));
        if (!viewModel.available()) {
            hint.getStyleClass().add("notice");
        }

        scope = new ScopeBar(scopeBar, viewModel);
        new ThreadList(threadList, viewModel);
        newThreadButton.setOnAction(e -> viewModel.newThread());
        newThreadButton.disableProperty().bind(viewModel.busyProperty());
        viewModel.answerProperty().addListener((obs, old, now) -> renderAnswer(now));
        viewModel.citations().addListener((ListChangeListener<CitationItem>) c -> renderCitations());
        viewModel.earlier().addListener((ListChangeListener<TurnItem>) c -> renderEarlier());
        // A new question, or a thread opened: the newest turn is at the bottom.
        viewModel.askedProperty().addListener((obs, old, now) -> scrollToEnd());
        viewModel.threadProperty().addListener((obs, old, now) -> {
            if (now == null) {
                questionField.requestFocus(); // a new thread: ready for its first question
            }
        });
        // Shown (first, or again from another page): the threads as they are now, the question field focused.
        sceneProperty().addListener((obs, old, now) -> {
            if (now != null) {
                viewModel.refreshThreads();
                Platform.runLater(questionField::requestFocus);
            }
        });
        renderAnswer(viewModel.answerProperty().get());
        renderCitations();
        renderEarlier();
    }

    private static void showWhenSet(javafx.scene.Node node, javafx.beans.value.ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(node.visibleProperty());
    }

    private void renderAnswer(String answer) {
        AnswerText.render(answerFlow, answer, viewModel.citations(), viewModel::openCitation);
    }

    private void renderCitations() {
        citationsBox
                .getChildren()
                .setAll(viewModel.citations().stream()
                        .map(c -> new CitationCard(c, viewModel::openCitation))
                        .toList());
    }

    private void renderEarlier() {
        earlierBox
                .getChildren()
                .setAll(viewModel.earlier().stream()
                        .map(t -> new TurnCard(t, viewModel::openCitation))
                        .toList());
        earlierBox.setVisible(!viewModel.earlier().isEmpty());
        earlierBox.setManaged(earlierBox.isVisible());
    }

    private void scrollToEnd() {
        Platform.runLater(() -> {
            scroll.layout();
            scroll.setVvalue(scroll.getVmax());
        });
    }

    TextField questionField() {
        return questionField;
    }

    TextFlow answerFlow() {
        return answerFlow;
    }

    VBox citationsBox() {
        return citationsBox;
    }

    Label note() {
        return noteLabel;
    }

    Label hint() {
        return hint;
    }

    Label searchedFor() {
        return searchedForLabel;
    }

    VBox earlierTurns() {
        return earlierBox;
    }

    ListView<ThreadItem> threadList() {
        return threadList;
    }

    FlowPane scopeBar() {
        return scopeBar;
    }

    MenuButton scopeMenu() {
        return scope.menu();
    }
}
