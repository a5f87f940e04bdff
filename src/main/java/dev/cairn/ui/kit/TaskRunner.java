package dev.cairn.ui.kit;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the desktop app runs background work: every user-visible job is a {@link Task} started
 * here, on the injected executor, and shown in the Jobs view. Tests pass {@code Runnable::run} to run
 * tasks in place.
 */
public final class TaskRunner {

    /** Looked up when first needed: initialising logging costs start-up time before the first frame. */
    private static Logger log() {
        return LoggerFactory.getLogger(TaskRunner.class);
    }

    private final Executor executor;
    private final ObservableList<Task<?>> active = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper activeCount = new ReadOnlyIntegerWrapper();
    private final List<Consumer<Task<?>>> submitListeners = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<Task<?>, Throwable> onFailure = (task, error) -> {};

    public TaskRunner(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Starts the task; call on the FX thread. Failures are logged once and passed to the failure handler. */
    public <T> Task<T> run(Task<T> task) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("TaskRunner.run must be called on the JavaFX thread");
        }
        active.add(task);
        activeCount.set(active.size());
        task.stateProperty().addListener((obs, old, state) -> {
            switch (state) {
                case SUCCEEDED, CANCELLED, FAILED -> {
                    active.remove(task);
                    activeCount.set(active.size());
                    if (state == javafx.concurrent.Worker.State.FAILED) {
                        log().warn("Job '{}' failed", task.getTitle(), task.getException());
                        onFailure.accept(task, task.getException());
                    }
                }
                default -> {}
            }
        });
        submitListeners.forEach(l -> l.accept(task));
        executor.execute(task);
        return task;
    }

    /** Jobs started and not yet finished, in start order. */
    public List<Task<?>> active() {
        return List.copyOf(active);
    }

    public ReadOnlyIntegerProperty activeCountProperty() {
        return activeCount.getReadOnlyProperty();
    }

    /** Called on the FX thread for every job as it starts (the Jobs view adds it to its list). */
    public void addSubmitListener(Consumer<Task<?>> listener) {
        submitListeners.add(listener);
    }

    /** Where a failed job's error goes after it is logged; called on the FX thread. */
    public void setOnFailure(BiConsumer<Task<?>, Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
    }
}
