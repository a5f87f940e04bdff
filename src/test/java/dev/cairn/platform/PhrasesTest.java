package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The lower layers' texts for people ({@code phrases*.properties}) and how a code becomes words. */
class PhrasesTest {

    private static final Path MAIN = Path.of("src/main/java");
    /** A literal that looks like a phrase key: "parse.empty", "walk.brokenLink". */
    private static final Pattern KEY_LITERAL = Pattern.compile("\"([a-z]+(?:\\.[a-zA-Z0-9]+)+)\"");

    @Test
    void aCodeReadsInTheLanguageOfWhoeverShowsIt() {
        String code = Phrase.of("parse.pdfEncrypted");

        assertThat(Phrase.show(code, Locale.ENGLISH)).isEqualTo("This PDF is password-protected; Cairn can't read it.");
        assertThat(Phrase.show(code, Locale.GERMAN))
                .isEqualTo("Dieses PDF ist passwortgeschützt; Cairn kann es nicht lesen.");
        assertThat(Phrase.english(code)).isEqualTo(Phrase.show(code, Locale.ENGLISH));
    }

    @Test
    void aCodeInsideAnotherIsPutIntoWordsTooAndWordsAroundCodesStay() {
        String kind = Phrase.of("kind.xlsx");
        String reason = Phrase.of("parse.damagedOpen", kind);

        assertThat(Phrase.show(reason, Locale.ENGLISH))
                .isEqualTo("This Excel spreadsheet is damaged or truncated; Cairn could not open it.");
        assertThat(Phrase.show(reason, Locale.GERMAN))
                .isEqualTo(
                        "Diese Datei (Excel-Tabelle) ist beschädigt oder abgeschnitten; Cairn konnte sie nicht öffnen.");
        assertThat(Phrase.show("IOException: " + Phrase.of("parse.gone") + " (2)", Locale.GERMAN))
                .isEqualTo("IOException: Diese Datei gibt es nicht mehr; sie wurde verschoben oder gelöscht. (2)");
        assertThat(Phrase.args(Phrase.of("ingest.failedBefore", reason), "ingest.failedBefore"))
                .containsExactly(reason);
        assertThat(Phrase.args(reason, "ingest.failedBefore")).isNull();
    }

    @Test
    void numbersCarriedAsTextAreGroupedAndGivenTheirDecimalMarkInTheReadersLanguage() {
        String tuner = Phrase.of("tuner.ivfFlatTooFew", 10_000, 4120);
        String notNearer = Phrase.of("model.notNearer", "mean", "a", "b", "0.52", "0.6", "cairn-model.json");

        assertThat(Phrase.show(tuner, Locale.GERMAN)).contains("mindestens 10.000 Vektoren", "hat 4.120.");
        assertThat(Phrase.english(tuner)).contains("at least 10,000 vectors", "has 4,120;");
        assertThat(Phrase.show(notNearer, Locale.GERMAN)).contains("(0,52)", "(0,60)");
        assertThat(Phrase.english(notNearer)).contains("(0.52)", "(0.60)");
        assertThat(Phrase.show(Phrase.of("ingest.stopped", "x", 1234), Locale.GERMAN))
                .endsWith("1.234 Dateien sind übrig.");
    }

    @Test
    void sizesAndDurationsInsideAReasonReadInTheReadersLanguage() {
        String tooLarge =
                Phrase.of("parse.tooLarge", Phrase.of("size.megabytes", 1536), Phrase.of("size.megabytes", 1024));
        String timedOut = Phrase.of("parse.timedOut", Phrase.of("duration.milliseconds", 1500));

        assertThat(Phrase.show(tooLarge, Locale.GERMAN)).contains("1.536 MB", "1.024 MB");
        assertThat(Phrase.english(tooLarge))
                .isEqualTo("This file is 1,536 MB, over Cairn's limit of 1,024 MB per file.");
        assertThat(Phrase.show(Phrase.of("size.bytes", 512), Locale.GERMAN)).isEqualTo("512 Byte");
        assertThat(Phrase.show(timedOut, Locale.GERMAN)).contains("1.500 ms");
    }

    @Test
    void anArgumentThatIsNoNumberStaysAsItIsWhereThePatternWantsOne() {
        assertThat(Texts.of(Phrase.BUNDLE, Locale.GERMAN).get("check.orphans", "viele"))
                .startsWith("viele Abschnitte");
    }

    @Test
    void textStoredBeforeCodesReadsAsItWasAndArgumentsKeepTheirBraces() {
        String old = "This file is empty (0 bytes); there is nothing to index.";

        assertThat(Phrase.show(old, Locale.GERMAN)).isSameAs(old);
        assertThat(Phrase.isCoded(old)).isFalse();
        assertThat(Phrase.show(null, Locale.GERMAN)).isNull();
        assertThat(Phrase.show(Phrase.of("parse.couldNotRead", "bad {0} 'quote'"), Locale.GERMAN))
                .isEqualTo("Cairn konnte diese Datei nicht lesen: bad {0} 'quote'");
    }

    @Test
    void germanHasEveryKeyOfEnglishAndEveryPatternReads() throws IOException {
        Properties en = load("phrases.properties");
        Properties de = load("phrases_de.properties");

        assertThat(de.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (Properties p : List.of(en, de)) {
            for (String key : p.stringPropertyNames()) {
                String pattern = p.getProperty(key);
                new MessageFormat(pattern); // throws on a broken pattern
                assertThat(pattern.replace("''", ""))
                        .as("%s: an apostrophe is written twice", key)
                        .doesNotContain("'");
            }
        }
    }

    @Test
    void everyKeyIsUsedByTheCodeAndEveryKeyTheCodeAsksForExists() throws IOException {
        Set<String> keys = load("phrases.properties").stringPropertyNames();
        Set<String> literals = new HashSet<>();
        Set<String> asked = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                Matcher m = KEY_LITERAL.matcher(source);
                while (m.find()) {
                    literals.add(m.group(1));
                }
                Matcher of = Pattern.compile("Phrase\\.of\\(\\s*\"([^\"]+)\"").matcher(source);
                while (of.find()) {
                    asked.add(of.group(1));
                }
            }
        }
        assertThat(keys).as("keys no code uses").allMatch(literals::contains);
        assertThat(asked).as("keys the code asks for").allMatch(keys::contains);
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Phrase.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
