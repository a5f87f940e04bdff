package dev.cairn.ui.jobs;

import dev.cairn.ui.kit.TaskRunner;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Jobs page's state: the jobs running (from the {@link TaskRunner}) and the imports of this
 * session that finished, newest first, the last {@link #KEPT}. Used on the FX thread, except {@link #now}.
 */
public final class JobsViewModel {

    /** Finished imports kept: enough to look back over a session, few enough to read. */
    static final int KEPT = 20;

    private final TaskRunner runner;
    private final Clock clock;
    private final ObservableList<FinishedImport> finished = FXCollections.observableArrayList();
    private final ObservableList<FinishedImport> readOnlyFinished = FXCollections.unmodifiableObservableList(finished);

    public JobsViewModel(TaskRunner runner, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds an import that ended, first in the list; the oldest beyond {@link #KEPT} leaves. */
    public void finished(FinishedImport done) {
        finished.addFirst(Objects.requireNonNull(done, "done"));
        if (finished.size() > KEPT) {
            finished.remove(KEPT, finished.size());
        }
    }

    /** Forgets the finished imports (the library keeps every document's own outcome). */
    public void clearFinished() {
        finished.clear();
    }

    /** The time an import ends at, by this page's clock; any thread. */
    public ZonedDateTime now() {
        return ZonedDateTime.now(clock);
    }

    public ObservableList<FinishedImport> finishedImports() {
        return readOnlyFinished;
    }

    public TaskRunner runner() {
        return runner;
    }
}
