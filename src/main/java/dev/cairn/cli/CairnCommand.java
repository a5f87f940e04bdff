package dev.cairn.cli;

import dev.cairn.app.Settings;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.Texts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root of {@code cairn <command>}: global options and the list of commands. */
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // --help and --version on every command
        versionProvider = CairnCommand.Version.class,
        subcommands = {
            DoctorCommand.class,
            IngestCommand.class,
            SearchCommand.class,
            AskCommand.class,
            ThreadsCommand.class,
            EmbedCommand.class,
            BenchCommand.class,
            WatchCommand.class,
            ModelsCommand.class,
            TuneIndexCommand.class,
            OpenCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CairnCommand implements Callable<Integer> {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", descriptionKey = "opt.data-dir")
    Path dataDir;

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL", descriptionKey = "opt.db-url")
    String dbUrl;

    private final DesktopOpener desktop;

    private CairnCommand(DesktopOpener desktop) {
        this.desktop = desktop;
    }

    /** Runs the command line; with no command it opens the desktop through {@code desktop}. */
    public static int run(DesktopOpener desktop, String... args) {
        return newCommandLine(desktop).execute(args);
    }

    static CommandLine newCommandLine() {
        return newCommandLine(DesktopOpener.NONE);
    }

    static CommandLine newCommandLine(DesktopOpener desktop) {
        CommandLine cmd = new CommandLine(new CairnCommand(desktop))
                .setExecutionExceptionHandler(CairnCommand::handleError)
                .setParameterExceptionHandler(BadArguments::handle)
                .setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionStrategy(parsed -> {
            speakTheLibrarysLanguage(cmd);
            return new CommandLine.RunLast().execute(parsed);
        });
        useHelp(cmd, Words.help());
        return cmd;
    }

    /**
     * Once the data directory is known: its settings' {@code ui.language} over the system's (LANG as
     * Java read it), for every word that follows, help included. Settings that cannot be read leave the
     * system's language; the command itself says what is wrong with them where it reads them.
     */
    private static void speakTheLibrarysLanguage(CommandLine cmd) {
        CairnCommand root = cmd.getCommand();
        speakTheLanguageOf(root.appDirs(), cmd);
    }

    /** The language of the library at {@code dirs} (its settings' {@code ui.language}, else the system's). */
    static void speakTheLanguageOf(AppDirs dirs, CommandLine cmd) {
        Locale system = Locale.getDefault();
        try {
            Texts.use(Settings.load(dirs.settingsFile()).locale(system));
        } catch (IOException | RuntimeException unreadable) {
            Texts.use(system);
        }
        useHelp(cmd, Words.help());
    }

    private static void useHelp(CommandLine cmd, ResourceBundle help) {
        cmd.getCommandSpec().resourceBundle(help);
        cmd.getSubcommands().values().forEach(sub -> useHelp(sub, help));
    }

    /** The data directory this invocation uses. */
    public AppDirs appDirs() {
        return AppDirs.resolve(dataDir);
    }

    public String dbUrl() {
        return dbUrl;
    }

    DesktopOpener desktop() {
        return desktop;
    }

    /** No command: the desktop app, on the data directory and database the options name (as with no arguments at all). */
    @Override
    public Integer call() {
        return desktop.open(dataDir, dbUrl, List.of());
    }

    /** Core exceptions carry a message a person can act on: print it once, without a stack trace. */
    private static int handleError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        org.slf4j.LoggerFactory.getLogger(CairnCommand.class).debug("command failed", e);
        String message = e.getMessage() == null ? e.toString() : Phrase.show(e.getMessage());
        cmd.getErr().println(Words.get("error", message));
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CairnCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cairn " + (v == null ? "dev" : v)};
        }
    }
}
