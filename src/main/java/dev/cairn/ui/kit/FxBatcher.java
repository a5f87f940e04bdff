package dev.cairn.ui.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Carries items from background threads to the FX thread in batches: however fast they arrive, at
 * most one hand-over waits on the FX thread at a time, and it takes everything queued so far. An
 * ingest of thousands of files reports several updates per file; one {@code runLater} each would
 * queue thousands of small jobs ahead of the next pulse.
 */
public final class FxBatcher<T> {

    private final Queue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> sink;

    /** {@code sink} gets each batch, in arrival order, on the FX thread. */
    public FxBatcher(Consumer<List<T>> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Queues the item; any thread. */
    public void offer(T item) {
        pending.add(item);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        // Cleared before taking: an item offered from here on schedules the next hand-over itself.
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T item; (item = pending.poll()) != null; ) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
