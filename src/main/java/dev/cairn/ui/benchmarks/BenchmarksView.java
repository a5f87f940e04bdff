package dev.cairn.ui.benchmarks;

import dev.cairn.bench.BenchSuite;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.Words;
import java.io.File;
import java.util.function.ToDoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** Runs a benchmark suite and shows its latest results: the course-style table and two charts. */
public final class BenchmarksView extends VBox {

    private final BenchmarksViewModel viewModel;

    @FXML
    private ComboBox<BenchmarksViewModel.Suite> suiteChoice;

    @FXML
    private ComboBox<ModelSpec> modelChoice;

    @FXML
    private Button runButton;

    @FXML
    private Button cancelButton;

    @FXML
    private Button copyButton;

    @FXML
    private Button saveButton;

    @FXML
    private ProgressBar progress;

    @FXML
    private Label stepLabel;

    @FXML
    private Label summaryLabel;

    @FXML
    private TableView<BenchSuite.Row> table;

    @FXML
    private TableColumn<BenchSuite.Row, String> nameColumn;

    @FXML
    private TableColumn<BenchSuite.Row, String> meanColumn;

    @FXML
    private TableColumn<BenchSuite.Row, String> minColumn;

    @FXML
    private TableColumn<BenchSuite.Row, String> maxColumn;

    @FXML
    private TableColumn<BenchSuite.Row, String> p50Column;

    @FXML
    private TableColumn<BenchSuite.Row, String> p95Column;

    @FXML
    private TableColumn<BenchSuite.Row, String> p99Column;

    @FXML
    private TableColumn<BenchSuite.Row, String> unitColumn;

    @FXML
    private BarChart<String, Number> latencyChart;

    @FXML
    private BarChart<String, Number> throughputChart;

    @FXML
    private NumberAxis rateAxis;

    @FXML
    private CategoryAxis rateCategoryAxis;

    @FXML
    private NumberAxis latencyAxis;

    public BenchmarksView(BenchmarksViewModel viewModel) {
        this.viewModel = viewModel;
        Fxml.loadInto(this);
        bindControls();
        bindReportActions();
        bindTable();
        viewModel.rows().addListener((ListChangeListener<BenchSuite.Row>) c -> fillLatencyChart());
        viewModel.rates().addListener((ListChangeListener<BenchmarksViewModel.Rate>) c -> fillThroughputChart());
        throughputChart
                .titleProperty()
                .bind(Bindings.createStringBinding(
                        () -> Words.get(
                                "bench.throughput", viewModel.rateUnitProperty().get()),
                        viewModel.rateUnitProperty()));
        rateAxis.labelProperty().bind(viewModel.rateUnitProperty());
        rateCategoryAxis.labelProperty().bind(viewModel.rateOfProperty());
        latencyAxis.setTickLabelFormatter(BenchmarkCharts.DECADES);
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
        modelChoice.setTooltip(new Tooltip(Words.get("bench.modelTip")));
        var running = viewModel.runningProperty();
        suiteChoice.disableProperty().bind(running);
        modelChoice
                .disableProperty()
                .bind(running.or(viewModel.suiteProperty().isEqualTo(BenchmarksViewModel.Suite.FULL)));
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

    private void bindReportActions() {
        var nothingYet = viewModel.markdownProperty().isEmpty();
        copyButton.disableProperty().bind(nothingYet);
        saveButton.disableProperty().bind(nothingYet.or(viewModel.runningProperty()));
        copyButton.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(viewModel.markdownProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        saveButton.setOnAction(e -> saveReport());
    }

    private void saveReport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Words.get("bench.saveTitle"));
        chooser.setInitialFileName("cairn-benchmark.md");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Words.get("bench.markdown"), "*.md"));
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            viewModel.saveReport(file.toPath());
        }
    }

    private void bindTable() {
        table.setItems(viewModel.rows());
        nameColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().name()));
        figure(meanColumn, BenchSuite.Row::mean);
        figure(minColumn, BenchSuite.Row::min);
        figure(maxColumn, BenchSuite.Row::max);
        figure(p50Column, BenchSuite.Row::p50);
        figure(p95Column, BenchSuite.Row::p95);
        figure(p99Column, BenchSuite.Row::p99);
        unitColumn.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(c.getValue().unit()));
        // Just tall enough for its rows: the charts take the rest of the page.
        table.prefHeightProperty()
                .bind(Bindings.createDoubleBinding(
                        () -> 48.0 + 44.5 * Math.max(viewModel.rows().size(), 4), viewModel.rows()));
    }

    private static void figure(TableColumn<BenchSuite.Row, String> column, ToDoubleFunction<BenchSuite.Row> value) {
        column.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(cell(c.getValue(), value.applyAsDouble(c.getValue()))));
    }

    /**
     * 3.41 ms, 1.24 s, 1,812.5/s: the command line's figures, written for the window's reader ("3,41 ms",
     * "1.812,5/s" in German); the saved report keeps Locale.ROOT so that reports compare across machines.
     */
    static String cell(BenchSuite.Row row, double value) {
        if (!"ms".equals(row.unit())) {
            return String.format(Words.locale(), "%,.1f/s", value);
        }
        return value >= 1000
                ? String.format(Words.locale(), "%,.2f s", value / 1000)
                : String.format(Words.locale(), "%.2f ms", value);
    }

    private void fillLatencyChart() {
        BenchmarkCharts.fillLatency(latencyChart, latencyAxis, viewModel.rows());
    }

    private void fillThroughputChart() {
        BenchmarkCharts.fillThroughput(
                throughputChart, viewModel.rates(), viewModel.rateUnitProperty().get());
    }

    TableView<BenchSuite.Row> table() {
        return table;
    }

    BarChart<String, Number> latencyChart() {
        return latencyChart;
    }

    BarChart<String, Number> throughputChart() {
        return throughputChart;
    }
}
