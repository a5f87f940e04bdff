package dev.cairn.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What went wrong with a language model request, in words a person can act on. */
final class ChatFailures {

    private static final Logger log = LoggerFactory.getLogger(ChatGenerator.class);

    private final String model;
    private final ChatGenerator.Options options;

    ChatFailures(String model, ChatGenerator.Options options) {
        this.model = model;
        this.options = options;
    }

    /** An answer with a status other than 2xx, with the server's own words where it gave any. */
    GenerationException httpError(URI uri, int status, String body) {
        String said = errorText(body);
        String server = said.isEmpty() ? "" : ": " + said;
        return switch (status) {
            case 401, 403 ->
                new GenerationException(
                        GenerationException.Reason.REJECTED, Phrase.of("chat.rejected", uri, status, server), null);
            case 404 ->
                said.isEmpty()
                        ? new GenerationException(
                                GenerationException.Reason.MODEL_NOT_FOUND, Phrase.of("chat.notFound", uri), null)
                        : new GenerationException(
                                GenerationException.Reason.MODEL_NOT_FOUND,
                                Phrase.of("chat.unknownModel", uri, model, server),
                                null);
            default ->
                new GenerationException(
                        GenerationException.Reason.SERVER_ERROR,
                        Phrase.of("chat.httpError", uri, status, server),
                        null);
        };
    }

    /** The server's own words from an OpenAI-style error ({@code {"error": {"message": ...}}} or {@code {"error": "..."}}). */
    static String errorText(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            return errorText(ChatGenerator.JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return abbreviate(body.strip());
        }
    }

    static String errorText(JsonNode node) {
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

    /** A request that failed below HTTP: refused, unknown host, timed out, cut off. */
    GenerationException failure(URI uri, Throwable error) {
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
                        Phrase.of("chat.noConnection", uri, seconds(options.connectTimeout())),
                        error);
            case HttpTimeoutException e -> timeout(uri, true, false);
            case ConnectException e ->
                new GenerationException(GenerationException.Reason.UNREACHABLE, Phrase.of("chat.refused", uri), error);
            case UnknownHostException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        Phrase.of("chat.unknownHost", uri, uri.getHost()),
                        error);
            case UnresolvedAddressException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        Phrase.of("chat.unknownHost", uri, uri.getHost()),
                        error);
            case IOException e ->
                new GenerationException(
                        GenerationException.Reason.UNREACHABLE,
                        Phrase.of(
                                "chat.connectionFailed",
                                uri,
                                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                        error);
            default ->
                new GenerationException(
                        GenerationException.Reason.SERVER_ERROR, Phrase.of("chat.failed", uri, cause), error);
        };
    }

    GenerationException timeout(URI uri, boolean total, boolean beforeAnswer) {
        String key = total ? "chat.timeoutTotal" : beforeAnswer ? "chat.timeoutFirst" : "chat.timeoutIdle";
        Duration waited = total ? options.totalTimeout() : options.idleTimeout();
        return new GenerationException(GenerationException.Reason.TIMEOUT, Phrase.of(key, uri, seconds(waited)), null);
    }

    static GenerationException malformed(URI uri, String what, Throwable cause) {
        return new GenerationException(
                GenerationException.Reason.MALFORMED, Phrase.of("chat.malformed", uri, what), cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0
                ? Phrase.of("duration.seconds", d.toSeconds())
                : Phrase.of("duration.milliseconds", d.toMillis());
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
