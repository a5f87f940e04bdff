package dev.cairn.ui.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bench.BenchSuite;
import dev.cairn.platform.Texts;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The Benchmarks page's figures read in the window's language; the saved report does not (ADR 0028). */
class BenchmarkFiguresTest {

    private static final BenchSuite.Row LATENCY = new BenchSuite.Row("Vector search", "ms", 5, 3.41, 1, 5, 3, 4, 5);
    private static final BenchSuite.Row RATE =
            new BenchSuite.Row("Ingest (chunks/s)", "chunks/s", 5, 1812.5, 1, 5, 3, 4, 5);

    @Test
    void aTableCellHasTheDecimalMarkAndGroupingOfTheWindowsLanguage() {
        Locale before = Locale.getDefault();
        try {
            Texts.use(Locale.GERMAN);
            assertThat(BenchmarksView.cell(LATENCY, 3.41)).isEqualTo("3,41 ms");
            assertThat(BenchmarksView.cell(LATENCY, 1240)).isEqualTo("1,24 s");
            assertThat(BenchmarksView.cell(RATE, 1812.5)).isEqualTo("1.812,5/s");

            Texts.use(Locale.ENGLISH);
            assertThat(BenchmarksView.cell(LATENCY, 3.41)).isEqualTo("3.41 ms");
            assertThat(BenchmarksView.cell(RATE, 1812.5)).isEqualTo("1,812.5/s");
        } finally {
            Texts.use(before);
        }
    }
}
