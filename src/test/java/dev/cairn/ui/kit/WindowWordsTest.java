package dev.cairn.ui.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The window's words all come from its bundle, and every translation has them all: a key German
 * lacks, a key nobody uses, a pattern MessageFormat can't read, or a sentence written straight into
 * the code or the FXML fails here, with where it is.
 */
class WindowWordsTest {

    private static final Path RESOURCES = Path.of("src/main/resources/dev/cairn/ui");
    private static final Path SOURCES = Path.of("src/main/java/dev/cairn/ui");
    private static final List<String> TRANSLATIONS = List.of("de");

    /** A key as the bundle names them: dotted lower camel case ("library.noMatch"). */
    private static final Pattern KEY = Pattern.compile("[a-z]+(\\.[a-zA-Z0-9]+)+");

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FXML_TEXT = Pattern.compile("\\b(text|promptText|title)=\"([^\"]*)\"");
    private static final Pattern FXML_KEY = Pattern.compile("=\"%([^\"]+)\"");

    /** Calls whose string argument a person reads. */
    private static final Pattern SHOWN = Pattern.compile(
            "(setText|new Label|new Button|new Tooltip|new MenuItem|new Menu|new CheckMenuItem|setTitle|setHeaderText"
                    + "|setContentText|setPromptText|setAccessibleText|ExtensionFilter|println|printf|\\.set|accept"
                    + "|\\.job|message)\\(");

    /**
     * Lines whose literals are not for people, and why: logs stay English (ADR 0028), exceptions are
     * programming errors or lower layers' messages (English for now), style classes and resource names
     * are names, and the single-instance handshake is JSON between processes.
     */
    private static final List<String> NOT_SHOWN = List.of(
            "log().", // logs stay English
            "LOG.", // logs stay English
            "throw new", // exceptions' messages stay English (ADR 0028)
            "requireNonNull", // a programming error's name of the argument
            "getStyleClass", // style classes
            "styleClass", // style classes
            "PseudoClass", // CSS pseudo classes
            "setStyle", // inline CSS
            "getResource", // resource names
            "Words.get(\"", // the key itself
            "setId(", // node ids
            "Path.of(\"warm-up\"", // the table's warm-up rows are never shown
            "setInitialFileName", // a file name, the same in every language
            "log.", // logs stay English
            ".name(\"", // thread names
            "\"%s · %d cores", // the benchmark report's line: the report is a file, English like cairn bench's
            "completeExceptionally(new", // an exception's message, as with throw new
            "# Cairn embedding benchmark", // the benchmark report (Markdown file)
            "exact scan (no index)", // a part of the benchmark report's line
            ".replace(\"" // the benchmark rows' names (bench's, English) shortened for the chart's axis
            );

    @Test
    void everyTranslationHasEveryKeyAndNoOther() throws IOException {
        Set<String> english = load("").stringPropertyNames();
        for (String language : TRANSLATIONS) {
            Set<String> translated = load("_" + language).stringPropertyNames();
            assertThat(new TreeSet<>(english))
                    .as("keys messages_%s.properties lacks", language)
                    .isEqualTo(new TreeSet<>(translated));
        }
    }

    @Test
    void everyPatternReadsWithMessageFormatAndFxmlTextsNeedNoFormatting() throws IOException {
        Set<String> inFxml = fxmlKeys();
        List<String> suffixes = new ArrayList<>(List.of(""));
        TRANSLATIONS.forEach(t -> suffixes.add("_" + t));
        for (String suffix : suffixes) {
            Properties texts = load(suffix);
            Locale locale = suffix.isEmpty() ? Locale.ENGLISH : Locale.forLanguageTag(suffix.substring(1));
            for (String key : texts.stringPropertyNames()) {
                String pattern = texts.getProperty(key);
                assertThat(pattern).as("%s in messages%s", key, suffix).isNotBlank();
                MessageFormat format = new MessageFormat(pattern, locale); // throws on a pattern it can't read
                assertThat(format.format(new Object[] {1, 2, 3})).isNotNull();
                if (inFxml.contains(key)) {
                    assertThat(pattern)
                            .as("%s is read by FXMLLoader as it is: no quotes or braces (messages%s)", key, suffix)
                            .doesNotContain("'", "{");
                }
            }
        }
    }

