package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @TempDir
    Path documents;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void aSecondLaunchInAnotherProcessHandsOverItsTwoPathsAndExitsZero() throws Exception {
        LinkedBlockingQueue<SingleInstance.Request> received = new LinkedBlockingQueue<>();
        SingleInstance first = own(dataDir);
        first.listen(received::add);
        Path notes = Files.writeString(documents.resolve("notes.md"), "# Notes");
        Path paper = Files.writeString(documents.resolve("paper with spaces.txt"), "stones");

        Child child = launchChild(dataDir, ANSWER, notes.toString(), paper.toString());

        assertThat(child.exitCode()).as(child.output()).isZero();
        assertThat(child.output()).contains("Cairn is already running; handed it 2 files.");
        assertThat(received.poll(1, TimeUnit.MINUTES)).isEqualTo(new SingleInstance.Open(List.of(notes, paper)));
        assertThat(received).as("exactly one request").isEmpty();
    }

    @Test
    void theHandOverFileIsReadableByItsOwnerOnly() throws Exception {
        own(dataDir);

        Path file = dataDir.resolve(SingleInstance.INSTANCE_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        JsonNode published = JSON.readTree(Files.readString(file));
        assertThat(published.path("port").asInt()).isPositive();
        assertThat(published.path("token").asText()).hasSize(64);
        assertThat(published.path("pid").asLong())
                .isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aRequestWithTheWrongTokenIsRefusedAndNeverReachesTheListener() throws Exception {
        LinkedBlockingQueue<SingleInstance.Request> received = new LinkedBlockingQueue<>();
        own(dataDir).listen(received::add);

        JsonNode answer = send(
                port(dataDir),
                "{\"token\":\"guessed\",\"action\":\"open\",\"paths\":[\"/etc/passwd\"]}\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(answer.path("ok").asBoolean()).isFalse();
        assertThat(answer.path("error").asText()).isEqualTo("wrong token");

        // A proper launch afterwards (the lock is held in this JVM, so this one hands over too) gets through alone.
        assertThat(SingleInstance.claim(dataDir, new SingleInstance.Focus(), ANSWER))
                .isEqualTo(new SingleInstance.HandedOver(new SingleInstance.Focus()));
        assertThat(received.poll(1, TimeUnit.MINUTES)).isEqualTo(new SingleInstance.Focus());
        assertThat(received).isEmpty();
    }

    @Test
    void aRequestOverTheSizeBoundIsRefused() throws Exception {
        LinkedBlockingQueue<SingleInstance.Request> received = new LinkedBlockingQueue<>();
        own(dataDir).listen(received::add);
        byte[] huge = new byte[SingleInstance.MAX_REQUEST_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) 'a');

        JsonNode answer = send(port(dataDir), huge);

        assertThat(answer.path("ok").asBoolean()).isFalse();
        assertThat(answer.path("error").asText()).contains("request over");
        assertThat(received).isEmpty();
    }

    @Test
    void requestsThatArriveBeforeTheWindowListensAreDeliveredWhenItDoes() throws Exception {
        SingleInstance first = own(dataDir);
        Path notes = Files.writeString(documents.resolve("early.md"), "early");

        assertThat(SingleInstance.claim(dataDir, new SingleInstance.Open(List.of(notes)), ANSWER))
                .isInstanceOf(SingleInstance.HandedOver.class);
        List<SingleInstance.Request> received = new ArrayList<>();
        first.listen(received::add);

        assertThat(received).containsExactly(new SingleInstance.Open(List.of(notes)));
    }

    @Test
    void staleFilesFromACrashedInstanceDoNotStopTheNextLaunchFromBecomingTheInstance() throws Exception {
        int deadPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = gone.getLocalPort();
        }
        Files.writeString(dataDir.resolve(SingleInstance.LOCK_FILE), "");
        Files.writeString(
                dataDir.resolve(SingleInstance.INSTANCE_FILE),
                "{\"port\":" + deadPort + ",\"token\":\"old\",\"pid\":1}");

        SingleInstance.Claim claim = SingleInstance.claim(dataDir, new SingleInstance.Focus(), ANSWER);

        assertThat(claim).isInstanceOf(SingleInstance.Owner.class);
        toClose.add(((SingleInstance.Owner) claim).instance());
        JsonNode published = JSON.readTree(Files.readString(dataDir.resolve(SingleInstance.INSTANCE_FILE)));
        assertThat(published.path("token").asText()).isNotEqualTo("old");
        assertThat(published.path("pid").asLong())
                .isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void closingTheInstanceFreesTheDirectoryForTheNextLaunch() throws Exception {
        SingleInstance.Claim first = SingleInstance.claim(dataDir, new SingleInstance.Focus(), ANSWER);
        ((SingleInstance.Owner) first).instance().close();

        assertThat(dataDir.resolve(SingleInstance.INSTANCE_FILE)).doesNotExist();
        Child child = launchChild(dataDir, ANSWER);
        assertThat(child.exitCode()).as(child.output()).isZero();
        assertThat(child.output()).contains("became the instance");
    }

    @Test
    void anOwnerThatHoldsTheLockButDoesNotAnswerGetsAClearMessageAndANonZeroExit() throws Exception {
        FileChannel channel = FileChannel.open(
                dataDir.resolve(SingleInstance.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        toClose.add(channel);
        FileLock lock = channel.tryLock();
        assertThat(lock).isNotNull();
        // Accepts connections in the kernel's backlog but never reads or answers: a hung owner.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(silent);
        Files.writeString(
                dataDir.resolve(SingleInstance.INSTANCE_FILE),
                "{\"port\":" + silent.getLocalPort() + ",\"token\":\"t\",\"pid\":"
                        + ProcessHandle.current().pid() + "}");

        Child child = launchChild(
                dataDir, Duration.ofSeconds(1), documents.resolve("a.md").toString());

        assertThat(child.exitCode()).isEqualTo(1);
        assertThat(child.output())
                .contains("The data directory " + dataDir.toAbsolutePath().normalize())
                .contains("in use by Cairn process " + ProcessHandle.current().pid())
                .contains("did not answer within 1 s")
                .doesNotContain("became the instance");
    }

    private SingleInstance own(Path dir) throws IOException {
        SingleInstance.Claim claim = SingleInstance.claim(dir, new SingleInstance.Focus(), ANSWER);
        assertThat(claim).isInstanceOf(SingleInstance.Owner.class);
        SingleInstance instance = ((SingleInstance.Owner) claim).instance();
        toClose.add(instance);
        return instance;
    }

    private static int port(Path dir) throws IOException {
        return JSON.readTree(Files.readString(dir.resolve(SingleInstance.INSTANCE_FILE)))
                .path("port")
                .asInt();
    }

    private static JsonNode send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return JSON.readTree(SingleInstance.readLine(socket.getInputStream()));
        }
    }

    private record Child(int exitCode, String output) {}

    private static Child launchChild(Path dir, Duration answer, String... paths) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                InstanceProbe.class.getName(),
                dir.toString(),
                Long.toString(answer.toMillis())));
        command.addAll(List.of(paths));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the second launch did not finish");
        }
        return new Child(process.exitValue(), output.get());
    }
}
