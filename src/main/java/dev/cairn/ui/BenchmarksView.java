package dev.cairn.ui;

import dev.cairn.bench.EmbedBenchReport;
import dev.cairn.bench.Stats;
import dev.cairn.embed.ModelSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Runs a benchmark suite and shows its latest results: the course-style table and two charts. */
public final class BenchmarksView extends VBox {

    private final BenchmarksViewModel viewModel;

    @FXML private ComboBox<BenchmarksViewModel.Suite> suiteChoice;
    @FXML private ComboBox<ModelSpec> modelChoice;
    @FXML private Button runButton;
    @FXML private Button cancelButton;
    @FXML private ProgressBar progress;
    @FXML private Label stepLabel;
    @FXML private Label summaryLabel;
    @FXML private TableView<Stats> table;
    @FXML private TableColumn<Stats, String> nameColumn;
    @FXML private TableColumn<Stats, String> meanColumn;
    @FXML private TableColumn<Stats, String> minColumn;
    @FXML private TableColumn<Stats, String> maxColumn;
    @FXML private TableColumn<Stats, String> p50Column;
    @FXML private TableColumn<Stats, String> p95Column;
    @FXML private TableColumn<Stats, String> p99Column;
    @FXML private BarChart<String, Number> latencyChart;
    @FXML private BarChart<String, Number> throughputChart;

    public BenchmarksView(BenchmarksViewModel viewModel) {
        this.viewModel = viewModel;
        Fxml.loadInto(this);
        bindControls();
        bindTable();
        viewModel.latencyRows().addListener((ListChangeListener<Stats>) c -> fillLatencyChart());
        viewModel.throughputRows().addListener((ListChangeListener<EmbedBenchReport.Throughput>) c -> fillThroughputChart());
        fillLatencyChart();
        fillThroughputChart();
    }

    private void bindControls() {
        suiteChoice.getItems().setAll(viewModel.suites());
        suiteChoice.valueProperty().bindBidirectional(viewModel.suiteProperty());
        modelChoice.getItems().setAll(viewModel.models());
        modelChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(ModelSpec model) {
                return model == null ? "" : model.id();
            }

            @Override
            public ModelSpec fromString(String id) {
                return ModelSpec.byId(id);
            }
        });
        modelChoice.valueProperty().bindBidirectional(viewModel.modelProperty());
        var running = viewModel.runningProperty();
        suiteChoice.disableProperty().bind(running);
        modelChoice.disableProperty().bind(running);
        runButton.disableProperty().bind(running);
        runButton.setOnAction(e -> viewModel.run());
        cancelButton.visibleProperty().bind(running);
        cancelButton.managedProperty().bind(running);
        cancelButton.setOnAction(e -> viewModel.cancel());
        progress.visibleProperty().bind(running);
        progress.managedProperty().bind(running);
        stepLabel.visibleProperty().bind(running);
        stepLabel.managedProperty().bind(running);
        viewModel.currentProperty().addListener((obs, old, task) -> {
            progress.progressProperty().unbind();
            stepLabel.textProperty().unbind();
            if (task != null) {
                progress.progressProperty().bind(task.progressProperty());
                stepLabel.textProperty().bind(task.messageProperty());
            }
        });
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
    }

    private void bindTable() {
        table.setItems(viewModel.latencyRows());
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        time(meanColumn, Stats::meanNanos);
        time(minColumn, s -> s.minNanos());
        time(maxColumn, s -> s.maxNanos());
        time(p50Column, s -> s.p50Nanos());
        time(p95Column, s -> s.p95Nanos());
        time(p99Column, s -> s.p99Nanos());
        // Just tall enough for its rows: the charts take the rest of the page.
        table.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> 48.0 + 44.5 * Math.max(viewModel.latencyRows().size(), 4), viewModel.latencyRows()));
    }

    private static void time(TableColumn<Stats, String> column, ToDoubleFunction<Stats> nanos) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(millis(nanos.applyAsDouble(c.getValue()))));
    }

    /** 3.41 ms, 812.5 ms, 1.24 s: the same figures as the command line's table. */
    static String millis(double nanos) {
        double ms = nanos / 1e6;
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    private void fillLatencyChart() {
        List<Stats> rows = viewModel.latencyRows();
        XYChart.Series<String, Number> p50 = series("P50");
        XYChart.Series<String, Number> p95 = series("P95");
        XYChart.Series<String, Number> p99 = series("P99");
        for (Stats s : rows) {
            String name = shortName(s.name());
            p50.getData().add(new XYChart.Data<>(name, s.p50Nanos() / 1e6));
            p95.getData().add(new XYChart.Data<>(name, s.p95Nanos() / 1e6));
            p99.getData().add(new XYChart.Data<>(name, s.p99Nanos() / 1e6));
        }
        latencyChart.getData().setAll(List.of(p50, p95, p99));
    }

    /** "Batch of 32" becomes "batch 32": the axis has room for short labels only. */
    static String shortName(String name) {
        return name.replace("Single Embedding", "single").replace("Batch of ", "batch ");
    }

    private void fillThroughputChart() {
        XYChart.Series<String, Number> rate = series("texts/s");
        for (EmbedBenchReport.Throughput t : viewModel.throughputRows()) {
            rate.getData().add(new XYChart.Data<>(String.valueOf(t.batchSize()), t.textsPerSecond()));
        }
        throughputChart.getData().setAll(List.of(rate));
    }

    private static XYChart.Series<String, Number> series(String name) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    TableView<Stats> table() {
        return table;
    }

    BarChart<String, Number> latencyChart() {
        return latencyChart;
    }

    BarChart<String, Number> throughputChart() {
        return throughputChart;
    }
}
