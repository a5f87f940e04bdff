package dev.cairn.ui;

import dev.cairn.app.Settings;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Texts;
import dev.cairn.ui.kit.Words;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.application.Application;

/**
 * Starts the JavaFX application (kept apart from {@link CairnApp} so JavaFX can run from the class path).
 * Before any window exists it makes this process the one instance for the data directory; a second
 * launch hands its files to the running window and exits, so it costs no window and no database.
 */
public final class DesktopLauncher {

    /** Handed from the launcher to the app: JavaFX creates {@link CairnApp} itself, so no constructor can take them. */
    record Launch(SingleInstance instance, List<Path> paths, WindowBenchmark bench) {}

    private static volatile Launch launch;

    private DesktopLauncher() {}

    /**
     * Makes the window speak the language chosen in Settings (blank: the system's) before any view
     * loads; a settings file that can't be read leaves the system's, and the Settings page says why.
     */
    static void speakTheChosenLanguage(AppDirs dirs) {
        Settings settings;
        try {
            settings = Settings.load(dirs.settingsFile());
        } catch (IOException | RuntimeException e) {
            settings = Settings.DEFAULTS;
        }
        Texts.use(settings.locale(Locale.getDefault()));
    }

    /** The desktop app on the default data directory (no files to add). */
    public static void launch(String[] args) {
        int code = open(null, null, List.of());
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Opens the desktop app on {@code dataDir} (null: the default) and adds {@code paths}; if Cairn already
     * runs on that directory, hands the paths to it instead. Returns the process exit code.
     *
     * @param dbUrl an external PostgreSQL to use instead of the bundled one; null for the bundled one
     */
    public static int open(Path dataDir, String dbUrl, List<Path> paths) {
        AppDirs dirs = AppDirs.resolve(dataDir);
        speakTheChosenLanguage(dirs);
        List<Path> absolute =
                paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        SingleInstance.Request request =
                absolute.isEmpty() ? new SingleInstance.Focus() : new SingleInstance.Open(absolute);
        SingleInstance.Claim claim;
        try {
            claim = SingleInstance.claim(dirs.dataDir(), request, SingleInstance.DEFAULT_ANSWER_TIMEOUT);
        } catch (IOException e) {
            System.err.println(Words.get("launch.cannotUseDataDir", dirs.dataDir(), e.getMessage()));
            return 1;
        }
        return switch (claim) {
            case SingleInstance.Owner owner -> {
                launch = new Launch(owner.instance(), absolute, null);
                Application.launch(
                        CairnApp.class,
                        dbUrl == null
                                ? new String[] {"--data-dir=" + dirs.dataDir()}
                                : new String[] {"--data-dir=" + dirs.dataDir(), "--db-url=" + dbUrl});
                yield 0;
            }
            case SingleInstance.HandedOver handedOver -> {
                System.out.println(handedOver.message());
                yield 0;
            }
            case SingleInstance.Unreachable unreachable -> {
                System.err.println(Words.get("launch.unreachable", unreachable.message()));
                yield 1;
            }
        };
    }

    /**
     * Opens the app on {@code dataDir} to measure how smooth its window stays while {@code paths} are
     * added ({@link WindowBenchmark}); returns once the app has quit.
     */
    static WindowBenchmark bench(Path dataDir, List<Path> paths, Duration limit) {
        AppDirs dirs = AppDirs.resolve(dataDir);
        WindowBenchmark bench = WindowBenchmark.quitting(
                paths.stream().map(p -> p.toAbsolutePath().normalize()).toList(), limit);
        SingleInstance.Claim claim;
        try {
            claim = SingleInstance.claim(
                    dirs.dataDir(), new SingleInstance.Focus(), SingleInstance.DEFAULT_ANSWER_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot use the data directory " + dirs.dataDir() + ": " + e.getMessage(), e);
        }
        if (!(claim instanceof SingleInstance.Owner owner)) {
            throw new IllegalStateException(
                    "Cairn already runs on " + dirs.dataDir() + "; benchmark an empty library.");
        }
        launch = new Launch(owner.instance(), List.of(), bench);
        Application.launch(CairnApp.class, "--data-dir=" + dirs.dataDir());
        bench.result()
                .completeExceptionally(new IllegalStateException("The window closed before the benchmark finished."));
        return bench;
    }

    /** What the launcher claimed for the app about to start; null when the app was started some other way. */
    static Launch takeLaunch() {
        Launch taken = launch;
        launch = null;
        return taken;
    }
}
