package dev.cairn.ui.jobs;

import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.TaskRunner;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.TaskProgressView;

/**
 * Running jobs with their progress, message and a cancel button (ControlsFX drops finished ones), and
 * under them the imports of this session that finished, each with what happened to its paths.
 */
public final class JobsView extends VBox {

    /** One running job's card (title, bar, message and its gap), for sizing the list to its jobs. */
    static final double JOB_HEIGHT = 112;
    /** Running jobs shown before their list scrolls, leaving room for the finished ones. */
    static final int JOBS_SHOWN = 3;

    @FXML
    private VBox runningSection;

    @FXML
    private TaskProgressView<Task<?>> progressView;

    @FXML
    private VBox finishedSection;

    @FXML
    private ScrollPane finishedScroll;

    @FXML
    private VBox finishedList;

    @FXML
    private Button clearButton;

    @FXML
    private Node emptyState;

    private final JobsViewModel jobs;
    /** Cards kept across changes of the list, so each keeps whether it is open. */
    private Map<FinishedImport, FinishedImportCard> cards = new IdentityHashMap<>();
    /** The width cards are given: the scroll pane's view, less the list's padding. */
    private DoubleBinding cardWidth;

    public JobsView(JobsViewModel jobs) {
        this.jobs = jobs;
        Fxml.loadInto(this);
        TaskRunner runner = jobs.runner();
        ObservableList<Task<?>> running = progressView.getTasks();
        // Jobs started before this page was first opened are still running: show them too.
        runner.active().stream().filter(t -> !t.isDone()).forEach(running::add);
        runner.addSubmitListener(running::add);

        BooleanBinding anyRunning = Bindings.isNotEmpty(running);
        BooleanBinding anyFinished = Bindings.isNotEmpty(jobs.finishedImports());
        shownWhen(runningSection, anyRunning);
        shownWhen(finishedSection, anyFinished);
        shownWhen(emptyState, anyRunning.or(anyFinished).not());
        progressView
                .prefHeightProperty()
                .bind(Bindings.createDoubleBinding(() -> Math.min(running.size(), JOBS_SHOWN) * JOB_HEIGHT, running));
        progressView.setMinHeight(JOB_HEIGHT);

        cardWidth = Bindings.createDoubleBinding(
                () -> finishedScroll.getViewportBounds().getWidth()
                        - finishedList.getPadding().getLeft()
                        - finishedList.getPadding().getRight(),
                finishedScroll.viewportBoundsProperty(),
                finishedList.paddingProperty());
        jobs.finishedImports().addListener((ListChangeListener<FinishedImport>) change -> showFinished());
        showFinished();
        clearButton.setOnAction(e -> jobs.clearFinished());
    }

    /**
     * One card per finished import, newest first; the newest opens on its own when it has paths to
     * list, since that is what a person who just dropped a folder comes here to read.
     */
    private void showFinished() {
        List<FinishedImport> finished = jobs.finishedImports();
        Map<FinishedImport, FinishedImportCard> next = new IdentityHashMap<>();
        for (FinishedImport done : finished) {
            FinishedImportCard card = cards.get(done);
            if (card == null) {
                card = new FinishedImportCard(done, cardWidth);
                card.setExpanded(done == finished.getFirst() && !done.problems().isEmpty());
            }
            next.put(done, card);
        }
        cards = next;
        finishedList.getChildren().setAll(finished.stream().map(next::get).toList());
    }

    private static void shownWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    TaskProgressView<Task<?>> progressView() {
        return progressView;
    }

    List<FinishedImportCard> finishedCards() {
        return finishedList.getChildren().stream()
                .map(FinishedImportCard.class::cast)
                .toList();
    }
}
