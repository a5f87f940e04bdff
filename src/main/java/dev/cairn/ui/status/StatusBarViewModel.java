package dev.cairn.ui.status;

import java.util.Objects;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;

/**
 * What the status bar shows: lazily started services, the embedding cache, and memory. The memory
 * governor drives {@link #throttledProperty()} (from its throttle listener, on the FX thread) and may
 * replace the reading source with its own snapshot.
 */
public final class StatusBarViewModel {

    /** Heap share above which the gauge turns to a warning colour; the bar marks it. */
    public static final double HEAP_WARNING = 0.80;

    private final Supplier<MemoryReading> source;
    private final ObjectProperty<ServiceState> modelState = new SimpleObjectProperty<>(ServiceState.NOT_LOADED);
    private final ObjectProperty<ServiceState> databaseState = new SimpleObjectProperty<>(ServiceState.NOT_LOADED);
    private final StringProperty cacheHitRate = new SimpleStringProperty("—");
    private final ObjectProperty<MemoryReading> memory = new SimpleObjectProperty<>(MemoryReading.NONE);
    private final BooleanProperty throttled = new SimpleBooleanProperty();
    private final StringProperty semanticIndex = new SimpleStringProperty("");
    private Timeline ticker;

    private Supplier<CoreStatus> core;

    public StatusBarViewModel(Supplier<MemoryReading> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Follows the core's model, database, cache and throttle state from now on (a cheap, non-blocking supplier). */
    public void follow(Supplier<CoreStatus> status) {
        this.core = Objects.requireNonNull(status, "status");
        refresh();
    }

    /** Picks up the latest reading; cheap, for the FX thread. */
    public void refresh() {
        memory.set(source.get());
        if (core != null) {
            CoreStatus s = core.get();
            modelState.set(s.model());
            databaseState.set(s.database());
            cacheHitRate.set(s.cacheHitRate());
            throttled.set(s.throttled());
            semanticIndex.set(s.semanticIndex());
        }
    }

    /** Refreshes about twice a second on the FX thread until {@link #stop()}. */
    public void start() {
        if (ticker == null) {
            ticker = new Timeline(new KeyFrame(Duration.millis(500), e -> refresh()));
            ticker.setCycleCount(Animation.INDEFINITE);
            ticker.play();
        }
        refresh();
    }

    public void stop() {
        if (ticker != null) {
            ticker.stop();
            ticker = null;
        }
    }

    public ObjectProperty<ServiceState> modelStateProperty() {
        return modelState;
    }

    public ObjectProperty<ServiceState> databaseStateProperty() {
        return databaseState;
    }

    public StringProperty cacheHitRateProperty() {
        return cacheHitRate;
    }

    public ObjectProperty<MemoryReading> memoryProperty() {
        return memory;
    }

    /** How much of the library has its vectors, e.g. "semantic index 62%, 4,120 chunks to go"; empty when unknown. */
    public StringProperty semanticIndexProperty() {
        return semanticIndex;
    }

    public BooleanProperty throttledProperty() {
        return throttled;
    }
}
