package dev.cairn.ui.kit;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;

/**
 * Hands a long list to the FX thread one page per pulse. Pages posted with {@code runLater} all at
 * once would run back to back before the next frame; here a frame is drawn between any two pages, so
 * a library of 10,000 documents fills in over a few frames instead of freezing the window while it loads.
 */
public final class FxPages<T> extends AnimationTimer {

    private final List<T> items;
    private final int pageSize;
    private final Consumer<List<T>> sink;
    private int next;

    private FxPages(List<T> items, int pageSize, Consumer<List<T>> sink) {
        this.items = List.copyOf(items);
        this.pageSize = pageSize;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Starts handing {@code items} to {@code sink}, {@code pageSize} per pulse; on the FX thread. */
    public static <T> void deliver(List<T> items, int pageSize, Consumer<List<T>> sink) {
        if (items.size() <= pageSize) {
            sink.accept(items); // nothing to spread: no need to wait for a pulse
            return;
        }
        new FxPages<>(items, pageSize, sink).start();
    }

    @Override
    public void handle(long now) {
        int to = Math.min(items.size(), next + pageSize);
        sink.accept(items.subList(next, to));
        next = to;
        if (next >= items.size()) {
            stop();
        }
    }
}
