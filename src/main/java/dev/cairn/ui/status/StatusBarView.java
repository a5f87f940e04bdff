package dev.cairn.ui.status;

import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.Words;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.Region;
import org.controlsfx.control.StatusBar;

/** The bottom bar: the last message, the lazily started services, the cache and the memory gauge. */
public final class StatusBarView extends StatusBar {

    @FXML
    private Label semanticIndex;

    @FXML
    private Separator semanticSeparator;

    @FXML
    private Label modelState;

    @FXML
    private Label databaseState;

    @FXML
    private Label cacheHitRate;

    @FXML
    private MemoryGauge memoryGauge;

    public StatusBarView(StatusBarViewModel viewModel, ObservableStringValue message) {
        Fxml.loadInto(this);
        textProperty().bind(message);
        modelState
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Words.get(
                                "status.model",
                                viewModel.modelStateProperty().get().label()),
                        viewModel.modelStateProperty()));
        databaseState
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Words.get(
                                "status.database",
                                viewModel.databaseStateProperty().get().label()),
                        viewModel.databaseStateProperty()));
        cacheHitRate
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Words.get(
                                "status.cacheHits",
                                viewModel.cacheHitRateProperty().get()),
                        viewModel.cacheHitRateProperty()));
        // "Semantic index 62%, 4,120 chunks to go" while vectors follow the text; hidden until there is something to
        // say.
        semanticIndex
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Formats.capitalised(
                                viewModel.semanticIndexProperty().get()),
                        viewModel.semanticIndexProperty()));
        semanticIndex.visibleProperty().bind(viewModel.semanticIndexProperty().isNotEmpty());
        semanticIndex.managedProperty().bind(semanticIndex.visibleProperty());
        semanticSeparator.visibleProperty().bind(semanticIndex.visibleProperty());
        semanticSeparator.managedProperty().bind(semanticIndex.visibleProperty());
        // The message gives way (with an ellipsis) before the service states and the gauge do.
        for (Label l : new Label[] {semanticIndex, modelState, databaseState, cacheHitRate}) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        memoryGauge.setMinWidth(Region.USE_PREF_SIZE);
        memoryGauge.readingProperty().bind(viewModel.memoryProperty());
        memoryGauge.throttledProperty().bind(viewModel.throttledProperty());
    }

    public MemoryGauge memoryGauge() {
        return memoryGauge;
    }
}
