package dev.cairn.ui.ask;

import dev.cairn.ui.kit.Words;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;

/**
 * An earlier question of the open thread with its answer, above the current one: the question, the
 * answer with its markers, what was searched for when the question was rewritten, and its sources as
 * buttons that show the passage.
 */
final class TurnCard extends VBox {

    TurnCard(TurnItem turn, Consumer<CitationItem> open) {
        getStyleClass().add("turn");
        AskResult result = turn.result();

        Label question = new Label(turn.question());
        question.getStyleClass().add("asked-question");
        question.setWrapText(true);
        question.setMaxWidth(Double.MAX_VALUE);

        VBox answer = new VBox();
        answer.getStyleClass().addAll("answer-card", "earlier-answer");
        Label label = new Label(
                result.writer().isEmpty()
                        ? Words.get("ask.answer")
                        : Words.get("ask.answerWrittenBy", result.writer().toUpperCase(Locale.ROOT)));
        label.getStyleClass().add("section-label");
        TextFlow text = new TextFlow();
        text.getStyleClass().add("answer-flow");
        AnswerText.render(
                text,
                result.answer().isEmpty() ? Words.get("ask.noAnswer") : result.answer(),
                result.citations(),
                open);
        answer.getChildren().addAll(label, text);
        if (!result.searchedFor().isEmpty()) {
            answer.getChildren().add(searchedFor(result.searchedFor()));
        }
        if (!result.citations().isEmpty()) {
            FlowPane sources = new FlowPane(6, 6);
            sources.getStyleClass().add("turn-sources");
            for (CitationItem c : result.citations()) {
                Button source = new Button(c.number() + "  " + c.document()
                        + (c.page() > 0 ? ", " + Words.get("ask.page", c.page()) : ""));
                source.getStyleClass().add("source-button");
                source.setOnAction(e -> open.accept(c));
                source.setTooltip(new Tooltip(Words.get("ask.showPassage", c.source())));
                sources.getChildren().add(source);
            }
            answer.getChildren().add(sources);
        }
        getChildren().addAll(question, answer);
    }

    /** The line under an answer that says what a rewritten follow-up searched for. */
    private static Label searchedFor(String query) {
        Label l = new Label(Words.get("ask.searchedFor", query));
        l.getStyleClass().add("searched-for");
        l.setWrapText(true);
        return l;
    }
}
