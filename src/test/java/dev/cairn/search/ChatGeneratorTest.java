package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.platform.Phrase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chat generator against a real local HTTP server that speaks the OpenAI chat protocol. */
class ChatGeneratorTest {

    private static final List<SearchHit> HITS = List.of(
            hit(
                    1,
                    "/docs/huts.txt",
                    null,
                    3,
                    "The hut at the pass sleeps twelve walkers. It is open from June to September."),
            hit(
                    2,
                    "/docs/glaciers.pdf",
                    "Glacier travel",
                    7,
                    "Walkers on a glacier rope up, because snow bridges can hide crevasses."),
            hit(3, "/docs/birds.txt", null, null, "The golden eagle hunts marmots on open slopes."));

    private FakeChatServer server;
    private ChatGenerator generator;

    @AfterEach
    void close() {
        if (generator != null) {
            generator.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static SearchHit hit(long id, String path, String title, Integer page, String text) {
        return new SearchHit(
                id,
                id,
                path,
                title,
                "application/pdf",
                null,
                null,
                page,
                0,
                text.length(),
                text,
                1.0 / id,
                new Snippet(text, List.of()),
                null);
    }

    private ChatGenerator generator(String url, ChatGenerator.Options options) {
        generator = new ChatGenerator(new ChatGenerator.Endpoint(url, "tiny-model", Optional.empty()), options);
        return generator;
    }

    private ChatGenerator generator(String url) {
        return generator(url, ChatGenerator.Options.DEFAULT);
    }

    @Test
    void tokensReachTheCallerWhileTheStreamIsStillOpen() throws Exception {
        CountDownLatch firstTokenSeen = new CountDownLatch(1);
        server = new FakeChatServer(new FakeChatServer.Stream(
                List.of("The hut ", "sleeps twelve"), firstTokenSeen, List.of(" walkers [1]", ".")));
        List<String> tokens = new CopyOnWriteArrayList<>();

        // The server holds back the rest of the answer until this consumer has seen a token.
        Answer answer = generator(server.baseUrl()).generate("How many sleep in the hut?", HITS, token -> {
            tokens.add(token);
            firstTokenSeen.countDown();
        });

        assertThat(tokens).containsExactly("The hut ", "sleeps twelve", " walkers [1]", ".");
        assertThat(answer.text()).isEqualTo("The hut sleeps twelve walkers [1].");
        assertThat(answer.citations()).extracting(Answer.Citation::n).containsExactly(1);
        assertThat(answer.citations().getFirst().hit()).isEqualTo(HITS.getFirst());
    }

    @Test
    void theRequestCarriesTheModelTheNumberedSourcesAndTheQuestion() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("I don't know from these documents."));

        generator(server.baseUrl()).generate("How many sleep in the hut?", HITS, token -> {});

        FakeChatServer.Request request = server.requests().getFirst();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.authorization()).as("no key configured, no header").isNull();
        JsonNode body = request.body();
        assertThat(body.get("model").asText()).isEqualTo("tiny-model");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(body.get("messages").get(0).get("content").asText())
                .contains("only the numbered sources", "[1]", "don't know");
        assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("user");
        assertThat(body.get("messages").get(1).get("content").asText())
                .contains("[1] /docs/huts.txt, p. 3:\nThe hut at the pass sleeps twelve walkers.")
                .contains("[2] Glacier travel, p. 7:\nWalkers on a glacier rope up")
                .contains("[3] /docs/birds.txt:\nThe golden eagle")
                .endsWith("Question: How many sleep in the hut?");
    }

    @Test
    void theBaseUrlMayBeTheServerRootItsV1OrTheFullPath() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("ok"));
        for (String url : List.of(
                server.baseUrl(),
                server.baseUrl() + "/",
                server.baseUrl() + "/v1",
                server.baseUrl() + "/v1/",
                server.baseUrl() + "/v1/chat/completions")) {
            assertThat(generator(url).generate("q", HITS, token -> {}).text())
                    .as(url)
                    .isEqualTo("ok");
            generator.close();
        }
        assertThat(server.requests())
                .extracting(FakeChatServer.Request::path)
                .containsOnly("/v1/chat/completions")
                .hasSize(5);
    }

    @Test
    void anApiKeyGoesInTheBearerHeaderAndNeverIntoToString() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("ok"));
        ChatGenerator.Endpoint endpoint =
                new ChatGenerator.Endpoint(server.baseUrl(), "tiny-model", Optional.of("sk-secret-123"));
        generator = new ChatGenerator(endpoint, ChatGenerator.Options.DEFAULT);

        generator.generate("q", HITS, token -> {});

        assertThat(server.requests().getFirst().authorization()).isEqualTo("Bearer sk-secret-123");
        assertThat(endpoint.toString()).doesNotContain("sk-secret").contains("with an API key");
    }

    @Test
    void aServerThatIgnoresStreamingIsReadAsOneCompletion() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Whole("Rope up on glaciers [2]."));
        List<String> tokens = new CopyOnWriteArrayList<>();

        Answer answer = generator(server.baseUrl()).generate("Why rope up?", HITS, tokens::add);

        assertThat(tokens).containsExactly("Rope up on glaciers [2].");
        assertThat(answer.text()).isEqualTo("Rope up on glaciers [2].");
        assertThat(answer.citations()).extracting(c -> c.hit().path()).containsExactly("/docs/glaciers.pdf");
    }

    @Test
    void onlyTheSourcesTheModelCitedBecomeCitationsKeepingThePromptsNumbers() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of(
                "Walkers rope up because snow bridges hide crevasses [2]. ",
                "Eagles fly [9]. Both [2, 7] and [3][2]."));

        Answer answer = generator(server.baseUrl()).generate("Why rope up?", HITS, token -> {});

        assertThat(answer.citations()).extracting(Answer.Citation::n).containsExactly(2, 3);
        assertThat(answer.citations())
                .extracting(c -> c.hit().path())
                .containsExactly("/docs/glaciers.pdf", "/docs/birds.txt");
        assertThat(answer.citations().getFirst().quote())
                .isEqualTo(HITS.get(1).snippet().text());
        assertThat(answer.text())
                .as("markers naming no source are removed")
                .isEqualTo("Walkers rope up because snow bridges hide crevasses [2]. Eagles fly. Both [2] and [3][2].");
    }

    @Test
    void anAnswerWithoutMarkersCitesNothing() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("I don't know from these documents."));

        Answer answer = generator(server.baseUrl()).generate("Who built the hut?", HITS, token -> {});

        assertThat(answer.text()).isEqualTo("I don't know from these documents.");
        assertThat(answer.citations()).isEmpty();
    }

    @Test
    void anUnknownModelShowsTheServersOwnMessage() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Error(404, """
                {"error":{"message":"model \\"tiny-model\\" not found, try pulling it first","type":"api_error","param":null,"code":null}}"""));

        assertThatThrownBy(() -> generator(server.baseUrl()).generate("q", HITS, token -> {}))
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.MODEL_NOT_FOUND))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                        .contains("model \"tiny-model\" not found, try pulling it first"))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("--model"));
    }

    @Test
    void aRefusedKeySaysWhichVariableToSet() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Error(401, "{\"error\":{\"message\":\"Invalid API key\"}}"));

        assertThatThrownBy(() -> generator(server.baseUrl()).generate("q", HITS, token -> {}))
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.REJECTED))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("HTTP 401"))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("Invalid API key"))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("CAIRN_LLM_API_KEY"));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Silent());
        ChatGenerator.Options quick = ChatGenerator.Options.DEFAULT.withTimeouts(
                Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(30));

        assertThatThrownBy(() -> generator(server.baseUrl(), quick).generate("q", HITS, token -> {}))
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.TIMEOUT))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("did not answer within 300 ms"));
    }

    @Test
    void aClosedPortSaysTheServerIsNotRunning() throws Exception {
        String url = "http://127.0.0.1:" + FakeChatServer.closedPort();

        assertThatThrownBy(() -> generator(url).generate("q", HITS, token -> {}))
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.UNREACHABLE))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                        .isEqualTo("Cairn could not reach the language model at " + url
                                + "/v1/chat/completions: connection refused. Is Ollama (or your server) running?"))
                .satisfies(e -> assertThat(Phrase.show(e.getMessage(), Locale.GERMAN))
                        .isEqualTo("Cairn konnte das Sprachmodell unter " + url
                                + "/v1/chat/completions nicht erreichen: Verbindung abgelehnt. Läuft Ollama (oder Ihr"
                                + " Server)?"));
    }

    @Test
    void aBrokenStreamIsReportedAsNotSpeakingTheProtocol() throws Exception {
        server = new FakeChatServer(
                new FakeChatServer.Raw("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {oops\n\n"));

        assertThatThrownBy(() -> generator(server.baseUrl()).generate("q", HITS, token -> {}))
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.MALFORMED))
                .satisfies(e ->
                        assertThat(Phrase.english(e.getMessage())).contains("does not speak the OpenAI chat protocol"))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("not JSON: {oops"));
    }

    @Test
    void aServerThatIsNotAChatServerSaysSo() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Raw("<html>hello</html>"));

        assertThatThrownBy(() -> generator(server.baseUrl()).generate("q", HITS, token -> {}))
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.MALFORMED))
                .satisfies(
                        e -> assertThat(Phrase.english(e.getMessage())).contains("neither an event stream nor JSON"));
    }

    @Test
    void interruptingTheCallerStopsTheReading() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Silent());
        ChatGenerator g = generator(server.baseUrl());
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                answer.complete(g.generate("q", HITS, token -> {}));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        server.awaitRequest();

        thread.interrupt();

        assertThatThrownBy(answer::join)
                .cause()
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.CANCELLED))
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("cancelled"));
    }

    @Test
    void closingTheGeneratorStopsTheReading() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Silent());
        ChatGenerator g = generator(server.baseUrl());
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> g.generate("q", HITS, token -> {}));
        server.awaitRequest();

        g.close();

        assertThatThrownBy(answer::join)
                .cause()
                .isInstanceOfSatisfying(
                        GenerationException.class,
                        e -> assertThat(e.reason()).isEqualTo(GenerationException.Reason.CANCELLED));
    }

    private static final List<PriorTurn> ABOUT_THE_HUT = List.of(
            new PriorTurn("How many walkers sleep in the hut?", "The hut at the pass sleeps twelve walkers [1]."));

    @Test
    void aFollowUpIsRewrittenFromTheConversationIntoAQuestionThatStandsAlone() throws Exception {
        server = new FakeChatServer(
                new FakeChatServer.Whole("Standalone question: \"When is the hut at the pass open?\""));

        String standalone = generator(server.baseUrl()).standalone(ABOUT_THE_HUT, "And when is it open?");

        assertThat(standalone).isEqualTo("When is the hut at the pass open?");
        JsonNode body = server.requests().getFirst().body();
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo(ChatPrompt.STANDALONE);
        // The earlier answer goes without its [1]: that number named its own sources.
        assertThat(body.get("messages").get(1).get("content").asText())
                .isEqualTo("Conversation:\n\nUser: How many walkers sleep in the hut?\n"
                        + "Assistant: The hut at the pass sleeps twelve walkers.\n\n"
                        + "Follow-up question: And when is it open?\n\nStandalone question:");
    }

    @Test
    void aFirstQuestionStandsAloneWithoutAskingTheModel() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Whole("never sent"));

        assertThat(generator(server.baseUrl()).standalone(List.of(), " How many walkers sleep in the hut? "))
                .isEqualTo("How many walkers sleep in the hut?");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aReplyThatIsNoQuestionLeavesTheFollowUpAsAsked() {
        assertThat(ChatPrompt.standaloneFrom("", "And when is it open?")).isEqualTo("And when is it open?");
        assertThat(ChatPrompt.standaloneFrom("x".repeat(401), "And when is it open?"))
                .isEqualTo("And when is it open?");
        assertThat(ChatPrompt.standaloneFrom("“When is the hut open?”\nI resolved 'it' to the hut.", "q"))
                .isEqualTo("When is the hut open?");
    }

    @Test
    void anAnswerToAFollowUpCarriesTheEarlierTurnsBeforeTheSources() throws Exception {
        server = new FakeChatServer(FakeChatServer.Stream.of("From June to September [1]."));
        List<PriorTurn> five = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            five.add(new PriorTurn("Old question " + i + "?", "Old answer " + i + " [2]."));
        }
        five.addAll(ABOUT_THE_HUT);

        Answer answer = generator(server.baseUrl()).generate(five, "And when is it open?", HITS, token -> {});

        assertThat(answer.text()).isEqualTo("From June to September [1].");
        JsonNode messages = server.requests().getFirst().body().get("messages");
        // The system prompt, the four most recent turns as they were said, then the sources and the question.
        assertThat(messages).hasSize(1 + 4 * 2 + 1);
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Old question 2?");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("Old answer 2.");
        assertThat(messages.get(7).get("content").asText()).isEqualTo("How many walkers sleep in the hut?");
        assertThat(messages.get(8).get("content").asText()).isEqualTo("The hut at the pass sleeps twelve walkers.");
        assertThat(messages.get(9).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(9).get("content").asText())
                .startsWith("Sources:")
                .endsWith("Question: And when is it open?");
    }

    @Test
    void anEndpointWithoutAModelOrWithABadUrlIsRefusedUpFront() {
        assertThatThrownBy(() -> new ChatGenerator.Endpoint("http://localhost:11434", " ", Optional.empty()))
                .extracting(e -> dev.cairn.platform.Phrase.english(e.getMessage()))
                .asString()
                .contains("--model NAME");
        assertThatThrownBy(() -> new ChatGenerator.Endpoint("localhost:11434", "llama3.2", Optional.empty()))
                .extracting(e -> dev.cairn.platform.Phrase.english(e.getMessage()))
                .asString()
                .contains("must start with http://");
    }
}
