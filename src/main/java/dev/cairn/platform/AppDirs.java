package dev.cairn.platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where Cairn keeps its data: the operating system's per-user data location unless the user
 * chose another with {@code --data-dir} or {@code CAIRN_DATA_DIR}.
 *
 * <ul>
 *   <li>Linux: {@code $XDG_DATA_HOME/cairn}, default {@code ~/.local/share/cairn}</li>
 *   <li>macOS: {@code ~/Library/Application Support/Cairn}</li>
 *   <li>Windows: {@code %LOCALAPPDATA%\Cairn}</li>
 * </ul>
 */
public record AppDirs(Path dataDir) {

    public static final String DATA_DIR_ENV = "CAIRN_DATA_DIR";

    public AppDirs {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Resolves the data directory: an explicit choice first, then the environment, then the OS default. */
    public static AppDirs resolve(Path explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    static AppDirs resolve(Path explicit, Map<String, String> env, String osName, String userHome) {
        if (explicit != null) {
            return new AppDirs(explicit);
        }
        Optional<String> fromEnv = nonBlank(env.get(DATA_DIR_ENV));
        if (fromEnv.isPresent()) {
            return new AppDirs(Path.of(fromEnv.get()));
        }
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        Path home = Path.of(userHome);
        if (os.contains("win")) {
            Path base = nonBlank(env.get("LOCALAPPDATA"))
                    .map(Path::of)
                    .orElse(home.resolve("AppData").resolve("Local"));
            return new AppDirs(base.resolve("Cairn"));
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return new AppDirs(
                    home.resolve("Library").resolve("Application Support").resolve("Cairn"));
        }
        Path base = nonBlank(env.get("XDG_DATA_HOME"))
                .map(Path::of)
                .orElse(home.resolve(".local").resolve("share"));
        return new AppDirs(base.resolve("cairn"));
    }

    /** The PostgreSQL cluster of the bundled database. */
    public Path pgData() {
        return dataDir.resolve("pg");
    }

    /** Settings and small state files. */
    public Path settingsFile() {
        return dataDir.resolve("settings.properties");
    }

    /** The embedding models the person added, one folder each. */
    public Path modelsDir() {
        return dataDir.resolve("models");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
