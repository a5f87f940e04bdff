package dev.cairn.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.platform.Phrase;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One request in flight: the events its response produces, read as they come, and the subscription to cancel. */
final class ChatCall implements Flow.Subscriber<String> {

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

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

    /** Stops the reading: {@link #read} fails at once as cancelled. */
    void stop() {
        events.add(new Cancelled());
    }

    void status(int code) {
        events.add(new Status(code));
    }

    void failed(Throwable error) {
        events.add(new Failed(error));
    }

    /** Stops the request and its response's subscription. */
    void cancel(CompletableFuture<?> response) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        response.cancel(true);
    }

    private sealed interface Event permits Status, Line, End, Failed, Cancelled {}

    private record Status(int code) implements Event {}

    private record Line(String text) implements Event {}

    private record End() implements Event {}

    private record Failed(Throwable error) implements Event {}

    private record Cancelled() implements Event {}

    /**
     * The answer, handing each streamed token to {@code tokens} as it is read, within the options'
     * idle and total timeouts.
     */
    String read(URI uri, ChatGenerator.Options options, ChatFailures failures, Consumer<String> tokens) {
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
                event = events.poll(Math.min(left, options.idleTimeout().toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException(
                        GenerationException.Reason.CANCELLED, Phrase.of("chat.cancelled", uri), e);
            }
            switch (event) {
                case null -> throw failures.timeout(uri, total, status < 0);
                case Cancelled c ->
                    throw new GenerationException(
                            GenerationException.Reason.CANCELLED, Phrase.of("chat.cancelled", uri), null);
                case Failed f -> throw failures.failure(uri, f.error());
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
                        throw failures.httpError(uri, status, String.join("\n", plain));
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
    private static String delta(String data, URI uri, int lineNo) {
        JsonNode chunk;
        try {
            chunk = ChatGenerator.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw ChatFailures.malformed(uri, Phrase.of("chat.lineNotJson", lineNo, ChatFailures.abbreviate(data)), e);
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw new GenerationException(
                    GenerationException.Reason.SERVER_ERROR,
                    Phrase.of("chat.failedWhileAnswering", uri, ChatFailures.errorText(chunk)),
                    null);
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray()) {
            throw ChatFailures.malformed(
                    uri, Phrase.of("chat.lineNoChoices", lineNo, ChatFailures.abbreviate(data)), null);
        }
        if (choices.isEmpty()) {
            return ""; // usage-only chunks at the end of some streams
        }
        JsonNode content = choices.get(0).path("delta").path("content");
        return content.isTextual() ? content.asText() : "";
    }

    /** A non-streamed completion: {@code choices[0].message.content}. */
    private static String whole(String body, URI uri) {
        if (body.isBlank()) {
            throw ChatFailures.malformed(uri, Phrase.of("chat.emptyBody"), null);
        }
        try {
            JsonNode content = ChatGenerator.JSON
                    .readTree(body)
                    .path("choices")
                    .path(0)
                    .path("message")
                    .path("content");
            if (!content.isTextual()) {
                throw ChatFailures.malformed(uri, Phrase.of("chat.noContent", ChatFailures.abbreviate(body)), null);
            }
            return content.asText();
        } catch (JsonProcessingException e) {
            throw ChatFailures.malformed(uri, Phrase.of("chat.neither", ChatFailures.abbreviate(body)), e);
        }
    }
}
