package dev.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Settings;
import dev.cairn.embed.ModelFolders;
import dev.cairn.ingest.parse.TestDocuments;
import dev.cairn.search.FakeChatServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Real commands on a real library speak German where the library's ui.language (or the system) says so. */
class CliInGermanTest {

    @TempDir
    Path home;

    @TempDir
    Path docs;

    private Locale system;

    @BeforeEach
    void rememberTheSystemsLanguage() {
        system = Locale.getDefault();
    }

    @AfterEach
    void restoreTheSystemsLanguage() {
        Locale.setDefault(system);
    }

    @Test
    void doctorReportsInGermanWhenTheLibrarySaysSo() throws Exception {
        speak("de");
        Run doctor = run("doctor", "--data-dir", home.toString());
        assertThat(doctor.out)
                .contains("Datenverzeichnis  " + home, "Prüfsummen        an", "Privat            ja", "Abschnitte")
                .doesNotContain("Data directory", "Checksums");
    }

    @Test
    void ingestAndSearchSpeakGermanAndTheirJsonDoesNot() throws Exception {
        Files.writeString(
                docs.resolve("hütte.md"),
                "# Die Hütte\n\nDie Hütte am Gletscher hat zwölf Schlafplätze und einen Ofen.\n",
                UTF_8);
        speak("de");
        Run ingest = run("ingest", "--data-dir", home.toString(), docs.toString());
        assertThat(ingest.out).contains("indexiert", "übersprungen", "fehlgeschlagen", "Abschnitte in");
        // Every passage with its vector first, so that both languages search the same library.
        String model = "";
        for (var m : Json.read(run("models", "list", "--data-dir", home.toString(), "--json").out)) {
            model = m.get("active").asBoolean() ? m.get("name").asText() : model;
        }
        assertThat(run("models", "use", "--data-dir", home.toString(), model, "--wait").out)
                .contains("jede Passage hat ihren Vektor (1)");

        Run german = run("search", "--data-dir", home.toString(), "Schlafplätze Hütte");
        assertThat(german.out)
                .contains("hütte.md", "Punktzahl")
                .containsPattern(
                        "1 Treffer in \\d{1,3}(\\.\\d{3})*,\\d ms"); // decimal comma, thousands grouped: numbers follow
        // the language
        String germanJson = run("search", "--data-dir", home.toString(), "--json", "Schlafplätze Hütte").out;

        speak("en");
        Run english = run("search", "--data-dir", home.toString(), "Schlafplätze Hütte");
        assertThat(english.out).contains("(score ").containsPattern("1 hit in \\d{1,3}(,\\d{3})*\\.\\d ms");
        String englishJson = run("search", "--data-dir", home.toString(), "--json", "Schlafplätze Hütte").out;

        // Machine-readable output is the same bytes in every language; only the time taken differs per run.
        assertThat(withoutTime(germanJson)).isEqualTo(withoutTime(englishJson));
        assertThat(germanJson).contains("\"score\":0.").doesNotContain("\"score\":0,");
    }

    @Test
    void theSystemsLanguageIsSpokenUnlessTheLibraryChoseAnother() throws Exception {
        Locale.setDefault(Locale.GERMANY);
        assertThat(run("models", "list", "--data-dir", home.toString()).out)
                .contains("mitgeliefert", "ist das Modell dieser Bibliothek");
        String germanJson = run("models", "list", "--data-dir", home.toString(), "--json").out;

        speak("en");
        Locale.setDefault(Locale.GERMANY);
        assertThat(run("models", "list", "--data-dir", home.toString()).out)
                .contains("shipped", "is the model this library uses");
        assertThat(run("models", "list", "--data-dir", home.toString(), "--json").out)
                .isEqualTo(germanJson);
    }

    @Test
    void aFileThatIsNotThereIsSaidInGerman() throws Exception {
        speak("de");
        Path missing = docs.resolve("gibt-es-nicht.jsonl");
        Run search = run(1, "search", "--data-dir", home.toString(), "--queries", missing.toString());
        assertThat(search.err)
                .startsWith("cairn: Die Datei " + missing + " gibt es nicht; --queries erwartet eine Datei mit Fragen");

        Run watch = run(2, "watch", "add", "--data-dir", home.toString(), missing.toString());
        assertThat(watch.err).contains(missing + " kann nicht beobachtet werden: es ist kein Ordner.");
    }

