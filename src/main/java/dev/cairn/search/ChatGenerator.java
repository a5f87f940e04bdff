package dev.cairn.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.platform.Phrase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Writes an answer with a language model behind any OpenAI-compatible chat endpoint (Ollama,
 * llama.cpp's server, LM Studio, ...), from the top hits only, citing them with {@code [n]} markers.
 *
 * <p>Tokens reach the caller's consumer as the server streams them (Server-Sent Events), on the
 * calling thread. The wait for each piece is bounded by an idle timeout and the whole answer by a
 * total one; interrupting the calling thread or closing the generator stops the reading. A server
 * that ignores {@code "stream": true} and sends one JSON completion is read as well.
 *
 * <p>Nothing here runs unless a person configured an endpoint: the extractive answerer stays the
 * default, and no connection is made on construction.
 */
public final class ChatGenerator implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where the model is. {@code baseUrl} may be the server root ({@code http://localhost:11434}),
     * its {@code /v1}, or the full {@code /v1/chat/completions}. The API key is sent as a bearer token
     * and never printed: {@link #toString()} hides it.
     */
    public record Endpoint(String baseUrl, String model, Optional<String> apiKey) {
        public Endpoint {
            Objects.requireNonNull(baseUrl, "baseUrl");
            baseUrl = baseUrl.strip();
            model = model == null ? "" : model.strip();
            apiKey = apiKey.filter(k -> !k.isBlank());
            URI uri;
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Phrase.of("chat.notUrl", baseUrl, e.getMessage()), e);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                throw new IllegalArgumentException(Phrase.of("chat.notHttp", baseUrl));
            }
            if (model.isEmpty()) {
                throw new IllegalArgumentException(Phrase.of("chat.noModel", baseUrl));
            }
        }

        /** The chat completions URL, whichever form the base was given in. */
        public URI chatUri() {
            String base = baseUrl.replaceAll("/+$", "");
            if (base.endsWith("/chat/completions")) {
                return URI.create(base);
            }
            return URI.create(base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
        }

        @Override
        public String toString() {
            return "Endpoint[" + baseUrl + ", model " + model + (apiKey.isPresent() ? ", with an API key" : "") + "]";
        }
    }

    /**
     * @param connectTimeout how long to wait for the server to accept the connection
     * @param idleTimeout    how long to wait for the next piece of the answer (the first one
     *                       included, which comes late when the server is still loading the model)
     * @param totalTimeout   the longest a whole answer may take
     * @param maxSources     how many of the top hits go into the prompt
     * @param maxSourceChars the longest text quoted from one hit, so small context windows suffice
     */
    public record Options(
            Duration connectTimeout,
            Duration idleTimeout,
            Duration totalTimeout,
            double temperature,
            int maxSources,
            int maxSourceChars) {
        public static final Options DEFAULT =
                new Options(Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofMinutes(10), 0.2, 6, 2000);

        public Options {
            require(connectTimeout, "connectTimeout");
            require(idleTimeout, "idleTimeout");
            require(totalTimeout, "totalTimeout");
            if (maxSources < 1 || maxSourceChars < 1) {
                throw new IllegalArgumentException("maxSources and maxSourceChars must be positive");
            }
        }

        public Options withTimeouts(Duration connect, Duration idle, Duration total) {
            return new Options(connect, idle, total, temperature, maxSources, maxSourceChars);
        }

        private static void require(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
        }
    }

    private final Endpoint endpoint;
    private final Options options;
    private final HttpClient client;
    private final ChatFailures failures;
    private final Set<ChatCall> calls = ConcurrentHashMap.newKeySet();

    public ChatGenerator(Endpoint endpoint, Options options) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.options = Objects.requireNonNull(options);
        // HTTP/1.1: local servers speak it, and an h2c upgrade attempt only confuses some of them.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.failures = new ChatFailures(endpoint.model(), options);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Asks the model to answer {@code question} from {@code hits} (the first
     * {@link Options#maxSources()} of them), handing each token to {@code tokens} as it arrives.
     *
     * @return the full answer; its citations are the sources the model actually cited, numbered as in the prompt
     * @throws GenerationException when the server cannot be reached, refuses, is too slow or sends nonsense
     */
    public Answer generate(String question, List<SearchHit> hits, Consumer<String> tokens) {
        return generate(List.of(), question, hits, tokens);
    }

    /**
     * Like {@link #generate(String, List, Consumer)}, for a question asked after {@code prior} in a
     * conversation: the most recent earlier turns go with the request, as the user's and the
     * assistant's messages before the sources and the question, so the answer may build on them.
     */
    public Answer generate(List<PriorTurn> prior, String question, List<SearchHit> hits, Consumer<String> tokens) {
        List<SearchHit> sources = List.copyOf(hits.subList(0, Math.min(hits.size(), options.maxSources())));
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", ChatPrompt.SYSTEM);
        for (PriorTurn t : ChatPrompt.recent(prior)) {
            messages.addObject().put("role", "user").put("content", t.question());
            messages.addObject().put("role", "assistant").put("content", t.answer());
        }
        messages.addObject()
                .put("role", "user")
                .put("content", ChatPrompt.user(question, sources, options.maxSourceChars()));
        body.put("stream", true);
        body.put("temperature", options.temperature());
        String reply = complete(body.toString(), tokens);
        return ChatPrompt.answer(reply, sources);
    }

    /**
     * A follow-up asked after {@code prior}, rewritten by the model into a question that stands alone
     * ("and when is it open?" after a question about the hut becomes "When is the hut open?"), so that
     * a search for it finds what the conversation is about. With no earlier turn it is the question
     * itself, and the model is not asked.
     *
     * @throws GenerationException as {@link #generate} does
     */
    public String standalone(List<PriorTurn> prior, String question) {
        if (prior.isEmpty()) {
            return question.strip();
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", ChatPrompt.STANDALONE);
        messages.addObject().put("role", "user").put("content", ChatPrompt.standalone(prior, question));
        body.put("stream", false); // a short reply, read whole; a server that streams anyway is read too
        body.put("temperature", 0.0);
        return ChatPrompt.standaloneFrom(complete(body.toString(), token -> {}), question);
    }

    /**
     * The model's whole reply to {@code user} under {@code system}, read at temperature 0 without
     * streaming (a server that streams anyway is read too); for short judgements such as a rerank.
     *
     * @throws GenerationException as {@link #generate} does
     */
    String reply(String system, String user) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        body.put("stream", false);
        body.put("temperature", 0.0);
        return complete(body.toString(), token -> {});
    }

    /** Stops every answer being read; later calls fail fast. */
    @Override
    public void close() {
        for (ChatCall call : calls) {
            call.stop();
        }
        client.shutdownNow();
    }

    private String complete(String body, Consumer<String> tokens) {
        URI uri = endpoint.chatUri();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(options.totalTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream, application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        endpoint.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        ChatCall call = new ChatCall();
        calls.add(call);
        CompletableFuture<HttpResponse<Void>> response;
        try {
            response = client.sendAsync(request.build(), info -> {
                call.status(info.statusCode());
                return HttpResponse.BodySubscribers.fromLineSubscriber(call, s -> null, StandardCharsets.UTF_8, null);
            });
        } catch (IllegalStateException | IllegalArgumentException e) {
            calls.remove(call);
            throw new GenerationException(GenerationException.Reason.CANCELLED, Phrase.of("chat.closed", uri), e);
        }
        response.whenComplete((r, t) -> {
            if (t != null) {
                call.failed(t);
            }
        });
        try {
            return call.read(uri, options, failures, tokens);
        } finally {
            call.cancel(response);
            calls.remove(call);
        }
    }
}
