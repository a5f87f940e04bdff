package dev.cairn.store;

import dev.cairn.platform.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small detached process that stops the bundled server once no Cairn process uses it, however
 * they ended. Clients stop the server themselves when the last one closes normally; the watchdog
 * covers the rest: a client killed with -9, a crash, a window closed by the OS at logout.
 *
 * <p>It polls: when it can take {@link ServerLock#START} and then {@link ServerLock#CLIENTS}
 * exclusively for {@link #GRACE} without a break, nobody is left, and it stops the server while
 * still holding both, so a client arriving at that moment waits and then starts a fresh server.
 * It exits when its postmaster has gone, whoever stopped it.
 */
public final class ServerWatchdog {

    static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(250);
    static final String LOG_FILE = "postgres-watchdog.log";

    private ServerWatchdog() {}

    /** {@code ServerWatchdog DATA_DIR POSTMASTER_PID}. */
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long pid = Long.parseLong(args[1]);
        Path cluster = dataDir.resolve("pg");
        // Checked against postmaster.pid and the command line: a pid reused by now must never be stopped.
        Optional<ProcessHandle> postmaster = PgPrograms.postmaster(cluster).filter(p -> p.pid() == pid);
        if (postmaster.isEmpty()) {
            return;
        }
        FileChannel opened;
        try {
            opened = ServerLock.openExisting(dataDir);
        } catch (NoSuchFileException gone) {
            // Removed before this JVM was up: on a new file no client holds a lock, so a server in use would stop.
            return;
        }
        try (FileChannel channel = opened;
                FileLock mine = channel.tryLock(ServerLock.WATCHDOG, 1, false)) {
            if (mine == null) {
                return; // another watchdog has this server
            }
            // Logging starts only once the lock is held: a second watchdog that lost the race exits silently.
            Logger log = LoggerFactory.getLogger(ServerWatchdog.class);
            log.info("Watching PostgreSQL {} on {}", pid, cluster);
            watch(channel, postmaster.get(), cluster, dataDir.resolve("logs").resolve("postgres-start.log"), log);
        }
    }

    private static void watch(FileChannel channel, ProcessHandle postmaster, Path cluster, Path startLog, Logger log)
            throws IOException, InterruptedException {
        long emptySince = -1;
        while (postmaster.isAlive()) {
            try (FileLock start = channel.tryLock(ServerLock.START, 1, false)) {
                if (start == null) {
                    emptySince = -1;
                } else {
                    try (FileLock clients = channel.tryLock(ServerLock.CLIENTS, 1, false)) {
                        if (clients == null) {
                            emptySince = -1;
                        } else if (emptySince < 0) {
                            emptySince = System.nanoTime();
                        } else if (System.nanoTime() - emptySince >= GRACE.toNanos()) {
                            log.info("No Cairn process uses PostgreSQL {} any more; stopping it", postmaster.pid());
                            PgPrograms.stop(postmaster, cluster, startLog);
                            return;
                        }
                    }
                }
            }
            Thread.sleep(POLL);
        }
    }

    /**
     * Starts a watchdog for {@code postmaster} unless one is running. Called with {@link
     * ServerLock#START} held. It does not wait for the watchdog to take its lock (a JVM start, most
     * of a second on a busy machine): a second one started meanwhile finds the lock taken and exits.
     */
    static void ensureRunning(FileChannel channel, Path dataDir, ProcessHandle postmaster) throws IOException {
        if (!watchdogMissing(channel)) {
            return;
        }
        Path logs = PrivateFiles.createDirectories(dataDir.resolve("logs"));
        Path log = PrivateFiles.createFile(logs.resolve(LOG_FILE));
        List<String> command = new ArrayList<>();
        // Its own session: Ctrl-C in the terminal of the `cairn` that started it must not reach it.
        Stream.of("/usr/bin/setsid", "/bin/setsid")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .ifPresent(p -> command.add(p.toString()));
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and idle: the interpreter is enough for four lock attempts a second and saves
                // the JIT's memory (see ADR 0011).
                "-Xms2m",
                "-Xmx16m",
                "-Xss256k",
                "-XX:+UseSerialGC",
                "-Xint",
                "-XX:-UsePerfData",
                "-cp",
                System.getProperty("java.class.path"),
                ServerWatchdog.class.getName(),
                dataDir.toString(),
                Long.toString(postmaster.pid())));
        Process watchdog = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        watchdog.onExit().thenAccept(p -> {
            if (p.exitValue() != 0) {
                LoggerFactory.getLogger(ServerWatchdog.class)
                        .warn(
                                "The watchdog of PostgreSQL {} exited with code {} (see {}); "
                                        + "if every Cairn on {} is killed, the server keeps running until the next Cairn starts there",
                                postmaster.pid(),
                                p.exitValue(),
                                log,
                                dataDir);
            }
        });
    }

    private static boolean watchdogMissing(FileChannel channel) throws IOException {
        FileLock probe = channel.tryLock(ServerLock.WATCHDOG, 1, true);
        if (probe == null) {
            return false;
        }
        probe.release();
        return true;
    }
}
