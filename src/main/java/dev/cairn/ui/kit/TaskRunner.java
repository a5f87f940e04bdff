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
import javafx.concurrent.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the desktop app runs background work. A job is its title and its work, with what
 * follows its result, its failure or its cancel (on the FX thread); it runs on the injected executor
 * and shows in the Jobs view with its progress, message and a cancel button:
 *
 * <pre>{@code
 * tasks.job("Loading the library", progress -> gateway.documents())
 *         .onSuccess(rows -> library.applyAll(rows))
 *         .start();
 * }</pre>
 *
 * Tests pass {@code Runnable::run} as the executor: a job started on the FX thread then does its work
 * there before {@link Job#start()} returns, and its handlers follow on the FX thread.
 */
public final class TaskRunner {

    /** What a job's work may say while it runs, and ask; called from the job's thread. */
    public interface Progress {

        void message(String message);

        void progress(long done, long total);

        /** Whether the job was cancelled: long work checks this between its steps. */
        boolean isCancelled();
    }

    /** A job's work, run off the FX thread; cancelling the job interrupts it. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

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

    /** A job titled {@code title} that does {@code work}; it starts with {@link Job#start()}. */
    public <T> Job<T> job(String title, Work<T> work) {
        return new Job<>(this, title, work);
    }

    /** Starts the task; call on the FX thread. Failures are logged once and passed to the failure handler. */
    private <T> void run(Task<T> task) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("TaskRunner.run must be called on the JavaFX thread");
        }
        boolean listed = !(task instanceof Job<?> job && job.quiet);
        if (listed) {
            active.add(task);
            activeCount.set(active.size());
        }
        task.stateProperty().addListener((obs, old, state) -> {
            switch (state) {
                case SUCCEEDED, CANCELLED, FAILED -> {
                    if (listed) {
                        active.remove(task);
                        activeCount.set(active.size());
                    }
                    if (state == Worker.State.FAILED) {
                        log().warn("Job '{}' failed", task.getTitle(), task.getException());
                        onFailure.accept(task, task.getException());
                    }
                }
                default -> {}
            }
        });
        if (listed) {
            submitListeners.forEach(l -> l.accept(task));
        }
        executor.execute(task);
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

    /**
     * One job: a {@link Task} (its progress, message and state bind to the UI, {@link #cancel()} stops
     * it) whose handlers are set before {@link #start()}. Each handler runs once, on the FX thread,
     * after the runner has counted the job as ended.
     */
    public static final class Job<T> extends Task<T> {

        private final TaskRunner runner;
        private final Work<T> work;
        private final Progress progress = new Progress() {
            @Override
            public void message(String message) {
                updateMessage(message);
            }

            @Override
            public void progress(long done, long total) {
                updateProgress(done, total);
            }

            @Override
            public boolean isCancelled() {
                return Job.this.isCancelled();
            }
        };
        private Consumer<? super T> onSuccess = value -> {};
        private Consumer<Throwable> onFailure = error -> {};
        private Runnable onCancelled = () -> {};
        private boolean quiet;

        private Job(TaskRunner runner, String title, Work<T> work) {
            this.runner = runner;
            this.work = Objects.requireNonNull(work, "work");
            updateTitle(title);
        }

        /** What follows the work's result. */
        public Job<T> onSuccess(Consumer<? super T> handler) {
            this.onSuccess = Objects.requireNonNull(handler);
            return this;
        }

        /** What follows a failure, after the runner logged it and told its own failure handler. */
        public Job<T> onFailure(Consumer<Throwable> handler) {
            this.onFailure = Objects.requireNonNull(handler);
            return this;
        }

        /** What follows a cancel: at once, while the work may still be winding down on its thread. */
        public Job<T> onCancelled(Runnable handler) {
            this.onCancelled = Objects.requireNonNull(handler);
            return this;
        }

        /**
         * Housekeeping the person need not see (decoding icons, reading the memory gauge): the job is
         * neither listed in the Jobs view nor counted as active; a failure is still logged and reported.
         */
        public Job<T> quiet() {
            this.quiet = true;
            return this;
        }

        /** Starts the job on the runner's executor; call on the FX thread. */
        public Job<T> start() {
            runner.run(this);
            return this;
        }

        @Override
        protected T call() throws Exception {
            return work.run(progress);
        }

        @Override
        protected void succeeded() {
            onSuccess.accept(getValue());
        }

        @Override
        protected void failed() {
            onFailure.accept(getException());
        }

        @Override
        protected void cancelled() {
            onCancelled.run();
        }
    }
}
