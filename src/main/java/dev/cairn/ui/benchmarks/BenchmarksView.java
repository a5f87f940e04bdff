package dev.cairn.ui.benchmarks;

import dev.cairn.bench.BenchSuite;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ui.kit.Fxml;
import java.io.File;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
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
        throughputChart.titleProperty().bind(Bindings.concat("Throughput (", viewModel.rateUnitProperty(), ")"));
        rateAxis.labelProperty().bind(viewModel.rateUnitProperty());
        rateCategoryAxis.labelProperty().bind(viewModel.rateOfProperty());
        latencyAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number decade) {
                return duration(Math.pow(10, decade.doubleValue()) / 1000);
            }

            @Override
            public Number fromString(String text) {
                throw new UnsupportedOperationException("axis labels are not edited");
            }
        });
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
        modelChoice.setTooltip(new Tooltip(
                "The embedding suite's model. The full suite uses the default model," + " as cairn bench does."));
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
        chooser.setTitle("Save benchmark report");
        chooser.setInitialFileName("cairn-benchmark.md");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Markdown", "*.md"));
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

    /** 3.41 ms, 1.24 s, 812.5/s: the same figures as the command line's table. */
    static String cell(BenchSuite.Row row, double value) {
        if (!"ms".equals(row.unit())) {
            return String.format(Locale.ROOT, "%.1f/s", value);
        }
        return value >= 1000
                ? String.format(Locale.ROOT, "%.2f s", value / 1000)
                : String.format(Locale.ROOT, "%.2f ms", value);
    }

    /**
     * Latency rows only, on a log scale in decades of microseconds: a cached query (~0.01 ms), a
     * search (~5 ms) and an index build (~300 ms) all stay visible. A rate would not share the axis.
     */
    private void fillLatencyChart() {
        XYChart.Series<String, Number> p50 = series("P50");
        XYChart.Series<String, Number> p95 = series("P95");
        XYChart.Series<String, Number> p99 = series("P99");
        double top = 3;
        for (BenchSuite.Row r : viewModel.rows()) {
            if (!"ms".equals(r.unit())) {
                continue;
            }
            String name = shortName(r.name());
            p50.getData().add(logBar(name, r.p50()));
            p95.getData().add(logBar(name, r.p95()));
            p99.getData().add(logBar(name, r.p99()));
            top = Math.max(top, Math.ceil(decades(r.max())));
        }
        latencyAxis.setUpperBound(top);
        latencyChart.getData().setAll(List.of(p50, p95, p99));
        for (XYChart.Series<String, Number> s : latencyChart.getData()) {
            for (XYChart.Data<String, Number> bar : s.getData()) {
                if (bar.getNode() != null) {
                    Tooltip.install(
                            bar.getNode(),
                            new Tooltip(s.getName() + " " + bar.getXValue() + ": "
                                    + duration((double) bar.getExtraValue())));
                }
            }
        }
    }

    private static XYChart.Data<String, Number> logBar(String name, double ms) {
        return new XYChart.Data<>(name, decades(ms), ms);
    }

    /** Decades of microseconds above 1 µs; anything faster sits on the axis. */
    private static double decades(double ms) {
        return Math.max(0, Math.log10(ms * 1000));
    }

    /** 1 µs, 10 µs, 1 ms, 100 ms, 1 s: the log axis's ticks and the bars' tooltips. */
    static String duration(double ms) {
        if (ms >= 1000) {
            return significant(ms / 1000) + " s";
        }
        return ms >= 1 ? significant(ms) + " ms" : significant(ms * 1000) + " µs";
    }

    private static String significant(double v) {
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** "Vector Search (top 20)" becomes "vector 20": the axis has room for short labels only. */
    static String shortName(String name) {
        return name.replace("Single Embedding", "single")
                .replace("Batch of ", "batch ")
                .replace("Vector Search (top ", "vector ")
                .replace("Hybrid Search (top ", "hybrid ")
                .replace("Cached Query", "cached")
                .replace("Index build (HNSW)", "index build")
                .replace(")", "");
    }

    private void fillThroughputChart() {
        XYChart.Series<String, Number> rate =
                series(viewModel.rateUnitProperty().get());
        for (BenchmarksViewModel.Rate r : viewModel.rates()) {
            rate.getData().add(new XYChart.Data<>(r.label(), r.perSecond()));
        }
        // One bar alone would fill the card: keep it as slim as one of several.
        throughputChart.setCategoryGap(viewModel.rates().size() <= 1 ? 70 : 10);
        throughputChart.getData().setAll(List.of(rate));
    }

    private static XYChart.Series<String, Number> series(String name) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
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
