package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.CairnProcess;
import dev.cairn.ui.SingleInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global options with and without a command, in real {@code cairn} processes. Without a
 * command Cairn opens its window on the data directory; here a window already "runs" on it (this
 * test holds the data directory's single-instance claim, as a running window does), so the launch
 * hands over to it and exits, which shows which data directory the launch chose without a display.
 */
class GlobalOptionsTest {

    @TempDir
    Path home;

    private Path library;
    private SingleInstance window;
    private final LinkedBlockingQueue<SingleInstance.Request> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void aWindowRunsOnTheLibrary() throws Exception {
        library = Files.createDirectories(home.resolve("library"));
        SingleInstance.Claim claim = SingleInstance.claim(library, new SingleInstance.Focus(), Duration.ofSeconds(30));
        window = ((SingleInstance.Owner) claim).instance();
        window.listen(received::add);
    }

    @AfterEach
    void closeTheWindow() throws Exception {
        window.close();
    }

    @Test
    void dataDirWithoutACommandOpensTheWindowOnThatDirectory() throws Exception {
        Run run = cairn(Map.of(), "--data-dir", library.toString());

        assertThat(run.exit).as(run.out).isZero();
        assertThat(run.out).contains("Cairn is already running");
        assertThat(received.poll(30, TimeUnit.SECONDS)).isInstanceOf(SingleInstance.Focus.class);
    }

    @Test
    void theEnvironmentVariableWithoutArgumentsDoesTheSame() throws Exception {
        Run run = cairn(Map.of("CAIRN_DATA_DIR", library.toString()));

        assertThat(run.exit).as(run.out).isZero();
        assertThat(received.poll(30, TimeUnit.SECONDS)).isInstanceOf(SingleInstance.Focus.class);
    }

    @Test
    void dataDirBeforeOrAfterOpenHandsTheFilesToThatWindow() throws Exception {
        Path note = Files.writeString(home.resolve("note.md"), "# Note");
        for (List<String> args : List.of(
                List.of("--data-dir", library.toString(), "open", note.toString()),
                List.of("open", note.toString(), "--data-dir", library.toString()))) {
            Run run = cairn(Map.of(), args.toArray(String[]::new));

            assertThat(run.exit).as(run.out).isZero();
            assertThat(received.poll(30, TimeUnit.SECONDS))
                    .as(String.join(" ", args))
                    .isEqualTo(new SingleInstance.Open(List.of(note)));
        }
    }

    @Test
    void dataDirBeforeOrAfterACommandNamesTheSameLibrary() throws Exception {
        Path other = home.resolve("other");
        for (List<String> args : List.of(
                List.of("--data-dir", other.toString(), "doctor", "--json"),
                List.of("doctor", "--json", "--data-dir", other.toString()))) {
            Run run = cairn(Map.of("CAIRN_DATA_DIR", library.toString()), args.toArray(String[]::new));

            assertThat(run.exit).as(run.out).isZero();
            String json = run.out.strip().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(new ObjectMapper().readTree(json).get("data_dir").asText())
                    .as("the option wins over the environment: %s", String.join(" ", args))
                    .isEqualTo(other.toString());
        }
    }

    @Test
    void helpAndVersionStillPrintWithoutOpeningAWindow() throws Exception {
        Run help = cairn(Map.of(), "--data-dir", library.toString(), "--help");
        Run version = cairn(Map.of(), "--version");

        assertThat(help.exit).isZero();
        assertThat(help.out).contains("Usage: cairn").contains("ingest").contains("--db-url");
        assertThat(version.out).startsWith("cairn ");
        assertThat(received).as("no launch reached the window").isEmpty();
    }

    private record Run(int exit, String out) {}

    private static Run cairn(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = CairnProcess.builder(List.of(args)).redirectErrorStream(true);
        pb.environment().remove("CAIRN_DATA_DIR");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
