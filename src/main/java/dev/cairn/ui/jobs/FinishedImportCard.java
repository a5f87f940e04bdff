package dev.cairn.ui.jobs;

import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Words;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One finished import on the Jobs page: its summary line and time, why it stopped when it did, and,
 * expanded, every path that failed or was not followed with its reason. Space or Enter on the focused
 * header opens and closes it, as a click does.
 */
final class FinishedImportCard extends TitledPane {

    /** The title's padding and arrow, which the header leaves free so it spans the rest. */
    private static final double TITLE_CHROME = 56;
    /** The dot and its gap, which the lines under the headline start after. */
    private static final double WHY_INDENT = 20;

    private final FinishedImport done;

    /**
     * @param width the width the card is given: its header follows it (a TitledPane's header would
     *              otherwise hold the card at its widest, as its minimum)
     */
    FinishedImportCard(FinishedImport done, ObservableDoubleValue width) {
        this.done = done;
        getStyleClass().add("finished-import");
        setAnimated(false);
        setGraphic(header(width));
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setAccessibleText(done.summary() + (done.why().isEmpty() ? "" : ". " + done.why()));
        if (done.problems().isEmpty()) {
            setCollapsible(false); // nothing to list: the counts say everything
            setExpanded(false);
            getStyleClass().add("no-problems");
        } else {
            setContent(problems());
            setExpanded(false);
        }
    }

    private VBox header(ObservableDoubleValue width) {
        Region dot = new Region();
        dot.getStyleClass().addAll("finished-dot", "finished-" + tone());
        Label headline = new Label(done.headline());
        headline.getStyleClass().add("finished-headline");
        headline.setMinWidth(0);
        headline.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(headline, Priority.ALWAYS);
        Label time = new Label(Formats.time(done.at()));
        time.getStyleClass().add("finished-time");
        time.setMinWidth(Region.USE_PREF_SIZE);
        HBox line = new HBox(10, dot, headline, time);
        line.setAlignment(Pos.CENTER_LEFT);
        // The counts on a line of their own: the whole sentence would be cut short in a narrow window.
        Label outcomes = new Label(done.outcomes());
        outcomes.getStyleClass().add("finished-outcomes");
        outcomes.setMinWidth(0);
        outcomes.setTooltip(new Tooltip(done.summary()));
        VBox header = new VBox(2, line, outcomes);
        header.getStyleClass().add("finished-header");
        if (!done.why().isEmpty()) {
            Label why = new Label(done.why());
            why.getStyleClass().add("finished-why");
            why.setWrapText(true);
            why.setMinHeight(Region.USE_PREF_SIZE);
            why.prefWidthProperty().bind(Bindings.subtract(width, TITLE_CHROME + WHY_INDENT)); // wraps at that width
            header.getChildren().add(why);
        }
        header.prefWidthProperty().bind(Bindings.subtract(width, TITLE_CHROME));
        header.setMinWidth(0);
        return header;
    }

    /** ok: all went in; warn: some paths did not; muted: cancelled; danger: it stopped or failed. */
    private String tone() {
        return switch (done.ending()) {
            case DONE -> done.counts().problems() == 0 ? "ok" : "warn";
            case CANCELLED -> "muted";
            case STOPPED, FAILED -> "danger";
        };
    }

    private VBox problems() {
        VBox list = new VBox();
        list.getStyleClass().add("finished-problems");
        for (PathOutcome p : done.problems()) {
            boolean failed = p.kind() == PathOutcome.Kind.FAILED;
            Label kind = new Label(Words.get(failed ? "finished.kindFailed" : "finished.kindNotFollowed"));
            kind.getStyleClass()
                    .addAll("status-pill", "problem-kind", failed ? "status-failed" : "outcome-not-followed");
            kind.setMinWidth(Region.USE_PREF_SIZE);
            Label path = new Label(done.shown(p));
            path.getStyleClass().add("problem-path");
            path.setTooltip(new Tooltip(p.path().toString()));
            Label reason = new Label(p.reason());
            reason.getStyleClass().add("problem-reason");
            reason.setWrapText(true);
            reason.setMinHeight(Region.USE_PREF_SIZE);
            VBox texts = new VBox(2, path, reason);
            texts.setMinWidth(0);
            HBox.setHgrow(texts, Priority.ALWAYS);
            HBox row = new HBox(12, kind, texts);
            row.getStyleClass().add("problem-row");
            list.getChildren().add(row);
        }
        Button copy = new Button(Words.get("finished.copyList"));
        copy.getStyleClass().addAll("secondary-button", "small-button");
        copy.setOnAction(e -> copyList());
        HBox footer = new HBox(10, copy);
        footer.getStyleClass().add("problems-footer");
        if (done.unlisted() > 0) {
            Label more = new Label(Words.get("finished.unlisted", done.unlisted(), Words.get("row.failed")));
            more.getStyleClass().add("muted");
            footer.getChildren().addFirst(more);
        }
        list.getChildren().add(footer);
        return list;
    }

    /** The summary and each listed path with its reason, one a line, for a bug report or a note. */
    private void copyList() {
        ClipboardContent text = new ClipboardContent();
        text.putString(done.summary()
                + System.lineSeparator()
                + done.problems().stream()
                        .map(p -> p.path() + "\t" + p.reason())
                        .collect(Collectors.joining(System.lineSeparator())));
        Clipboard.getSystemClipboard().setContent(text);
    }

    FinishedImport finishedImport() {
        return done;
    }
}
