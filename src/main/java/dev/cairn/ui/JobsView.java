package dev.cairn.ui;

import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.layout.VBox;
import org.controlsfx.control.TaskProgressView;

/** Running jobs with their progress, message and a cancel button (ControlsFX drops finished ones). */
public final class JobsView extends VBox {

    @FXML private TaskProgressView<Task<?>> progressView;
    @FXML private VBox emptyState;

    public JobsView(TaskRunner runner) {
        Fxml.loadInto(this);
        // Jobs started before this page was first opened are still running: show them too.
        runner.active().stream().filter(t -> !t.isDone()).forEach(progressView.getTasks()::add);
        runner.addSubmitListener(progressView.getTasks()::add);
        emptyState.visibleProperty().bind(Bindings.isEmpty(progressView.getTasks()));
        progressView.visibleProperty().bind(emptyState.visibleProperty().not());
    }

    TaskProgressView<Task<?>> progressView() {
        return progressView;
    }
}
