package dev.cairn.ui.ask;

import dev.cairn.ui.kit.Words;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** One source behind an answer: document, place (page, slide, sheet, chapter), score, and the matching passage with its terms highlighted. */
public final class CitationCard extends VBox {

    private final CitationItem item;

    public CitationCard(CitationItem item, Consumer<CitationItem> onOpen) {
        this.item = item;
        getStyleClass().add("citation-card");

        Label number = new Label(Integer.toString(item.number()));
        number.getStyleClass().add("citation-number");
        Label document = new Label(item.document());
        document.getStyleClass().add("citation-document");
        Label page = new Label(item.place());
        page.getStyleClass().add("citation-page");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label score = new Label(String.format(Words.locale(), "%.2f", item.score()));
        score.getStyleClass().add("citation-score");
        Tooltip.install(score, new Tooltip(Words.get("ask.scoreTip")));
        HBox header = new HBox(8, number, document, page, spacer, score);
        header.setAlignment(Pos.CENTER_LEFT);

        TextFlow snippet = highlight(item.snippet(), item);
        snippet.getStyleClass().add("citation-snippet");

        getChildren().addAll(header, snippet);
        setCursor(Cursor.HAND);
        if (item.source() != null) {
            Tooltip.install(
                    this,
                    new Tooltip(Words.get("ask.showPassage", item.source())
                            + (item.place().isEmpty() ? "" : " (" + item.place() + ")")));
        }
        setOnMouseClicked(e -> onOpen.accept(item));
    }

    /** The snippet as text runs, each occurrence of a term as a highlighted run. */
    static TextFlow highlight(String snippet, CitationItem item) {
        TextFlow flow = new TextFlow();
        String alternatives = item.terms().stream()
                .filter(t -> !t.isBlank())
                .map(t -> Pattern.quote(t.strip()))
                .collect(Collectors.joining("|"));
        if (alternatives.isEmpty()) {
            flow.getChildren().add(run(snippet));
            return flow;
        }
        Matcher m = Pattern.compile(alternatives, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(snippet);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                flow.getChildren().add(run(snippet.substring(at, m.start())));
            }
            Text hit = new Text(m.group());
            hit.getStyleClass().addAll("snippet-text", "hit");
            flow.getChildren().add(hit);
            at = m.end();
        }
        if (at < snippet.length()) {
            flow.getChildren().add(run(snippet.substring(at)));
        }
        return flow;
    }

    private static Node run(String s) {
        Text t = new Text(s);
        t.getStyleClass().add("snippet-text");
        return t;
    }

    public CitationItem item() {
        return item;
    }
}
