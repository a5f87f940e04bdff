package dev.cairn;

import dev.cairn.cli.CairnCommand;
import dev.cairn.cli.DesktopOpener;
import dev.cairn.ui.DesktopLauncher;
import dev.cairn.ui.WindowBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Entry point: no arguments opens the desktop app, anything else runs the command line. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            DesktopLauncher.launch(args);
            return;
        }
        System.exit(CairnCommand.run(new Desktop(), args));
    }

    /** The desktop, as the command line reaches it. */
    private static final class Desktop implements DesktopOpener {

        @Override
        public int open(Path dataDir, String dbUrl, List<Path> paths) {
            return DesktopLauncher.open(dataDir, dbUrl, paths);
        }

        @Override
        public Map<String, Object> benchWindow(Path dataDir, List<Path> paths, Duration limit) {
            return WindowBenchmark.run(dataDir, paths, limit);
        }
    }
}