    @Test
    void everyKeyIsUsedAndEveryUsedKeyExists() throws IOException {
        Set<String> english = load("").stringPropertyNames();
        Set<String> used = new TreeSet<>(fxmlKeys());
        for (Path file : files(SOURCES, ".java")) {
            Matcher m = LITERAL.matcher(Files.readString(file));
            while (m.find()) {
                if (KEY.matcher(m.group(1)).matches() && english.contains(m.group(1))) {
                    used.add(m.group(1));
                }
            }
            Matcher get = Pattern.compile("Words\\.get\\(\\s*\"([^\"]+)\"").matcher(Files.readString(file));
            while (get.find()) {
                assertThat(english).as("%s asks for a key English lacks", file).contains(get.group(1));
            }
        }
        assertThat(fxmlKeys()).as("FXML keys English lacks").isSubsetOf(english);
        Set<String> unused = new TreeSet<>(english);
        unused.removeAll(used);
        assertThat(unused).as("keys no code or FXML uses").isEmpty();
    }

    @Test
    void noFxmlShowsTextOutsideTheBundle() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files(RESOURCES, ".fxml")) {
            Matcher m = FXML_TEXT.matcher(Files.readString(file));
            while (m.find()) {
                if (!m.group(2).isEmpty() && !m.group(2).startsWith("%")) {
                    found.add(file.getFileName() + ": " + m.group(0));
                }
            }
        }
        assertThat(found).as("FXML texts not from the bundle (write %key)").isEmpty();
    }

    /** The window benchmark's own classes: a developer tool, English like cairn bench (ADR 0028). */
    private static final Set<String> DEVELOPER_TOOLS = Set.of("WindowBenchmark.java", "FxStalls.java");

    @Test
    void noCodeShowsASentenceOutsideTheBundle() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files(SOURCES, ".java")) {
            if (DEVELOPER_TOOLS.contains(file.getFileName().toString())) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            boolean inComment = false;
            boolean inStatement = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("/*")) {
                    inComment = true;
                }
                if (inComment || line.startsWith("//") || line.startsWith("@")) {
                    inComment &= !line.contains("*/");
                    continue;
                }
                String code = line.replaceAll("\\s//.*$", "");
                if (NOT_SHOWN.stream().anyMatch(code::contains)) {
                    inStatement = !code.endsWith(";") && !code.endsWith("{"); // its next lines go with it
                    continue;
                }
                if (inStatement) {
                    inStatement = !code.endsWith(";");
                    continue;
                }
                String context = i > 0 ? lines.get(i - 1).strip() + " " + code : code;
                Matcher m = LITERAL.matcher(code);
                while (m.find()) {
                    String text = m.group(1);
                    if (words(text)
                            || (SHOWN.matcher(context).find()
                                    && text.matches(".*[A-Za-z]{2}.*")
                                    && !KEY.matcher(text).matches())) {
                        found.add(SOURCES.relativize(file) + ":" + (i + 1) + ": \"" + text + "\"");
                    }
                }
            }
        }
        assertThat(found)
                .as("texts for people written into the code (put them in messages.properties)")
                .isEmpty();
    }

    /** Words as people read them: two words with a space, or one capitalised word ("Open"). */
    private static boolean words(String text) {
        return text.matches(".*[A-Za-z]{2,} +[A-Za-z]{2,}.*") || text.matches("[A-Z][a-z]{2,}.*");
    }

    private static Set<String> fxmlKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (Path file : files(RESOURCES, ".fxml")) {
            Matcher m = FXML_KEY.matcher(Files.readString(file));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static Properties load(String suffix) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(
                RESOURCES.resolve("messages" + suffix + ".properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static List<Path> files(Path root, String ending) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.toString().endsWith(ending)).sorted().toList();
        }
    }
}
