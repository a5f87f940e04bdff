package dev.cairn.ui.ask;

import dev.cairn.ui.kit.Fxml;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** Ask a question, read the answer with its [n] markers, click a citation to see the passage in its source. */
public final class AskView extends VBox {

    /** [n], and the [n, m] a language model may write. */
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

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
    private VBox answerSection;

    @FXML
    private TextFlow answerFlow;

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
                .bind(Bindings.when(viewModel.busyProperty()).then("Stop").otherwise("Ask"));
        askButton
                .disableProperty()
                .bind(viewModel
                        .busyProperty()
                        .not()
                        .and(viewModel.questionProperty().isEmpty()));
        progress.visibleProperty().bind(viewModel.busyProperty());
        progress.managedProperty().bind(viewModel.busyProperty());
        hint.textProperty().bind(viewModel.hintProperty());
        hint.visibleProperty().bind(viewModel.hintProperty().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());
        answerSection.visibleProperty().bind(viewModel.answerProperty().isNotEmpty());
        answerSection.managedProperty().bind(answerSection.visibleProperty());
        noteLabel.textProperty().bind(viewModel.noteProperty());
        noteLabel.visibleProperty().bind(viewModel.noteProperty().isNotEmpty());
        noteLabel.managedProperty().bind(noteLabel.visibleProperty());
        answerLabel
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> viewModel.writerProperty().get().isEmpty()
                                ? "ANSWER"
                                : "ANSWER · WRITTEN BY "
                                        + viewModel.writerProperty().get().toUpperCase(java.util.Locale.ROOT),
                        viewModel.writerProperty()));
        sourcesLabel.visibleProperty().bind(Bindings.isNotEmpty(viewModel.citations()));
        sourcesLabel.managedProperty().bind(sourcesLabel.visibleProperty());
        if (!viewModel.available()) {
            hint.getStyleClass().add("notice");
        }

        scope = new ScopeBar(scopeBar, viewModel);
        viewModel.answerProperty().addListener((obs, old, now) -> renderAnswer(now));
        viewModel.citations().addListener((ListChangeListener<CitationItem>) c -> renderCitations());
        renderAnswer(viewModel.answerProperty().get());
        renderCitations();
    }

    /** Plain runs of text, and each [n] as a clickable marker that opens citation n. */
    private void renderAnswer(String answer) {
        answerFlow.getChildren().clear();
        if (answer == null) {
            return;
        }
        Matcher m = MARKER.matcher(answer);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                answerFlow.getChildren().add(text(answer.substring(at, m.start())));
            }
            for (String part : m.group(1).split(",")) {
                int n = Integer.parseInt(part.strip());
                Label marker = new Label(Integer.toString(n));
                marker.getStyleClass().add("citation-marker");
                marker.setOnMouseClicked(e -> viewModel.citations().stream()
                        .filter(c -> c.number() == n)
                        .findFirst()
                        .ifPresent(viewModel::openCitation));
                answerFlow.getChildren().add(marker);
            }
            at = m.end();
        }
        if (at < answer.length()) {
            answerFlow.getChildren().add(text(answer.substring(at)));
        }
    }

    private void renderCitations() {
        citationsBox
                .getChildren()
                .setAll(viewModel.citations().stream()
                        .map(c -> new CitationCard(c, viewModel::openCitation))
                        .toList());
    }

    private static Text text(String s) {
        Text t = new Text(s);
        t.getStyleClass().add("answer-text");
        return t;
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

    FlowPane scopeBar() {
        return scopeBar;
    }

    javafx.scene.control.MenuButton scopeMenu() {
        return scope.menu();
    }
}
