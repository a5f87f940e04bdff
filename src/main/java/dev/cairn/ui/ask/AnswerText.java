package dev.cairn.ui.ask;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** An answer's text in a {@link TextFlow}: plain runs, and each [n] as a marker that opens citation n. */
final class AnswerText {

    /** [n], and the [n, m] a language model may write. */
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

    private AnswerText() {}

    /** Fills {@code flow} with {@code answer}; a marker's click opens its citation among {@code citations}. */
    static void render(TextFlow flow, String answer, List<CitationItem> citations, Consumer<CitationItem> open) {
        flow.getChildren().clear();
        if (answer == null) {
            return;
        }
        Matcher m = MARKER.matcher(answer);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                flow.getChildren().add(text(answer.substring(at, m.start())));
            }
            for (String part : m.group(1).split(",")) {
                int n = Integer.parseInt(part.strip());
                Label marker = new Label(Integer.toString(n));
                marker.getStyleClass().add("citation-marker");
                marker.setOnMouseClicked(e -> citations.stream()
                        .filter(c -> c.number() == n)
                        .findFirst()
                        .ifPresent(open));
                flow.getChildren().add(marker);
            }
            at = m.end();
        }
        if (at < answer.length()) {
            flow.getChildren().add(text(answer.substring(at)));
        }
    }

    private static Text text(String s) {
        Text t = new Text(s);
        t.getStyleClass().add("answer-text");
        return t;
    }
}
