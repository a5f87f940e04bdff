package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.DragEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The FX thread never waits on the core: while 1,000 dropped files go through the real pipeline
 * (parsing, the ONNX model, the bundled PostgreSQL), an {@link AnimationTimer} keeps getting pulses.
 * The gaps between pulses are the measure; the bounds are loose because this runs on shared 2-core
 * machines, and the figures are printed for the record.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class FxResponsivenessTest {

    private static final int FILES = 1_000;
    private static final String[] SENTENCES = {
        "The hut at the pass sleeps twelve walkers and opens from June to September.",
        "Glaciers move slowly downhill under their own weight.",
        "Walkers on a glacier rope up, because snow bridges can hide crevasses.",
        "Bookings are made by telephone with the warden, who lives in the valley.",
        "A cairn marks the path where the snow hides it.",
        "The weather turns quickly above the tree line; carry a warm layer.",
        "Water from streams should be filtered or boiled before drinking.",
        "The descent takes longer than people expect, and knees feel it the next day.",
    };

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void pulsesKeepComingWhileAThousandFilesAreIndexed(FxRobot robot, TestWindow window) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            // Varied but often repeated texts: the embedding cache keeps repeats cheap, so the run stays short.
            StringBuilder text = new StringBuilder("Note ").append(i % 50).append(".\n\n");
            for (int s = 0; s < 2 + i % 4; s++) {
                text.append(SENTENCES[(i + s * 3) % SENTENCES.length]).append(' ');
            }
            files.add(Files.writeString(core.documents().resolve("note-" + i + ".txt"), text));
        }
        // As a person would: the drop comes once the window is up and idle.
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> window.view.warmProperty().get());
        PulseGaps gaps = new PulseGaps();
        robot.interact(gaps::start);

        long started = System.nanoTime();
        long startedUptime =
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(core.documents())));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(core.documents())));
        LibraryViewModel library = window.viewModel.library();
        WaitForAsyncUtils.waitFor(
                600,
                TimeUnit.SECONDS,
                () -> files.stream()
                        .allMatch(p -> library.find(p)
                                .map(r -> r.statusProperty().get().finished())
                                .orElse(false)));
        long ingestMillis = (System.nanoTime() - started) / 1_000_000;
        robot.interact(gaps::stop);
        WaitForAsyncUtils.waitForFxEvents();

        long indexed = files.stream()
                .filter(p -> library.find(p).orElseThrow().statusProperty().get() == RowStatus.INDEXED)
                .count();
        double max = gaps.maxMillis();
        double p99 = gaps.percentileMillis(99);
        // Printed, not logged: the figure is the point of this test, and logging is quiet below WARN.
        System.out.printf(
                "Ingest of %d files (%d indexed) took %d ms; %d FX pulses, gap between pulses: max %s ms, p99 %s ms, p50 %s ms%n",
                FILES,
                indexed,
                ingestMillis,
                gaps.count(),
                String.format("%.1f", max),
                String.format("%.1f", p99),
                String.format("%.1f", gaps.percentileMillis(50)));
        System.out.println("Longest gaps (ms after the drop: gap ms): " + gaps.longest(5, started)
                + "; the drop was at JVM uptime " + startedUptime + " ms (to line up with -Xlog:gc); load average "
                + java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
        // Then the vectors, in the background (progressive indexing): the window must stay as smooth.
        PulseGaps semanticGaps = new PulseGaps();
        robot.interact(semanticGaps::start);
        long semanticStarted = System.nanoTime();
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> {
            robot.interact(() -> window.viewModel.statusBar().refresh());
            return window.viewModel.statusBar().semanticIndexProperty().get().startsWith("semantic index complete");
        });
        robot.interact(semanticGaps::stop);
        System.out.printf(
                "Background embedding took %d ms more; %d FX pulses, gap between pulses: max %.1f ms, p99 %.1f ms, p50 %.1f ms; "
                        + "longest gaps %s; load average %s%n",
                (System.nanoTime() - semanticStarted) / 1_000_000,
                semanticGaps.count(),
                semanticGaps.maxMillis(),
                semanticGaps.percentileMillis(99),
                semanticGaps.percentileMillis(50),
                semanticGaps.longest(5, semanticStarted),
                java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
        robot.interact(() -> {
            window.viewModel.statusBar().refresh();
            Screenshots.save(window.view.getScene(), "library-1000-indexed");
        });
        assertThat(semanticGaps.percentileMillis(50))
                .as("median gap between FX pulses while embedding, ms")
                .isLessThan(50);
        assertThat(semanticGaps.maxMillis())
                .as("longest gap between FX pulses while embedding, ms")
                .isLessThan(2_000);

        assertThat(indexed).isEqualTo(FILES);
        assertThat(gaps.count()).as("pulses during the ingest").isGreaterThan(10);
        // Loose on purpose. The ingest itself keeps both cores of a 2-core machine busy (ONNX Runtime uses
        // every core, PostgreSQL the rest), and CI machines run other builds: there the gaps measure the
        // OS scheduler as much as the FX thread. With ingestion at background priority and the library table
        // warmed up (ADR 0010), a 2-core machine at load 2-3 measured p50 16.3 ms, p99 31-32 ms, max 67-90 ms;
        // before, p99 71 ms and max 291 ms, at load 5-7 max 468-955 ms. A blocked FX thread (one database
        // call or embedding on it) shows as gaps of seconds and a p50 far above 50 ms. The p99 and max are
        // printed, not asserted: they follow the machine's load, so a bound on them tests the neighbours.
        assertThat(gaps.percentileMillis(50))
                .as("median gap between FX pulses, ms")
                .isLessThan(50);
        assertThat(max).as("longest gap between FX pulses, ms").isLessThan(2_000);
    }
}
