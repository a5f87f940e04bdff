package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.Settings;
import dev.cairn.platform.AppDirs;
import dev.cairn.search.FakeChatServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn ask} over a really ingested library (bundled PostgreSQL, the real model), answered
 * extractively by default and by a language model behind a local OpenAI-compatible server when one is set.
 */
class AskCommandTest {

    @TempDir
    static Path home;

    @TempDir
    static Path docs;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakeChatServer server;

    @BeforeAll
    static void ingestALibrary() throws Exception {
        Files.writeString(docs.resolve("huts.txt"), """
                The hut at the pass sleeps twelve walkers. It is open from June to September.

                Bookings are made by telephone with the warden, who lives in the valley.
                """);
        Files.writeString(docs.resolve("glaciers.txt"), """
                Glaciers move slowly downhill under their own weight. Crevasses open where the ice bends.

                Walkers on a glacier rope up, because snow bridges can hide crevasses.
                """);
        int rc = CairnCommand.newCommandLine()
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(new StringWriter()))
                .execute("ingest", "--json", "--data-dir", home.toString(), docs.toString());
        assertThat(rc).isZero();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        Settings.DEFAULTS.save(new AppDirs(home).settingsFile());
    }

    private int run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "ask";
        all[1] = "--data-dir=" + home;
        System.arraycopy(args, 0, all, 2, args.length);
        return CairnCommand.newCommandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
    }

    private static Settings withLlm(String endpoint, String model) {
        Settings d = Settings.DEFAULTS;
        return new Settings(
                d.model(),
                d.chunkSize(),
                d.chunkOverlap(),
                d.searchMode(),
                d.indexPolicy(),
                endpoint,
                model,
                d.theme());
    }

    @Test
    void aQuestionWithinAScopeIsAnsweredFromThatPartOfTheLibraryOnly() throws Exception {
        assertThat(run("--json", "--in", docs.resolve("glaciers.txt").toString(), "How many walkers sleep in the hut?"))
                .isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("citations"))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("document").asText()).endsWith("glaciers.txt"));
    }

    @Test
    void aScopeThatHoldsNoDocumentSaysSo() {
        assertThat(run("--type", "pdf", "--since", "30d", "How many walkers sleep in the hut?"))
                .isEqualTo(1);

        assertThat(err.toString()).contains("No document in the library is of type pdf, changed since");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void withoutAnEndpointTheAnswerIsExtractiveAndNoServerIsAsked() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("never sent"));
        withLlm("", "tiny-model").save(new AppDirs(home).settingsFile());

        assertThat(run("--json", "How many walkers sleep in the hut?")).isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("generator").asText()).isEqualTo("extractive");
        assertThat(json.get("model").isNull()).isTrue();
        assertThat(json.get("answer").asText()).contains("sleeps twelve walkers");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void theLlmFlagsAnswerWithTheModelAndCiteWhatItCited() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("The hut sleeps twelve walkers [1]."));

        assertThat(run(
                        "--json",
                        "--llm",
                        server.baseUrl(),
                        "--model",
                        "tiny-model",
                        "How many walkers sleep in the hut?"))
                .isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("generator").asText()).isEqualTo("llm");
        assertThat(json.get("model").asText()).isEqualTo("tiny-model");
        assertThat(json.get("answer").asText()).isEqualTo("The hut sleeps twelve walkers [1].");
        assertThat(json.get("citations")).hasSize(1);
        assertThat(json.get("citations").get(0).get("n").asInt()).isEqualTo(1);
        assertThat(json.get("citations").get(0).get("document").asText()).endsWith("huts.txt");
        assertThat(json.get("citations").get(0).get("snippet").asText()).contains("twelve walkers");
        String prompt = server.requests()
                .getFirst()
                .body()
                .get("messages")
                .get(1)
                .get("content")
                .asText();
        assertThat(prompt)
                .contains("[1] huts:\nThe hut at the pass sleeps twelve walkers.")
                .endsWith("Question: How many walkers sleep in the hut?");
    }

    @Test
    void theEndpointInTheSettingsIsUsedAndTheTokensArePrintedWithTheSources() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("Twelve ", "walkers [1]."));
        withLlm(server.baseUrl() + "/v1", "tiny-model").save(new AppDirs(home).settingsFile());

        assertThat(run("How many walkers sleep in the hut?")).isZero();

        assertThat(out.toString()).startsWith("Twelve walkers [1].\n\n[1] ").contains("huts.txt");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void theFlagsOverrideTheSettings() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("Twelve [1]."));
        withLlm("http://127.0.0.1:" + FakeChatServer.closedPort(), "settings-model")
                .save(new AppDirs(home).settingsFile());

        assertThat(run(
                        "--json",
                        "--llm",
                        server.baseUrl(),
                        "--model",
                        "flag-model",
                        "How many walkers sleep in the hut?"))
                .isZero();

        assertThat(server.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.body().get("model").asText()).isEqualTo("flag-model"));
    }

    @Test
    void anUnreachableModelIsOneClearLine() throws Exception {
        String url = "http://127.0.0.1:" + FakeChatServer.closedPort();

        assertThat(run("--llm", url, "--model", "tiny-model", "How many walkers sleep in the hut?"))
                .isEqualTo(1);

        assertThat(err.toString().strip())
                .isEqualTo("cairn: Cairn could not reach the language model at " + url
                        + "/v1/chat/completions: connection refused. Is Ollama (or your server) running?");
    }

    private long threadOf(String jsonOutput) throws Exception {
        return new ObjectMapper().readTree(jsonOutput).get("thread").asLong();
    }

    private int runCommand(String... args) {
        return CairnCommand.newCommandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void aFollowUpIsRewrittenFromItsThreadAndItsAnswerCarriesTheEarlierTurn() throws Exception {
        server = new FakeChatServer(FakeChatServer.InTurn.of(
                FakeChatServer.Stream.of("The hut sleeps twelve walkers [1]."),
                // The rewrite points somewhere the follow-up's own words do not ("book" and "warden" are
                // the hut's), so the sources show which of the two retrieval searched for.
                new FakeChatServer.Whole("Why do walkers on a glacier rope up?"),
                FakeChatServer.Stream.of("Snow bridges ", "can hide crevasses [1].")));
        withLlm(server.baseUrl(), "tiny-model").save(new AppDirs(home).settingsFile());
        assertThat(run("--json", "How many walkers sleep in the hut?")).isZero();
        long thread = threadOf(out.toString());
        out.getBuffer().setLength(0);

        assertThat(run("--thread", Long.toString(thread), "And how do I book with the warden?"))
                .isZero();

        assertThat(out.toString())
                .startsWith("Snow bridges can hide crevasses [1].\n\n[1] ")
                .contains("glaciers.txt")
                .contains("Searched for: Why do walkers on a glacier rope up?\n")
                .contains("Thread " + thread + " (2 questions). Ask a follow-up with: cairn ask --thread " + thread);
        List<FakeChatServer.Request> requests = server.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).body().get("messages").get(1).get("content").asText())
                .contains("User: How many walkers sleep in the hut?\nAssistant: The hut sleeps twelve walkers.\n")
                .endsWith("Follow-up question: And how do I book with the warden?\n\nStandalone question:");
        JsonNode messages = requests.get(2).body().get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1).get("content").asText()).isEqualTo("How many walkers sleep in the hut?");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("The hut sleeps twelve walkers.");
        assertThat(messages.get(3).get("content").asText())
                .startsWith("Sources:\n\n[1] glaciers")
                .endsWith("Question: And how do I book with the warden?");
    }

    @Test
    void withoutAModelAFollowUpIsSearchedAsWrittenAndTheOutputSaysSo() throws Exception {
        assertThat(run("--json", "How many walkers sleep in the hut?")).isZero();
        long thread = threadOf(out.toString());
        out.getBuffer().setLength(0);

        assertThat(run("--json", "--thread", Long.toString(thread), "When is it open?"))
                .isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("thread").asLong()).isEqualTo(thread);
        assertThat(json.get("searched_for").asText()).isEqualTo("When is it open?");
        assertThat(json.get("answer").asText()).contains("June to September");
        out.getBuffer().setLength(0);

        assertThat(run("--thread", Long.toString(thread), "Who takes the bookings?"))
                .isZero();
        assertThat(out.toString())
                .contains("warden")
                .doesNotContain("Searched for:")
                .contains("Thread " + thread + " (3 questions)")
                .contains("Follow-up questions were searched as written");
    }

    @Test
    void aThreadThatIsNotThereIsOneClearLine() {
        assertThat(run("--thread", "987654", "When is it open?")).isEqualTo(1);

        assertThat(err.toString().strip())
                .isEqualTo("cairn: There is no thread 987654 in this library (it may have been deleted)."
                        + " `cairn threads list` shows the threads there are.");
    }

    @Test
    void threadsAreListedShownAndDeleted() throws Exception {
        assertThat(run("--json", "How many walkers sleep in the hut?")).isZero();
        long thread = threadOf(out.toString());
        assertThat(run("--json", "--thread", Long.toString(thread), "When is it open?"))
                .isZero();
        out.getBuffer().setLength(0);

        assertThat(runCommand("threads", "list", "--json", "--data-dir=" + home))
                .isZero();
        JsonNode listed = new ObjectMapper().readTree(out.toString());
        assertThat(listed.get(0).get("id").asLong()).as("the most recent first").isEqualTo(thread);
        assertThat(listed.get(0).get("title").asText()).isEqualTo("How many walkers sleep in the hut?");
        assertThat(listed.get(0).get("questions").asInt()).isEqualTo(2);
        out.getBuffer().setLength(0);

        assertThat(runCommand("threads", "show", Long.toString(thread), "--data-dir=" + home))
                .isZero();
        assertThat(out.toString())
                .startsWith("Thread " + thread + ": How many walkers sleep in the hut? (started ")
                .contains("\nQ: How many walkers sleep in the hut?\nA: ")
                .contains("\nQ: When is it open?\nA: ")
                .contains("huts.txt");
        out.getBuffer().setLength(0);

        assertThat(runCommand("threads", "delete", Long.toString(thread), "--data-dir=" + home))
                .isZero();
        assertThat(out.toString()).isEqualTo("Deleted thread " + thread + ".\n");
        assertThat(runCommand("threads", "show", Long.toString(thread), "--data-dir=" + home))
                .isEqualTo(1);
        assertThat(err.toString()).contains("There is no thread " + thread);
    }

    @Test
    void anEndpointWithoutAModelNameSaysHowToGiveOne() {
        assertThat(run("--llm", "http://127.0.0.1:1", "How many walkers sleep in the hut?"))
                .isEqualTo(1);

        assertThat(err.toString()).contains("give one with --model NAME");
    }
}
