package dev.cairn.ui;

import dev.cairn.platform.AppDirs;
import dev.cairn.ui.ask.AskGateway;
import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.library.IngestionGateway;
import dev.cairn.ui.library.WatchGateway;
import dev.cairn.ui.status.MemoryReading;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the desktop app is built from. The core arrives through the two gateways; while they are
 * empty the app shows honest "not connected yet" states instead of pretending to index or answer.
 *
 * @param dirs      where settings and data live
 * @param tasks     the one runner for background jobs
 * @param desktop   opens files and folders in the OS
 * @param ingestion the ingestion pipeline, when wired in
 * @param ask       search and answers, when wired in
 * @param memory    a cheap, non-blocking source of memory readings for the gauge
 * @param watch     the library's watched folders, when wired in
 */
public record UiServices(
        AppDirs dirs,
        TaskRunner tasks,
        DesktopActions desktop,
        Optional<IngestionGateway> ingestion,
        Optional<AskGateway> ask,
        Supplier<MemoryReading> memory,
        Optional<WatchGateway> watch) {

    /** Without watched folders (a window on no library, or a test that does not need them). */
    public UiServices(
            AppDirs dirs,
            TaskRunner tasks,
            DesktopActions desktop,
            Optional<IngestionGateway> ingestion,
            Optional<AskGateway> ask,
            Supplier<MemoryReading> memory) {
        this(dirs, tasks, desktop, ingestion, ask, memory, Optional.empty());
    }

    public UiServices {
        Objects.requireNonNull(dirs, "dirs");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(desktop, "desktop");
        Objects.requireNonNull(ingestion, "ingestion");
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(watch, "watch");
    }
}
