package dev.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI chat completions protocol the way local
 * servers do: Server-Sent Events when asked to stream, or one JSON object, or an OpenAI-style error.
 * It records every request so tests can read what Cairn sent, and whether it sent anything at all.
 */
public final class FakeChatServer implements AutoCloseable {

    /** What the server does with a request. */
    public sealed interface Behaviour {}

    /**
     * Streams {@code before} as delta chunks, then waits until {@code gate} opens (the test opens it
     * when the first token reached the client, which proves the client reads while the stream is
     * open), then streams {@code after} and {@code data: [DONE]}.
     */
    public record Stream(List<String> before, CountDownLatch gate, List<String> after) implements Behaviour {
        public static Stream of(String... tokens) {
            return new Stream(List.of(tokens), new CountDownLatch(0), List.of());
        }
    }

    /** One non-streamed completion, as a server that ignores {@code "stream": true} sends. */
    public record Whole(String content) implements Behaviour {}

    /** An HTTP error with a body (e.g. an OpenAI-style {@code {"error": {...}}}). */
    public record Error(int status, String body) implements Behaviour {}

    /** Raw lines as the event stream's body, for broken servers. */
    public record Raw(String body) implements Behaviour {}

    /**
     * Each request to the chat endpoint gets the next of {@code inOrder}; once they are used up, the
     * last one again. A follow-up in a conversation makes two: the rewrite, then the answer.
     */
    public record InTurn(List<Behaviour> inOrder) implements Behaviour {
        public InTurn {
            if (inOrder.isEmpty() || inOrder.stream().anyMatch(b -> b instanceof InTurn)) {
                throw new IllegalArgumentException("InTurn needs replies, none of them InTurn");
            }
            inOrder = List.copyOf(inOrder);
        }

        public static InTurn of(Behaviour... inOrder) {
            return new InTurn(List.of(inOrder));
        }
    }

    /** Accepts the request and never answers, until the server is closed. */
    public record Silent() implements Behaviour {}

    /** One request as the server received it. */
    public record Request(String path, String authorization, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstRequest = new CountDownLatch(1);
    private volatile Behaviour behaviour;
    private final AtomicInteger chatRequests = new AtomicInteger();

    public FakeChatServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The server's root, e.g. {@code http://127.0.0.1:40123}, as a person would type it into the settings. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answer(Behaviour next) {
        chatRequests.set(0);
        behaviour = next;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits until a request arrived (at most 30 s, so a broken test fails rather than hangs). */
    public void awaitRequest() throws InterruptedException {
        if (!firstRequest.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the fake chat server received no request");
        }
    }

    /** A port on this machine where nothing listens. */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    JSON.readTree(body)));
            firstRequest.countDown();
            if (!exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
                send(exchange, 404, "application/json", "{\"error\":\"404 page not found\"}");
                return;
            }
            Behaviour now = behaviour;
            if (now instanceof InTurn turns) {
                now = turns.inOrder()
                        .get(Math.min(
                                chatRequests.getAndIncrement(), turns.inOrder().size() - 1));
            }
            switch (now) {
                case Stream s -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    out.write(": keep-alive comment\n\n".getBytes(StandardCharsets.UTF_8));
                    event(
                            out,
                            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}");
                    for (String token : s.before()) {
                        event(out, chunk(token));
                    }
                    if (!s.gate().await(30, TimeUnit.SECONDS)) {
                        return; // the client never saw the first tokens: end without [DONE]; the test fails on its
                        // latch
                    }
                    for (String token : s.after()) {
                        event(out, chunk(token));
                    }
                    event(
                            out,
                            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
                    event(out, "[DONE]");
                }
                case Whole w ->
                    send(
                            exchange,
                            200,
                            "application/json",
                            JSON.writeValueAsString(JSON.createObjectNode()
                                    .put("id", "c2")
                                    .put("object", "chat.completion")
                                    .set(
                                            "choices",
                                            JSON.createArrayNode()
                                                    .add(JSON.createObjectNode()
                                                            .put("index", 0)
                                                            .set(
                                                                    "message",
                                                                    JSON.createObjectNode()
                                                                            .put("role", "assistant")
                                                                            .put("content", w.content()))))));
                case Error e -> send(exchange, e.status(), "application/json", e.body());
                case Raw r -> send(exchange, 200, "text/event-stream", r.body());
                case Silent s -> closing.await();
                case InTurn t -> throw new IllegalStateException("InTurn holds no InTurn");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String chunk(String token) throws IOException {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("id", "c1")
                .put("object", "chat.completion.chunk")
                .set(
                        "choices",
                        JSON.createArrayNode()
                                .add(JSON.createObjectNode()
                                        .put("index", 0)
                                        .set("delta", JSON.createObjectNode().put("content", token)))));
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
