package dev.cairn.cli;

import dev.cairn.platform.Directories;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn bench window PATH...}: how smooth the window stays while PATH is ingested and embedded. */
@Command(
        name = "window",
        description = "Open the window on a temporary library, add PATH once it is up, and measure the gaps"
                + " between its frames (FX pulses) until every chunk has its vector: longest gap, p99, p50 and"
                + " frames, for the text stage and the embedding (target: longest gap under 100 ms)."
                + " Needs a display; on a machine without one: xvfb-run -a cairn bench window PATH.")
final class WindowBenchCommand implements Callable<Integer> {

    private static final List<String> PHASES = List.of("text_stage", "embedding", "whole_run");

    @ParentCommand
    BenchCommand bench;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to add.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(
            names = "--limit-s",
            paramLabel = "S",
            description = "Give up after S seconds of ingesting (default: ${DEFAULT-VALUE}).")
    int limitSeconds = 1800;

    @Override
    public Integer call() throws Exception {
        Arguments.requireExisting(paths, "add");
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && System.getenv("DISPLAY") == null
                && System.getenv("WAYLAND_DISPLAY") == null) {
            throw new IllegalArgumentException(
                    "bench window opens the window and there is no display; run it under Xvfb: xvfb-run -a cairn bench window PATH");
        }
        Path dataDir = Files.createTempDirectory("cairn-bench-window-");
        PrintWriter out = spec.commandLine().getOut();
        try {
            Map<String, Object> figures =
                    bench.root().desktop().benchWindow(dataDir, paths, Duration.ofSeconds(limitSeconds));
            out.println(json ? Json.MAPPER.writeValueAsString(figures) : text(figures));
        } finally {
            Directories.deleteRecursively(dataDir);
        }
        return 0;
    }

    private static String text(Map<String, Object> figures) {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%s chunks, model %s, load average %s%n"
                        + "                frames   longest gap ms   p99 ms   p50 ms   seconds   longest at ms   its FX CPU ms%n",
                figures.get("chunks"),
                figures.get("model"),
                figures.get("load_average")));
        for (String phase : PHASES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) figures.get(phase);
            s.append(String.format(
                    Locale.ROOT,
                    "%-14s %7s %16s %8s %8s %9s %15s %15s%n",
                    phase.replace('_', ' '),
                    f.get("frames"),
                    f.get("max_gap_ms"),
                    f.get("p99_gap_ms"),
                    f.get("p50_gap_ms"),
                    f.get("seconds"),
                    f.get("max_gap_at_ms"),
                    f.get("max_gap_fx_cpu_ms")));
        }
        s.append("longest gaps (ms after the add: gap ms (the FX thread's own CPU ms in it)): ")
                .append(figures.get("longest_gaps_ms_after_add"))
                .append("; target: every gap under ")
                .append(figures.get("target_max_gap_ms"))
                .append(" ms");
        s.append(System.lineSeparator())
                .append("the FX thread while a frame was over 100 ms late (stack samples): ")
                .append(figures.get("fx_thread_while_overdue"));
        if (figures.get("problem") != null) {
            s.append(System.lineSeparator()).append("problem: ").append(figures.get("problem"));
        }
        return s.toString();
    }
}
