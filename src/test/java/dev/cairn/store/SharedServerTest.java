package dev.cairn.store;

import static dev.cairn.store.DatabaseTest.javaProcess;
import static dev.cairn.store.DatabaseTest.postmasterPid;
import static dev.cairn.store.DatabaseTest.postmastersOn;
import static dev.cairn.store.DatabaseTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.ChildProcesses;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.PrivateFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several real Cairn processes on one data directory, and what is left when they die. */
class SharedServerTest {

    @TempDir
    Path home;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void theServerStaysUpForTheSecondProcessWhenTheFirstExitsMidWork() throws Exception {
        AppDirs dirs = new AppDirs(home);
        Process first = start(HoldDatabase.class.getName(), home.toString());
        BufferedReader firstOut = first.inputReader(StandardCharsets.UTF_8);
        assertThat(firstOut.readLine()).isEqualTo("ready");
        long postmaster = postmasterPid(dirs);

        Process second = start(WriteRows.class.getName(), home.toString(), "300", "10");
        BufferedReader secondOut = second.inputReader(StandardCharsets.UTF_8);
        assertThat(secondOut.readLine()).isEqualTo("ready");
        awaitRows(dirs, 50);

        closeAndAwait(first);
        assertThat(rowCount(dirs)).as("the second process is still mid-work").isLessThan(300);
        assertThat(postmastersOn(dirs.pgData()))
                .as("the first process left the server running")
                .containsExactly(postmaster);

        assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(second.exitValue()).as(stderrOf(second)).isZero();
        assertThat(secondOut.readLine()).isEqualTo("wrote 300");
        // The last process to leave stopped the server.
        assertThat(postmastersOn(dirs.pgData())).isEmpty();
        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SELECT count(DISTINCT n) || '/' || count(*) FROM work"))
                    .isEqualTo("300/300");
        }
    }

    @Test
    void twoProcessesStartingAtOnceShareOneServerAndKillingBothStopsItWithinThirtySeconds() throws Exception {
        AppDirs dirs = new AppDirs(home);
        Process a = start(HoldDatabase.class.getName(), home.toString());
        Process b = start(HoldDatabase.class.getName(), home.toString());
        assertThat(a.inputReader(StandardCharsets.UTF_8).readLine()).isEqualTo("ready");
        assertThat(b.inputReader(StandardCharsets.UTF_8).readLine()).isEqualTo("ready");
        long postmaster = postmasterPid(dirs);
        assertThat(postmastersOn(dirs.pgData())).containsExactly(postmaster);

        a.destroyForcibly();
        b.destroyForcibly();
        a.onExit().get(1, TimeUnit.MINUTES);
        b.onExit().get(1, TimeUnit.MINUTES);

        long killedAt = System.nanoTime();
        while (!postmastersOn(dirs.pgData()).isEmpty()) {
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
                    .as("postmaster still running")
                    .isLessThan(Duration.ofSeconds(30));
            Thread.sleep(100);
        }
        System.out.printf(
                "no postmaster %d ms after kill -9 of every client%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SELECT 'back'")).isEqualTo("back");
        }
    }

    @Test
    void aClientArrivingWhileTheWatchdogWaitsOutItsGraceKeepsTheServer() throws Exception {
        AppDirs dirs = new AppDirs(home);
        Process gone = start(HoldDatabase.class.getName(), home.toString());
        assertThat(gone.inputReader(StandardCharsets.UTF_8).readLine()).isEqualTo("ready");
        gone.destroyForcibly();
        gone.onExit().get(1, TimeUnit.MINUTES);

        try (Database db = Database.bundled(dirs)) {
            db.dataSource(); // attaches within the grace, or starts anew if this machine was slower than 2 s
            long attachedTo = postmasterPid(dirs);
            Thread.sleep(ServerWatchdog.GRACE.multipliedBy(2).toMillis());

            assertThat(queryString(db.dataSource(), "SELECT 'still here'")).isEqualTo("still here");
            assertThat(postmastersOn(dirs.pgData())).containsExactly(attachedTo);
        }
        assertThat(postmastersOn(dirs.pgData())).isEmpty();
    }

    @Test
    void anOlderCairnSeesTheSharedServerInUseAndDoesNotStopItAsAnOrphan() throws Exception {
        AppDirs dirs = new AppDirs(home);
        try (Database db = Database.bundled(dirs)) {
            db.dataSource();
            assertThat(probeLegacyOwner()).isEqualTo("in use");
        }
        assertThat(probeLegacyOwner()).isEqualTo("free to own");
    }

    private String probeLegacyOwner() throws Exception {
        Process probe = start(LegacyOwnerProbe.class.getName(), home.toString());
        String answer = probe.inputReader(StandardCharsets.UTF_8).readLine();
        assertThat(probe.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return answer;
    }

    @Test
    void aClientWhoseServerWasKilledStartsItAgainAndCarriesOn() throws Exception {
        AppDirs dirs = new AppDirs(home);
        Process other = start(HoldDatabase.class.getName(), home.toString());
        assertThat(other.inputReader(StandardCharsets.UTF_8).readLine()).isEqualTo("ready");
        try (Database db = Database.bundled(dirs)) {
            // Durable before the kill: synchronous_commit is off by default (see ServerSettings).
            DatabaseTest.execute(
                    db.dataSource(),
                    "CREATE TABLE notes (body text)",
                    "INSERT INTO notes VALUES ('before')",
                    "CHECKPOINT");
            WarmConnections searches = new WarmConnections(db.dataSource(), 2, () -> SearchSettings.PGVECTOR_DEFAULTS);
            Jdbc.TransactionBody<String> read = c -> Sql.queryString(c, "SELECT body FROM notes");
            assertThat(searches.withConnection("read a note", read)).isEqualTo("before");
            long killed = DatabaseTest.killPostmaster(dirs);

            // A warm search session from before the crash is replaced, not reported as a failure.
            assertThat(searches.withConnection("read a note", read)).isEqualTo("before");
            searches.close();

            // The same DataSource a store would have kept since the start.
            DatabaseTest.execute(db.dataSource(), "INSERT INTO notes VALUES ('after')");

            assertThat(queryString(db.dataSource(), "SELECT string_agg(body, ',' ORDER BY body) FROM notes"))
                    .isEqualTo("after,before");
            assertThat(postmastersOn(dirs.pgData()))
                    .containsExactly(postmasterPid(dirs))
                    .doesNotContain(killed);
        }
        assertThat(postmastersOn(dirs.pgData()))
                .as("the other process still uses it")
                .hasSize(1);

        // The last client to leave stops the server this test started, though it never started it.
        closeAndAwait(other);
        assertThat(postmastersOn(dirs.pgData())).isEmpty();
    }

    @Test
    void aWatchdogWhoseLockFileIsGoneLeavesTheServerAndMakesNoFile() throws Exception {
        AppDirs dirs = new AppDirs(home);
        try (Database db = Database.bundled(dirs)) {
            db.dataSource();
            long postmaster = postmasterPid(dirs);
            // What a watchdog slow to start may find: its data directory being removed (a test's folder, a
            // library deleted by hand). This process keeps its locks on the file it opened.
            Path lock = home.resolve(ServerLock.FILE);
            Files.delete(lock);
            assertThat(PgPrograms.postmaster(dirs.pgData()).map(ProcessHandle::pid))
                    .as("the watchdog finds the server it is asked to watch")
                    .contains(postmaster);

            ServerWatchdog.main(new String[] {home.toString(), Long.toString(postmaster)});

            assertThat(lock).as("made again by the late watchdog").doesNotExist();
            Thread.sleep(ServerWatchdog.GRACE.multipliedBy(2).toMillis());
            assertThat(postmastersOn(dirs.pgData())).containsExactly(postmaster);
            assertThat(queryString(db.dataSource(), "SELECT 'still up'")).isEqualTo("still up");
        }
    }

    @Test
    void everythingInTheDataDirectoryIsPrivateAndOlderLooseOnesAreTightenedAtStart() throws Exception {
        assumeTrue(PrivateFiles.posix(), "POSIX file modes");
        AppDirs dirs = new AppDirs(home);
        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SHOW data_checksums")).isEqualTo("on");
        }
        // What a data directory made by an older Cairn looked like.
        for (Path dir : List.of(home, dirs.logsDir(), dirs.pgData())) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(dirs.pgData().resolve("epg-lock"), "");
        for (Path file : List.of(
                home.resolve(BundledBackend.STATE_FILE),
                home.resolve(BundledBackend.LOCK_FILE),
                dirs.logsDir().resolve("postgres-start.log"),
                dirs.pgData().resolve("epg-lock"))) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertThat(PrivateFiles.looserThanPrivate(home)).isNotEmpty();

        try (Database db = Database.bundled(dirs)) {
            db.dataSource();
            assertThat(PrivateFiles.looserThanPrivate(home)).isEmpty();
            assertThat(mode(home)).isEqualTo("rwx------");
            assertThat(mode(dirs.logsDir())).isEqualTo("rwx------");
            assertThat(mode(home.resolve(BundledBackend.STATE_FILE))).isEqualTo("rw-------");
            assertThat(mode(dirs.logsDir().resolve("postgres-start.log"))).isEqualTo("rw-------");
        }
        try (Stream<Path> all = Files.walk(home)) {
            assertThat(all.filter(Files::isDirectory).map(SharedServerTest::mode))
                    .containsOnly("rwx------");
        }
    }

    @Test
    void aServerThatCannotStartIsExplainedInSecondsInItsOwnWords() throws Exception {
        AppDirs dirs = new AppDirs(home);
        try (Database db = Database.bundled(dirs)) {
            db.dataSource();
        }
        Files.writeString(
                dirs.pgData().resolve("postgresql.conf"),
                "\nmax_locks_per_transaction = 'lots'\n",
                java.nio.file.StandardOpenOption.APPEND);

        long t0 = System.nanoTime();
        try (Database db = Database.bundled(dirs)) {
            assertThatThrownBy(db::dataSource)
                    .isInstanceOf(DatabaseException.class)
                    .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                            .contains("could not start", "invalid value for parameter \"max_locks_per_transaction\""))
                    .satisfies(e -> assertThat(Phrase.show(e.getMessage(), java.util.Locale.GERMAN))
                            .contains("konnte in", "nicht starten", "max_locks_per_transaction")
                            .doesNotContain("could not start"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(postmastersOn(dirs.pgData())).isEmpty();
    }

    @Test
    void withoutLoopbackTheBindErrorIsQuotedWithinTenSeconds() throws Exception {
        // A network namespace whose loopback has no 127.0.0.1, as on a machine with loopback misconfigured.
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "-n",
                "sh",
                "-c",
                "ip link set lo up && ip addr del 127.0.0.1/8 dev lo && exec \"$@\"",
                "sh"));
        assumeTrue(
                new ProcessBuilder(command.getFirst(), "-n", "sh", "-c", "ip link set lo up")
                                .start()
                                .waitFor()
                        == 0,
                "needs unshare -n and ip (root)");
        Failure failure = holdDatabaseFailsIn(command, home, "no-loopback.txt");

        assertThat(failure.output())
                .contains("could not bind IPv4 address \"127.0.0.1\": Cannot assign requested address");
        // initdb of a new cluster and a JVM start are in there too.
        assertThat(failure.took()).isLessThan(Duration.ofSeconds(30));
        System.out.printf(
                "no loopback: failed with the reason after %d ms (JVM start and initdb included)%n",
                failure.took().toMillis());
    }

    @Test
    void aFullDiskIsReportedInSecondsInTheServersWords() throws Exception {
        Path dataDir = Files.createDirectories(home.resolve("small-disk"));
        // A 12 MB file system of its own, in a mount namespace only the child sees: too small for a cluster.
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "-m",
                "sh",
                "-c",
                "mount -t tmpfs -o size=12m tmpfs \"$0\" && exec \"$@\"",
                dataDir.toString()));
        assumeTrue(
                new ProcessBuilder(
                                        "unshare",
                                        "-m",
                                        "sh",
                                        "-c",
                                        "mount -t tmpfs -o size=1m tmpfs \"$0\"",
                                        home.toString())
                                .start()
                                .waitFor()
                        == 0,
                "needs unshare -m and mount (root)");
        Failure failure = holdDatabaseFailsIn(command, dataDir, "full-disk.txt");

        assertThat(failure.output())
                .contains("initdb could not create the database cluster")
                .contains("No space left on device");
        assertThat(failure.took()).isLessThan(Duration.ofSeconds(30));
    }

    /** What a child that had to fail wrote, and how long it took to exit. */
    private record Failure(String output, Duration took) {}

    /**
     * Runs {@link HoldDatabase} on {@code dataDir} behind {@code namespace} (an {@code unshare}
     * command line), its output in {@code outputName}; it must exit within a minute, and not cleanly.
     */
    private Failure holdDatabaseFailsIn(List<String> namespace, Path dataDir, String outputName) throws Exception {
        List<String> command = new ArrayList<>(namespace);
        command.addAll(
                javaProcess(HoldDatabase.class.getName(), dataDir.toString()).command());
        Path output = home.resolve(outputName);
        long t0 = System.nanoTime();
        Process child = children.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start());
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(child.exitValue()).isNotZero();
        return new Failure(Phrase.english(Files.readString(output)), took); // its stack trace, codes in words
    }

    private Process start(String mainClass, String... args) throws IOException {
        Path stderr = home.resolve("child-" + System.nanoTime() + ".txt");
        Process child =
                javaProcess(mainClass, args).redirectError(stderr.toFile()).start();
        try {
            Files.move(stderr, stderrFile(child));
        } catch (IOException e) {
            // only a name for failure messages
        }
        children.add(child);
        return child;
    }

    /** Has a {@link HoldDatabase} child close its database and exit, and checks that it exited cleanly. */
    private void closeAndAwait(Process child) throws Exception {
        child.getOutputStream().close();
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(stderrOf(child)).isZero();
    }

    /** What a child started by {@link #start} wrote to its standard error. */
    private String stderrOf(Process child) throws IOException {
        return Files.readString(stderrFile(child));
    }

    private Path stderrFile(Process child) {
        return home.resolve("child-" + child.pid() + ".txt");
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitRows(AppDirs dirs, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (rowCount(dirs) < atLeast) {
            assertThat(System.nanoTime()).as("rows written in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Read with a plain connection: the test itself is not a client and holds no lock. */
    private static int rowCount(AppDirs dirs) throws SQLException, IOException {
        String password = Files.readString(dirs.dataDir().resolve(BundledBackend.SECRET_FILE))
                .strip();
        int port = PgPrograms.port(dirs.pgData());
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/cairn", "postgres", password);
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM work")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
