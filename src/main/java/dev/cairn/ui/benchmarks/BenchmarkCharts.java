package dev.cairn.ui.benchmarks;

import dev.cairn.bench.BenchSuite;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;

/** The Benchmarks page's two charts: latencies on a log scale, and the throughput bars. */
final class BenchmarkCharts {

    /** The latency axis's tick labels: its values are decades of microseconds. */
    static final StringConverter<Number> DECADES = new StringConverter<>() {
        @Override
        public String toString(Number decade) {
            return duration(Math.pow(10, decade.doubleValue()) / 1000);
        }

        @Override
        public Number fromString(String text) {
            throw new UnsupportedOperationException("axis labels are not edited");
        }
    };

    private BenchmarkCharts() {}

    /**
     * Latency rows only, on a log scale in decades of microseconds: a cached query (~0.01 ms), a
     * search (~5 ms) and an index build (~300 ms) all stay visible. A rate would not share the axis.
     */
    static void fillLatency(BarChart<String, Number> chart, NumberAxis axis, List<BenchSuite.Row> rows) {
        XYChart.Series<String, Number> p50 = series("P50");
        XYChart.Series<String, Number> p95 = series("P95");
        XYChart.Series<String, Number> p99 = series("P99");
        double top = 3;
        for (BenchSuite.Row r : rows) {
            if (!"ms".equals(r.unit())) {
                continue;
            }
            String name = shortName(r.name());
            p50.getData().add(logBar(name, r.p50()));
            p95.getData().add(logBar(name, r.p95()));
            p99.getData().add(logBar(name, r.p99()));
            top = Math.max(top, Math.ceil(decades(r.max())));
        }
        axis.setUpperBound(top);
        chart.getData().setAll(List.of(p50, p95, p99));
        for (XYChart.Series<String, Number> s : chart.getData()) {
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

    /** One bar per rate, in {@code unit}. */
    static void fillThroughput(BarChart<String, Number> chart, List<BenchmarksViewModel.Rate> rates, String unit) {
        XYChart.Series<String, Number> rate = series(unit);
        for (BenchmarksViewModel.Rate r : rates) {
            rate.getData().add(new XYChart.Data<>(r.label(), r.perSecond()));
        }
        // One bar alone would fill the card: keep it as slim as one of several.
        chart.setCategoryGap(rates.size() <= 1 ? 70 : 10);
        chart.getData().setAll(List.of(rate));
    }

    private static XYChart.Series<String, Number> series(String name) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }
}
