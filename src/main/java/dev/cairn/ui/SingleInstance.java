package dev.cairn.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.platform.PrivateFiles;
import dev.cairn.ui.kit.Words;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running app per data directory. The first launch takes an exclusive lock on
 * {@code <data>/app.lock} and listens on a loopback port; the port, a random token and its process id
 * go to {@code <data>/app.instance}, readable by the user only. A later launch that finds the lock taken
 * hands its request (files to open, or just "come to the front") to the running one over that port
 * instead of starting a second database server on the same directory.
 *
 * <p>The lock, not the files, decides who owns the directory: after a crash the operating system frees
 * the lock, so stale files are simply overwritten by the next launch.
 */
public final class SingleInstance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SingleInstance.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String LOCK_FILE = "app.lock";
    static final String INSTANCE_FILE = "app.instance";
    /** Enough for thousands of paths; anything longer is not a hand-over from Cairn. */
    static final int MAX_REQUEST_BYTES = 1 << 20;
    /** How long a running instance may take to answer before the new launch gives up. */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** What a later launch asks of the running one. */
    public sealed interface Request permits Open, Focus {}

    /** Add these files and folders to the library (absolute paths, as the launching shell meant them). */
    public record Open(List<Path> paths) implements Request {
        public Open {
            paths = List.copyOf(paths);
        }
    }

    /** Nothing to add: only bring the window to the front. */
    public record Focus() implements Request {}

    /** The outcome of trying to own a data directory. */
    public sealed interface Claim permits Owner, HandedOver, Unreachable {}

    /** This process owns the directory; call {@link SingleInstance#listen} once it can take requests. */
    public record Owner(SingleInstance instance) implements Claim {}

    /** Another process owns the directory and accepted the request. */
    public record HandedOver(Request request) implements Claim {
        /** The line to show the person who launched. */
        public String message() {
            return switch (request) {
                case Open open -> Words.get("instance.handedFiles", open.paths().size());
                case Focus focus -> Words.get("instance.broughtToFront");
            };
        }
    }

    /** Another process holds the directory but could not be reached: never start a second app on it. */
    public record Unreachable(String message) implements Claim {}

    private final Path dataDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocket server;
    private final String token;
    private final List<Request> early = new ArrayList<>();
    private Consumer<Request> listener;
    private Thread acceptor;

    private SingleInstance(Path dataDir, FileChannel lockChannel, FileLock lock, ServerSocket server, String token) {
        this.dataDir = dataDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.token = token;
    }

    /**
     * Becomes the owner of {@code dataDir}, or hands {@code request} to the process that is.
     *
     * @param answerTimeout how long to wait for a running owner to answer
     */
    public static Claim claim(Path dataDir, Request request, Duration answerTimeout) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        PrivateFiles.createDirectories(dir);
        FileChannel channel =
                FileChannel.open(PrivateFiles.createFile(dir.resolve(LOCK_FILE)), StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null; // another SingleInstance in this process owns it: treat it like any other owner
        }
        if (lock == null) {
            channel.close();
            return handOver(dir, request, answerTimeout);
        }
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            writeInstanceFile(dir, server.getLocalPort(), token);
            SingleInstance instance = new SingleInstance(dir, channel, lock, server, token);
            instance.acceptor = Thread.ofVirtual().name("cairn-instance").start(instance::acceptLoop);
            log.info("This process owns {} (hand-over port {})", dir, server.getLocalPort());
            return new Owner(instance);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /**
     * Starts delivering requests to {@code listener} (on the listening thread; hop to a UI thread there).
     * Requests that arrived before this call are delivered first, so a launch racing the window's
     * start-up is not lost.
     */
    public void listen(Consumer<Request> listener) {
        List<Request> pending;
        synchronized (this) {
            this.listener = Objects.requireNonNull(listener);
            pending = List.copyOf(early);
            early.clear();
        }
        pending.forEach(listener);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops listening, removes the hand-over file and frees the lock. */
    @Override
    public void close() throws IOException {
        try {
            server.close();
            if (acceptor != null) {
                acceptor.interrupt();
            }
            Files.deleteIfExists(dataDir.resolve(INSTANCE_FILE));
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("cairn-instance-request").start(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("Hand-over listener on {} failed: {}", dataDir, e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            if (!socket.getInetAddress().isLoopbackAddress()) {
                log.warn("Refused a hand-over from {}: only this machine may hand over", socket.getInetAddress());
                return;
            }
            socket.setSoTimeout((int) DEFAULT_ANSWER_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            String answer;
            try {
                Request request = parse(readLine(socket.getInputStream()));
                deliver(request);
                answer = answer(true, null);
            } catch (IllegalArgumentException refused) {
                log.warn("Refused a hand-over request: {}", refused.getMessage());
                answer = answer(false, refused.getMessage());
            }
            out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            log.debug("Hand-over connection ended early", e);
        }
    }

    private void deliver(Request request) {
        Consumer<Request> target;
        synchronized (this) {
            target = listener;
            if (target == null) {
                early.add(request);
                return;
            }
        }
        target.accept(request);
    }

    private Request parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON request");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON request");
        }
        byte[] given = node.path("token").asText("").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("wrong token");
        }
        return switch (node.path("action").asText("")) {
            case "focus" -> new Focus();
            case "open" -> {
                JsonNode paths = node.path("paths");
                if (!paths.isArray()) {
                    throw new IllegalArgumentException("\"open\" needs a \"paths\" array");
                }
                List<Path> list = new ArrayList<>();
                for (JsonNode p : paths) {
                    try {
                        list.add(Path.of(p.asText()));
                    } catch (RuntimeException badPath) {
                        throw new IllegalArgumentException("not a path: " + p.asText());
                    }
                }
                yield new Open(list);
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown action \"" + node.path("action").asText("") + "\"");
        };
    }

    /** Reads one line, refusing anything over the size bound (a request is one line of JSON). */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() >= MAX_REQUEST_BYTES) {
                throw new IllegalArgumentException("request over " + MAX_REQUEST_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String answer(boolean ok, String error) {
        ObjectNode node = JSON.createObjectNode().put("ok", ok);
        if (error != null) {
            node.put("error", error);
        }
        return node.toString();
    }

    // ---- the launching side ----

    private record Endpoint(int port, String token, long pid) {}

    private static Claim handOver(Path dir, Request request, Duration answerTimeout) {
        Endpoint endpoint;
        try {
            endpoint = readInstanceFile(dir);
        } catch (IOException | RuntimeException e) {
            // The owner holds the lock but has not (yet) published its port, or the file is damaged.
            return new Unreachable(unreachable(
                    dir, null, Words.get("instance.notPublished", dir.resolve(INSTANCE_FILE), describe(e))));
        }
        try (Socket socket = new Socket()) {
            int millis = (int) Math.max(1, answerTimeout.toMillis());
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()), millis);
            socket.setSoTimeout(millis);
            ObjectNode message = JSON.createObjectNode().put("token", endpoint.token());
            switch (request) {
                case Open open -> {
                    message.put("action", "open");
                    var paths = message.putArray("paths");
                    open.paths()
                            .forEach(p ->
                                    paths.add(p.toAbsolutePath().normalize().toString()));
                }
                case Focus focus -> message.put("action", "focus");
            }
            OutputStream out = socket.getOutputStream();
            out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = readLine(socket.getInputStream());
            JsonNode answer = reply.isEmpty() ? null : JSON.readTree(reply);
            if (answer != null && answer.path("ok").asBoolean(false)) {
                return new HandedOver(request);
            }
            String why = answer == null
                    ? Words.get("instance.closedWithoutAnswer")
                    : Words.get("instance.refused", answer.path("error").asText("—"));
            return new Unreachable(unreachable(dir, endpoint, why));
        } catch (SocketTimeoutException e) {
            return new Unreachable(
                    unreachable(dir, endpoint, Words.get("instance.noAnswerWithin", answerTimeout.toSeconds())));
        } catch (IOException | RuntimeException e) {
            return new Unreachable(unreachable(dir, endpoint, Words.get("instance.notReached", describe(e))));
        }
    }

    private static String unreachable(Path dir, Endpoint endpoint, String why) {
        String owner = endpoint == null
                ? Words.get("instance.anotherProcess")
                : Words.get("instance.process", String.valueOf(endpoint.pid()))
                        + ProcessHandle.of(endpoint.pid())
                                .flatMap(p -> p.info().command())
                                .map(c -> " (" + c + ")")
                                .orElse("");
        return Words.get("instance.inUse", dir, owner, why);
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "missing";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Endpoint readInstanceFile(Path dir) throws IOException {
        JsonNode node = JSON.readTree(Files.readString(dir.resolve(INSTANCE_FILE)));
        int port = node.path("port").asInt(-1);
        String token = node.path("token").asText("");
        if (port <= 0 || port > 65535 || token.isEmpty()) {
            throw new IllegalArgumentException("no port and token in it");
        }
        return new Endpoint(port, token, node.path("pid").asLong(-1));
    }

    /** Written to a private temporary file first, then moved in place, so no one reads a half-written token. */
    private static void writeInstanceFile(Path dir, int port, String token) throws IOException {
        String content = JSON.createObjectNode()
                .put("port", port)
                .put("token", token)
                .put("pid", ProcessHandle.current().pid())
                .toString();
        Path target = dir.resolve(INSTANCE_FILE);
        Path temp;
        try {
            temp = Files.createTempFile(
                    dir,
                    INSTANCE_FILE,
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            temp = Files.createTempFile(
                    dir, INSTANCE_FILE, ".tmp"); // Windows: the user's profile folder is private already
        }
        Files.writeString(temp, content);
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
