package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The command line's bundles are complete, every text in them is used and parses, and no words hide in code. */
class CliTextsTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/cairn/cli");

    /**
     * Files whose words stay English this time, with the reason: the benchmark commands are developer
     * tools whose tables come from dev.cairn.bench in English (ADR 0028, "The command line").
     */
    private static final Set<String> ENGLISH_ON_PURPOSE = Set.of(
            "BenchCommand.java",
            "IngestBenchCommand.java",
            "SearchBenchCommand.java",
            "ParseBenchCommand.java",
            "ScaleBenchCommand.java",
            "WindowBenchCommand.java",
            "AotTrainingCommand.java",
            "Arguments.java"); // only the bench commands check their paths with it

    /** Keys picocli reads by its own names (headings, the standard options, the help command). */
    private static final Set<String> PICOCLI_KEYS = Set.of(
            "usage.synopsisHeading",
            "usage.commandListHeading",
            "mixinStandardHelpOptions.help",
            "mixinStandardHelpOptions.version",
            "helpCommand.command",
            "helpCommand.help");

    /**
     * Where a literal is no text for people: picocli's names and labels, JSON field names and values,
     * SQL, thread names, the logger (logs stay English), and the program's name in its version.
     */
    private static final List<Pattern> NOT_FOR_PEOPLE = Stream.of(
                    "(names?|paramLabel|defaultValue|descriptionKey|arity|split)\\s*=\\s*\\{?\\s*$",
                    "\\.(put|get|has|path|set|putArray|putObject|putNull|getProperty)\\(\\s*$",
                    "\\.put\\(\\s*\"[a-z_]+\",\\s*$",
                    "\\.(debug|info|warn|error|trace)\\(\\s*$",
                    "(queryString|queryLong|countIfPresent)\\(\\s*c,\\s*$",
                    "countIfPresent\\(c,\\s*$",
                    "\\.put\\(\\s*\"[a-z_]+\",.*\\?\\s*(\"[^\"]*\"\\s*:)?\\s*$", // a JSON value chosen by a condition
                    "Map\\.of\\(.*$", // the JSON report's fields
                    "@SuppressWarnings\\($",
                    "Pattern\\.compile\\($",
                    "\\.resolve\\($", // file names
                    "BUNDLE =$")
            .map(Pattern::compile)
            .toList();

    /** Single literals that are no text for people, each with its reason. */
    private static final Set<String> NAMES = Set.of(
            "CairnCommand.java: cairn ", // the version line: the program's name and a number
            "CairnCommand.java: dev", // the version of a build from sources
            "DesktopOpener.java: this command line was started without the desktop app", // a programming error: Main
            // always passes the desktop
            "DoctorCommand.java: ')::text", // SQL
            "DoctorCommand.java:  WHERE attrelid = 'chunks'::regclass AND attname = 'embedding' AND NOT attisdropped)::text");

    private static final Pattern FORMAT_SPECIFIER = Pattern.compile("%[-#+ 0,(]*\\d*(\\.\\d+)?[a-zA-Z%]");
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    @Test
    void germanHasEveryKeyEnglishHasAndNoOther() throws IOException {
        Properties en = bundle("messages.properties");
        Properties de = bundle("messages_de.properties");
        assertThat(de.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void everyTextParsesAsAMessageFormatPattern() throws IOException {
        for (String file : List.of("messages.properties", "messages_de.properties")) {
            Properties p = bundle(file);
            for (String key : p.stringPropertyNames()) {
                String pattern = p.getProperty(key);
                try {
                    new MessageFormat(pattern);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(file + ": " + key + " does not parse: " + e.getMessage(), e);
                }
                assertThat(pattern)
                        .as("%s: %s has an apostrophe written once (MessageFormat would swallow it)", file, key)
                        .doesNotContainPattern("(?<=\\p{L})'(?=\\p{L})");
            }
        }
    }

    @Test
    void everyKeyIsUsed() throws IOException {
        String code = allSources();
        Set<String> commands = new TreeSet<>();
        collect(CairnCommand.newCommandLine().getCommandSpec(), commands);
        List<String> unused = new ArrayList<>();
        for (String key : bundle("messages.properties").stringPropertyNames()) {
            boolean inCode = code.contains("\"" + key + "\"");
            boolean aCommandsHelp = key.matches(".*\\.usage\\.(description|header)")
                    && commands.contains(key.replaceFirst("\\.usage\\.(description|header)$", ""));
            if (!inCode && !aCommandsHelp && !PICOCLI_KEYS.contains(key)) {
                unused.add(key);
            }
        }
        assertThat(unused).as("keys no code or command reads").isEmpty();
    }

    @Test
    void everyUserCommandAndOptionIsDescribedInBothLanguages() {
        for (java.util.Locale locale : List.of(java.util.Locale.ENGLISH, java.util.Locale.GERMAN)) {
            java.util.Locale before = java.util.Locale.getDefault();
            try {
                java.util.Locale.setDefault(locale);
                CommandLine cmd = CairnCommand.newCommandLine();
                List<String> bare = new ArrayList<>();
                undescribed(cmd.getCommandSpec(), bare);
                assertThat(bare).as("undescribed in %s", locale).isEmpty();
            } finally {
                java.util.Locale.setDefault(before);
            }
        }
    }

    @Test
    void noWordsForPeopleInTheCodeOfTheCommandLine() throws IOException {
        Set<String> keys = bundle("messages.properties").stringPropertyNames();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.sorted().toList()) {
                if (ENGLISH_ON_PURPOSE.contains(file.getFileName().toString())) {
                    continue;
                }
                for (Map.Entry<String, String> literal :
                        JavaLiterals.of(Files.readString(file)).entrySet()) {
                    String text = literal.getValue();
                    String before = literal.getKey().replaceFirst("^\\d+:", "");
                    boolean words = WORD.matcher(FORMAT_SPECIFIER.matcher(text).replaceAll(""))
                            .find();
                    boolean notForPeople = keys.contains(text)
                            || text.matches("(SELECT|SHOW) .*")
                            || text.startsWith("cairn-") // thread names
                            || NAMES.contains(file.getFileName() + ": " + text)
                            || NOT_FOR_PEOPLE.stream()
                                    .anyMatch(p -> p.matcher(before).find());
                    if (words && !notForPeople) {
                        found.add(file.getFileName() + ": \"" + text + "\" after ..." + before);
                    }
                }
            }
        }
        assertThat(found).as("texts for people outside the bundle").isEmpty();
    }

    private static void collect(CommandSpec spec, Set<String> names) {
        names.add(spec.qualifiedName("."));
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), names));
    }

    private static void undescribed(CommandSpec spec, List<String> bare) {
        if (spec.name().equals("bench")) {
            return; // a developer tool, English in its annotations
        }
        if (spec.usageMessage().description().length == 0 && spec.usageMessage().header().length == 0) {
            bare.add(spec.qualifiedName());
        }
        for (ArgSpec arg : spec.args()) {
            if (String.join("", arg.description()).isBlank()) {
                bare.add(spec.qualifiedName() + " " + arg.paramLabel());
            }
        }
        spec.subcommands().values().forEach(sub -> undescribed(sub.getCommandSpec(), bare));
    }

    private static String allSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = CliTextsTest.class.getResourceAsStream("/dev/cairn/cli/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
