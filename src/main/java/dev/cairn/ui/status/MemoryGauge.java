package dev.cairn.ui.status;

import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Words;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * Heap occupancy as a bar with a mark at {@link StatusBarViewModel#HEAP_WARNING}, the numbers beside
 * it, and a "Throttled" badge while the memory governor holds work back.
 */
public final class MemoryGauge extends HBox {

    private static final PseudoClass HIGH = PseudoClass.getPseudoClass("high");
    private static final double TRACK_WIDTH = 96;

    private final ObjectProperty<MemoryReading> reading = new SimpleObjectProperty<>(MemoryReading.NONE);
    private final BooleanProperty throttled = new SimpleBooleanProperty();
    private final Region fill = new Region();
    private final Label text = new Label();
    private final Label badge = new Label(Words.get("memory.throttled"));
    private final Tooltip tooltip = new Tooltip();

    public MemoryGauge() {
        getStyleClass().add("memory-gauge");
        setAlignment(Pos.CENTER_LEFT);

        Pane track = new Pane();
        track.getStyleClass().add("gauge-track");
        track.setMinSize(TRACK_WIDTH, 8);
        track.setPrefSize(TRACK_WIDTH, 8);
        track.setMaxSize(TRACK_WIDTH, 8);
        fill.getStyleClass().add("gauge-fill");
        fill.setPrefHeight(8);
        Region mark = new Region();
        mark.getStyleClass().add("gauge-mark");
        mark.setPrefSize(2, 12);
        mark.setLayoutX(TRACK_WIDTH * StatusBarViewModel.HEAP_WARNING - 1);
        mark.setLayoutY(-2);
        track.getChildren().addAll(fill, mark);

        text.getStyleClass().add("gauge-text");
        text.setMinWidth(Region.USE_PREF_SIZE);
        badge.setMinWidth(Region.USE_PREF_SIZE);
        badge.getStyleClass().add("throttle-badge");
        badge.visibleProperty().bind(throttled);
        badge.managedProperty().bind(throttled);

        getChildren().addAll(track, text, badge);
        Tooltip.install(this, tooltip);

        reading.addListener((obs, old, now) -> show(now));
        throttled.addListener((obs, old, now) -> {
            if (now) {
                getStyleClass().add("throttled");
            } else {
                getStyleClass().remove("throttled");
            }
            show(reading.get());
        });
        show(reading.get());
    }

    private void show(MemoryReading r) {
        double fraction = r.heapFraction();
        fill.setPrefWidth(Math.max(2, TRACK_WIDTH * fraction));
        pseudoClassStateChanged(HIGH, fraction >= StatusBarViewModel.HEAP_WARNING);
        String rss = r.rss() < 0 ? "" : Words.get("memory.rss", Formats.megabytes(r.rss()));
        text.setText(
                r.heapMax() <= 0
                        ? Words.get("memory.heapUnknown")
                        : Words.get("memory.heap", Formats.megabytes(r.heapUsed()), Formats.megabytes(r.heapMax()))
                                + rss);
        tooltip.setText(Words.get("memory.tooltip", fraction, StatusBarViewModel.HEAP_WARNING)
                + (r.rss() < 0 ? "" : "\n" + Words.get("memory.tooltipRss", Formats.megabytes(r.rss())))
                + (throttled.get() ? "\n" + Words.get("memory.tooltipThrottled") : ""));
    }

    public ObjectProperty<MemoryReading> readingProperty() {
        return reading;
    }

    public BooleanProperty throttledProperty() {
        return throttled;
    }

    /** The numbers as shown, e.g. "Heap 312 MB / 4,096 MB · RSS 420 MB". */
    public String text() {
        return text.getText();
    }
}
