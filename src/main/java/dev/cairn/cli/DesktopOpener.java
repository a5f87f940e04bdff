package dev.cairn.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the command line opens the desktop app ({@code cairn}, {@code cairn --data-dir DIR}, {@code cairn
 * open PATH...}) without depending on it: {@link dev.cairn.Main} passes the desktop's launcher in.
 */
@FunctionalInterface
public interface DesktopOpener {

    /** Opens the window on this data directory and database, adding these paths; returns the exit code. */
    int open(Path dataDir, String dbUrl, List<Path> paths);

    /**
     * Opens the window on an empty library in {@code dataDir}, adds {@code paths} once it is up and
     * measures the gaps between its frames until every chunk has its vector ({@code cairn bench window});
     * gives up after {@code limit}. Returns the figures, named as in the JSON output.
     */
    default Map<String, Object> benchWindow(Path dataDir, List<Path> paths, Duration limit) {
        throw new IllegalStateException("this command line was started without the desktop app");
    }

    /** For a command line without a desktop (tests of the commands): says so and fails. */
    DesktopOpener NONE = (dataDir, dbUrl, paths) -> {
        throw new IllegalStateException("this command line was started without the desktop app");
    };
}
