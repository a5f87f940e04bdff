package dev.cairn.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(ChatGenerator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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
                throw new IllegalArgumentException(
                        "The language model URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "The language model URL must start with http:// or https:// and name a host, e.g. "
                                + "http://localhost:11434 for Ollama; was '" + baseUrl + "'");
            }
            if (model.isEmpty()) {
                throw new IllegalArgumentException("No language model named for " + baseUrl
                        + ": give one with --model NAME or llm.model in the settings (e.g. llama3.2 for Ollama)");
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
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();

    public ChatGenerator(Endpoint endpoint, Options options) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.options = Objects.requireNonNull(options);
        // HTTP/1.1: local servers speak it, and an h2c upgrade attempt only confuses some of them.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
        List<SearchHit> sources = List.copyOf(hits.subList(0, Math.min(hits.size(), options.maxSources())));
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", ChatPrompt.SYSTEM);
        messages.addObject()
                .put("role", "user")
                .put("content", ChatPrompt.user(question, sources, options.maxSourceChars()));
        body.put("stream", true);
        body.put("temperature", options.temperature());
        String reply = complete(body.toString(), tokens);
        return ChatPrompt.answer(reply, sources);
    }

    /** Stops every answer being read; later calls fail fast. */
    @Override
    public void close() {
        for (Call call : calls) {
            call.events.add(new Cancelled());
        }
        client.shutdownNow();
    }

    private sealed interface Event permits Status, Line, End, Failed, Cancelled {}

    private record Status(int code) implements Event {}

    private record Line(String text) implements Event {}

    private record End() implements Event {}

    private record Failed(Throwable error) implements Event {}

    private record Cancelled() implements Event {}

    /** One request in flight: the events its response produces, and the subscription to cancel. */
    private static final class Call implements Flow.Subscriber<String> {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            events.add(new Line(line));
        }

        @Override
        public void onError(Throwable t) {
            events.add(new Failed(t));
        }

        @Override
        public void onComplete() {
            events.add(new End());
        }

        void cancel(CompletableFuture<?> response) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            response.cancel(true);
        }
    }

    private String complete(String body, Consumer<String> tokens) {
        URI uri = endpoint.chatUri();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(options.totalTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream, application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        endpoint.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        Call call = new Call();
        calls.add(call);
        CompletableFuture<HttpResponse<Void>> response;
        try {
            response = client.sendAsync(request.build(), info -> {
                call.events.add(new Status(info.statusCode()));
                return HttpResponse.BodySubscribers.fromLineSubscriber(call, s -> null, StandardCharsets.UTF_8, null);
            });
        } catch (IllegalStateException | IllegalArgumentException e) {
            calls.remove(call);
            throw new GenerationException(
                    GenerationException.Reason.CANCELLED,
                    "Cairn stopped asking the language model at " + uri + " (it was closed).",
                    e);
        }
        response.whenComplete((r, t) -> {
            if (t != null) {
                call.events.add(new Failed(t));
            }
        });
        try {
            return read(call, uri, tokens);
        } finally {
            call.cancel(response);
            calls.remove(call);
        }
    }

    private String read(Call call, URI uri, Consumer<String> tokens) {
        long deadline = System.nanoTime() + options.totalTimeout().toNanos();
        int status = -1;
        StringBuilder answer = new StringBuilder();
        List<String> plain = new ArrayList<>();
        int lineNo = 0;
        boolean sawEvents = false;
        while (true) {
            long left = deadline - System.nanoTime();
            boolean total = left <= options.idleTimeout().toNanos();
            Event event;
            try {
                event = call.events.poll(Math.min(left, options.idleTimeout().toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException(
                        GenerationException.Reason.CANCELLED,
                        "Cairn stopped waiting for the language model at " + uri + " (cancelled).",
                        e);
            }
            switch (event) {
                case null -> throw timeout(uri, total, status < 0);
                case Cancelled c ->
                    throw new GenerationException(
                            GenerationException.Reason.CANCELLED,
                            "Cairn stopped waiting for the language model at " + uri + " (cancelled).",
                            null);
                case Failed f -> throw failure(uri, f.error());
                case Status s -> status = s.code();
                case Line l -> {
                    lineNo++;
                    String line = l.text();
                    if (status < 200 || status >= 300) {
                        plain.add(line);
                    } else if (line.startsWith("data:")) {
                        sawEvents = true;
                        String data = line.substring(5).strip();
                        if (data.equals("[DONE]")) {
                            return answer.toString();
                        }
                        String token = delta(data, uri, lineNo);
                        if (!token.isEmpty()) {
                            answer.append(token);
                            tokens.accept(token);
                        }
                    } else if (!sawEvents && !line.isBlank() && !line.startsWith(":")) {
                        plain.add(line);
                    }
                    // Blank lines separate events; ":" lines are SSE comments (keep-alives); "event:" and
                    // "id:" fields carry nothing this reads.
                }
                case End e -> {
                    if (status < 200 || status >= 300) {
                        throw httpError(uri, status, String.join("\n", plain));
                    }
                    if (sawEvents) {
                        // Some servers close the stream without [DONE]; what arrived is the answer.
                        return answer.toString();
                    }
                    String whole = whole(String.join("\n", plain), uri);
                    tokens.accept(whole);
                    return whole;
                }
            }
        }
    }

    /** The text of one streamed chunk: {@code choices[0].delta.content}, possibly absent or null. */
    private String delta(String data, URI uri, int lineNo) {
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw malformed(uri, "line " + lineNo + " of the stream is not JSON: " + abbreviate(data), e);
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw new GenerationException(
                    GenerationException.Reason.SERVER_ERROR,
                    "The language model at " + uri + " failed while answering: " + errorText(chunk),
                    null);
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray()) {
            throw malformed(uri, "line " + lineNo + " of the stream has no \"choices\": " + abbreviate(data), null);
        }
        if (choices.isEmpty()) {
            return ""; // usage-only chunks at the end of some streams
        }
        JsonNode content = choices.get(0).path("delta").path("content");
        return content.isTextual() ? content.asText() : "";
    }

    /** A non-streamed completion: {@code choices[0].message.content}. */
    private String whole(String body, URI uri) {
        if (body.isBlank()) {
            throw malformed(uri, "it answered with an empty body", null);
        }
        try {
            JsonNode content =
                    JSON.readTree(body).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw malformed(uri, "the reply has no choices[0].message.content: " + abbreviate(body), null);
            }
            return content.asText();
        } catch (JsonProcessingException e) {
            throw malformed(uri, "the reply is neither an event stream nor JSON: " + abbreviate(body), e);
        }
    }

    private GenerationException httpError(URI uri, int status, String body) {
        String said = errorText(body);
        String server = said.isEmpty() ? "" : ": " + said;
        return switch (status) {
            case 401, 403 ->
                new GenerationException(
                        GenerationException.Reason.REJECTED,
                        "The language model at " + uri + " refused the request (HTTP " + status + ")" + server
                                + ". If it needs an API key, set the environment variable CAIRN_LLM_API_KEY.",
                        null);
            case 404 ->
                said.isEmpty()
                        ? new GenerationException(
                                GenerationException.Reason.MODEL_NOT_FOUND,
                                "The server at " + uri
                                        + " answered 404 Not Found. Is it an OpenAI-compatible chat server, "
                                        + "and is the URL its base (e.g. http://localhost:11434)?",
                                null)
                        : new GenerationException(
                                GenerationException.Reason.MODEL_NOT_FOUND,
                                "The language model at " + uri + " does not know model '" + endpoint.model() + "'"
                                        + server
                                        + ". Check the model name (--model or llm.model in the settings); with Ollama, "
                                        + "'ollama list' shows the models it has.",
                                null);
            default ->
                new GenerationException(
                        GenerationException.Reason.SERVER_ERROR,
                        "The language model at " + uri + " answered HTTP " + status + server,
                        null);
        };
    }

    /** The server's own words from an OpenAI-style error ({@code {"error": {"message": ...}}} or {@code {"error": "..."}}). */
    private static String errorText(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            return errorText(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return abbreviate(body.strip());
        }
    }

    private static String errorText(JsonNode node) {
        JsonNode error = node.path("error");
        if (error.isTextual()) {
            return error.asText();
        }
        if (error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        if (node.path("message").isTextual()) {
            return node.path("message").asText();
        }
        return abbreviate(node.toString());
    }

    private GenerationException failure(URI uri, Throwable error) {
        // The client wraps the cause it found (CompletionException, IOException): look for the one that explains.
        Throwable cause = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException
                    || t instanceof HttpTimeoutException) {
                cause = t;
                break;
            }
            if (!(t instanceof CompletionException)) {
                cause = cause instanceof CompletionException ? t : cause;
            }
        }
        log.debug("Language model request to {} failed", uri, error);
        return switch (cause) {
            case HttpConnectTimeoutException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        "Cairn could not reach the language model at " + uri
                                + ": it did not accept a connection within " + seconds(options.connectTimeout())
                                + ". Is the server running, and is the address right?",
                        error);
            case HttpTimeoutException e -> timeout(uri, true, false);
            case ConnectException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        "Cairn could not reach the language model at " + uri + ": connection refused. "
                                + "Is Ollama (or your server) running?",
                        error);
            case UnknownHostException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        "Cairn could not reach the language model at " + uri + ": unknown host '" + uri.getHost()
                                + "'.",
                        error);
            case UnresolvedAddressException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        "Cairn could not reach the language model at " + uri + ": unknown host '" + uri.getHost()
                                + "'.",
                        error);
            case IOException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        "The connection to the language model at " + uri + " failed: "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".",
                        error);
            default ->
                new GenerationException(
                        GenerationException.Reason.SERVER_ERROR,
                        "Asking the language model at " + uri + " failed: " + cause,
                        error);
        };
    }

    private GenerationException timeout(URI uri, boolean total, boolean beforeAnswer) {
        String what = total
                ? "did not finish its answer within " + seconds(options.totalTimeout())
                : (beforeAnswer ? "did not answer within " : "sent nothing more for ") + seconds(options.idleTimeout());
        return new GenerationException(
                GenerationException.Reason.TIMEOUT,
                "The language model at " + uri + " " + what
                        + ". It may still be loading the model or be overloaded; try again in a moment.",
                null);
    }

    private static GenerationException malformed(URI uri, String what, Throwable cause) {
        return new GenerationException(
                GenerationException.Reason.MALFORMED,
                "The server at " + uri + " does not speak the OpenAI chat protocol Cairn expects: " + what,
                cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