    @Test
    void filesThatCannotBeReadAreSaidInGermanAndTheirJsonStaysEnglish() throws Exception {
        Path good = TestDocuments.pdf(
                docs.resolve("gut.pdf"), List.of(List.of("Die Huette hat zwoelf Betten.")), null, null);
        TestDocuments.pdf(
                docs.resolve("gesperrt.pdf"), List.of(List.of("Geheim")), null, TestDocuments.passwordProtection());
        Files.write(docs.resolve("kaputt.pdf"), Arrays.copyOf(Files.readAllBytes(good), 300));
        Files.write(docs.resolve("leer.txt"), new byte[0]);
        Files.write(docs.resolve("bild.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3, 0, 0});
        speak("de");

        Run ingest = run(2, "ingest", "--data-dir", home.toString(), docs.toString());
        assertThat(ingest.out)
                .contains(
                        "gesperrt.pdf: Dieses PDF ist passwortgeschützt; Cairn kann es nicht lesen.",
                        "leer.txt: Diese Datei ist leer (0 Byte); es gibt nichts zu indizieren.",
                        "bild.txt: Dies ist kein Dokument, sondern: PNG-Bild. Cairn liest ")
                .containsPattern("kaputt.pdf: Diese[rs]? [^\\n]*beschädigt")
                .doesNotContain("password-protected", "This file", "This PDF", "damaged", "Cairn reads");
        Run again = run(0, "ingest", "--data-dir", home.toString(), docs.toString());
        assertThat(again.out)
                .contains("leer.txt (zuvor fehlgeschlagen und unverändert: Diese Datei ist leer (0 Byte)")
                .doesNotContain("failed before");

        String json = run(2, "ingest", "--data-dir", home.toString(), "--json", "--retry-failed", docs.toString()).out;
        assertThat(json)
                .contains("This PDF is password-protected; Cairn can't read it.")
                .doesNotContain("passwortgeschützt", "\\u0002");
    }

    @Test
    void aFolderThatIsNoModelIsRefusedInGerman() throws Exception {
        Path noTokenizer = ModelFolders.miniLm(docs.resolve("ohne-tokenizer"));
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        Path typo = ModelFolders.miniLm(docs.resolve("tippfehler"));
        Files.writeString(
                typo.resolve("cairn-model.json"),
                "{\"pooling\": \"mean\", \"max_tokens\": 256, \"languages\": [\"en\"], \"query_prefx\": \"\"}");
        speak("de");

        assertThat(run(2, "models", "add", "--data-dir", home.toString(), noTokenizer.toString()).err)
                .startsWith("cairn: In " + noTokenizer + " fehlt tokenizer.json. Exportieren Sie das Modell")
                .doesNotContain("has no", "\u0002");
        assertThat(run(2, "models", "add", "--data-dir", home.toString(), typo.toString()).err)
                .contains("'query_prefx' ist kein Feld, das Cairn kennt")
                .doesNotContain("is not a field");
        assertThat(run(2, "models", "use", "--data-dir", home.toString(), "nope").err)
                .startsWith("cairn: Unbekanntes Embedding-Modell 'nope'; zur Wahl stehen: all-minilm-l6-v2");
    }

    @Test
    void anUnreachableLanguageModelIsSaidInGerman() throws Exception {
        Files.writeString(docs.resolve("hütte.md"), "# Die Hütte\n\nDie Hütte hat zwölf Schlafplätze.\n", UTF_8);
        speak("de");
        run("ingest", "--data-dir", home.toString(), docs.toString());
        String url = "http://127.0.0.1:" + FakeChatServer.closedPort();

        Run ask = run(1, "ask", "--data-dir", home.toString(), "--llm", url, "--model", "klein", "Wie viele Betten?");
        assertThat(ask.err.strip())
                .isEqualTo("cairn: Cairn konnte das Sprachmodell unter " + url
                        + "/v1/chat/completions nicht erreichen: Verbindung abgelehnt. Läuft Ollama (oder Ihr"
                        + " Server)?");
    }

    @Test
    void aDatabaseThatCannotBeUsedIsSaidInGerman() throws Exception {
        speak("de");
        Run search = run(1, "search", "--data-dir", home.toString(), "--db-url", "nirgendwo", "Hütte");
        assertThat(search.err)
                .startsWith("cairn: --db-url nirgendwo ist keine PostgreSQL-JDBC-URL")
                .doesNotContain("is not a", "\u0002");
    }

    @Test
    void argumentsPicocliCannotTakeAreSaidInGermanWithGermanUsage() throws Exception {
        speak("de");
        Run unknown = run(2, "search", "--data-dir", home.toString(), "--falsch", "Hütte");
        assertThat(unknown.err)
                .startsWith("cairn: Unbekannte Option: '--falsch'")
                .contains("Aufruf: cairn search")
                .doesNotContain("Unknown option", "Usage:");

        Run missing = run(2, "ingest", "--data-dir", home.toString());
        assertThat(missing.err)
                .startsWith("cairn: Erforderlicher Parameter fehlt: 'PATH'")
                .contains("Aufruf: cairn ingest")
                .doesNotContain("Missing required", "Usage:");

        speak("en");
        assertThat(run(2, "search", "--data-dir", home.toString(), "--falsch", "x").err)
                .startsWith("cairn: Unknown option: '--falsch'")
                .contains("Usage: cairn search");
    }

    @Test
    void helpIsGermanToo() throws Exception {
        speak("de");
        Run help = run("search", "--help", "--data-dir", home.toString());
        assertThat(help.out)
                .startsWith("Aufruf: cairn search")
                .contains(
                        "Die Passagen finden, die am besten zu einer Frage passen", "Wie viele Treffer (Standard 10).");
    }

    private void speak(String language) throws Exception {
        // As Settings would: the library's other choices (its model) stay as they are.
        Path file = home.resolve("settings.properties");
        Settings.load(file).withLanguage(language).save(file);
    }

    private static String withoutTime(String json) {
        return json.replaceFirst("\"ms\":[0-9.]+", "\"ms\":0");
    }

    record Run(String out, String err) {}

    private static Run run(String... args) {
        return run(0, args);
    }

    /** Runs the command as {@code cairn} would; standard output and error are caught, both streams and picocli's. */
    private static Run run(int exitCode, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        PrintStream outBefore = System.out;
        PrintStream errBefore = System.err;
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, UTF_8));
            System.setErr(new PrintStream(sysErr, true, UTF_8));
            CommandLine cmd = CairnCommand.newCommandLine();
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(err));
            code = cmd.execute(args);
        } finally {
            System.setOut(outBefore);
            System.setErr(errBefore);
        }
        Run run = new Run(out + sysOut.toString(UTF_8), err + sysErr.toString(UTF_8));
        assertThat(code).as("exit code; stderr: %s", run.err).isEqualTo(exitCode);
        return run;
    }
}
