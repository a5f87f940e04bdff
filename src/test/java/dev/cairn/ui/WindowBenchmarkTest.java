package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * {@code cairn bench window}'s measurement on the real window and core, with a few files: it must
 * count frames through the text stage and the embedding and end once every chunk has its vector.
 * Times are the benchmark's business (ADR 0010), not this test's.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class WindowBenchmarkTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    @SuppressWarnings("unchecked")
    void theWindowBenchmarkCountsFramesUntilEveryChunkHasItsVector(FxRobot robot, TestWindow window) throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.writeString(
                    core.documents().resolve("hut-" + i + ".md"),
                    "# Hut " + i + "\n\nThe hut at pass " + i + " sleeps " + (8 + i)
                            + " walkers and opens from June to September.\n\n"
                            + "Bookings are made with the warden, who lives in the valley below pass " + i + ".\n");
        }
        Path notMarkdown = Files.write(core.documents().resolve("broken.pdf"), new byte[] {1, 2, 3});
        WindowBenchmark bench = new WindowBenchmark(List.of(core.documents()), Duration.ofMinutes(5), () -> {});

        robot.interact(() -> bench.start(window.view, window.viewModel, core.cairn()));
        Map<String, Object> figures = bench.result().get(5, TimeUnit.MINUTES);

        Map<String, Object> whole = (Map<String, Object>) figures.get("whole_run");
        Map<String, Object> embedding = (Map<String, Object>) figures.get("embedding");
        Map<String, Object> text = (Map<String, Object>) figures.get("text_stage");
        assertThat((int) whole.get("frames")).isPositive();
        assertThat((int) whole.get("frames")).isEqualTo((int) text.get("frames") + (int) embedding.get("frames"));
        assertThat(whole).containsKeys("max_gap_ms", "p99_gap_ms", "p50_gap_ms");
        assertThat((long) figures.get("chunks")).isGreaterThanOrEqualTo(6);
        assertThat(figures.get("chunks_without_vector")).isEqualTo(0L);
        assertThat(figures.get("problem"))
                .as("a bad file is a row, not a failed benchmark")
                .isNull();
        assertThat(window.viewModel.library().find(notMarkdown)).isPresent();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "window-benchmark-done"));
    }
}
