package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled PostgreSQL's life: lazy start, restarts, crashes, a second process, and who may log in. */
class DatabaseTest {

    @TempDir
    Path home;

    @Test
    void sixteenConcurrentFirstCallersShareOneStart() throws Exception {
        try (Database db = Database.bundled(new AppDirs(home))) {
            AtomicInteger starts = new AtomicInteger();
            db.addStateListener(state -> {
                if (state == Database.State.STARTING) {
                    starts.incrementAndGet();
                }
            });
            assertThat(db.isStarted()).isFalse();
            assertThat(db.state()).isEqualTo(Database.State.NOT_STARTED);

            int callers = 16;
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            Set<DataSource> handedOut = ConcurrentHashMap.newKeySet();
            try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    calls.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        handedOut.add(db.dataSource());
                        return null;
                    }));
                }
                ready.await();
                go.countDown();
                for (Future<?> call : calls) {
                    call.get();
                }
            }

            assertThat(starts).hasValue(1);
            assertThat(handedOut).hasSize(1);
            assertThat(db.isStarted()).isTrue();
            assertThat(queryString(db.dataSource(), "SELECT current_database()"))
                    .isEqualTo("cairn");
            System.out.printf(
                    "first start (unpack cached, initdb included): %d ms%n",
                    db.startTime().toMillis());
        }
    }

    @Test
    void dataSurvivesARestartOnTheSamePort() throws Exception {
        AppDirs dirs = new AppDirs(home);
        long firstStart;
        int port;
        try (Database db = Database.bundled(dirs)) {
            execute(db.dataSource(), "CREATE TABLE notes (body text)", "INSERT INTO notes VALUES ('kept')");
            firstStart = db.startTime().toMillis();
            port = rememberedPort();
        }
        assertThat(Files.exists(dirs.pgData().resolve("postmaster.pid")))
                .as("stopped cleanly")
                .isFalse();

        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SELECT body FROM notes")).isEqualTo("kept");
            assertThat(rememberedPort()).isEqualTo(port);
            System.out.printf(
                    "first start with initdb: %d ms, restart: %d ms%n",
                    firstStart, db.startTime().toMillis());
        }
    }

    @Test
    void startsAgainAfterThePostmasterWasKilled() throws Exception {
        AppDirs dirs = new AppDirs(home);
        long killed;
        try (Database db = Database.bundled(dirs)) {
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes (body text)");
                c.setAutoCommit(false);
                // Durable before the kill: synchronous_commit is off by default (see ServerSettings).
                s.execute("SET LOCAL synchronous_commit = on");
                s.execute("INSERT INTO notes VALUES ('survives a crash')");
                c.commit();
            }
            killed = killPostmaster(dirs);
        }
        assertThat(dirs.pgData().resolve("postmaster.pid"))
                .as("left behind by the crash")
                .exists();

        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SELECT body FROM notes")).isEqualTo("survives a crash");
            assertThat(postmasterPid(dirs)).isNotEqualTo(killed);
        }
    }

    @Test
    void aFirstStartKilledDuringInitdbLeavesNothingTheNextStartTripsOver() throws Exception {
        AppDirs dirs = new AppDirs(home);
        // What an initdb killed with its Cairn leaves: a partial cluster beside the real one's place.
        Path staging = Files.createDirectories(home.resolve("pg.initdb").resolve("base"));
        Files.writeString(home.resolve("pg.initdb").resolve("PG_VERSION"), "17\n");
        Files.createDirectories(dirs.pgData()); // and an empty folder where the cluster goes

        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SHOW data_checksums")).isEqualTo("on");
        }
        assertThat(staging.getParent()).doesNotExist();
        assertThat(dirs.pgData().resolve("postgresql.conf")).exists();
    }

    @Test
    void startsWhenAStalePidFileNamesAPidNowUsedByAnotherProgram() throws Exception {
        AppDirs dirs = new AppDirs(home);
        try (Database db = Database.bundled(dirs)) {
            db.dataSource();
            killPostmaster(dirs);
        }
        Path pidFile = dirs.pgData().resolve("postmaster.pid");
        List<String> lines = new ArrayList<>(Files.readAllLines(pidFile));
        lines.set(0, Long.toString(ProcessHandle.current().pid())); // alive, and a java, not a postgres
        Files.write(pidFile, lines);

        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SELECT 'started'")).isEqualTo("started");
        }
    }

    @Test
    void aSecondProcessConnectsToTheRunningServerInsteadOfStartingAnother() throws Exception {
        AppDirs dirs = new AppDirs(home);
        try (Database db = Database.bundled(dirs)) {
            String startedAt = queryString(db.dataSource(), "SELECT pg_postmaster_start_time()::text");
            long postmaster = postmasterPid(dirs);

            Path stderr = home.resolve("child-stderr.txt");
            Process child = javaProcess("dev.cairn.Main", "doctor", "--data-dir", home.toString(), "--json")
                    .redirectError(stderr.toFile())
                    .start();
            String out;
            try (InputStream in = child.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(child.waitFor())
                    .as("child exit code; stderr: %s", Files.readString(stderr))
                    .isZero();

            assertThat(out)
                    .contains("\"server_started_at\":\"" + startedAt + "\"")
                    .contains("\"pgvector\":\"0.8.0\"");
            assertThat(postmasterPid(dirs)).isEqualTo(postmaster);
            assertThat(postmastersOn(dirs.pgData())).containsExactly(postmaster);
            // The child only connected, so the server it used is still ours and still answers.
            assertThat(queryString(db.dataSource(), "SELECT 'still up'")).isEqualTo("still up");
        }
    }

    @Test
    void adoptsAServerWhoseClientsAndWatchdogWereAllKilled() throws Exception {
        AppDirs dirs = new AppDirs(home);
        Process owner = javaProcess(HoldDatabase.class.getName(), home.toString())
                .redirectError(home.resolve("owner-stderr.txt").toFile())
                .start();
        try (var lines = owner.inputReader(StandardCharsets.UTF_8)) {
            assertThat(lines.readLine())
                    .as("stderr: %s", home.resolve("owner-stderr.txt"))
                    .isEqualTo("ready");
        }
        long orphan = postmasterPid(dirs);
        // The watchdog first: with its client gone it would stop the server after its grace, were this test slow.
        for (ProcessHandle watchdog : watchdogs(dirs)) {
            watchdog.destroyForcibly();
            watchdog.onExit().get(1, TimeUnit.MINUTES);
        }
        owner.destroyForcibly();
        owner.onExit().get(2, TimeUnit.MINUTES);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                .as("postmaster outlives its JVM")
                .contains(true);

        try (Database db = Database.bundled(dirs)) {
            assertThat(queryString(db.dataSource(), "SELECT 1")).isEqualTo("1");
            assertThat(postmastersOn(dirs.pgData())).containsExactly(orphan);
            assertThat(watchdogs(dirs))
                    .as("a new watchdog for the adopted server")
                    .hasSize(1);
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    /** The watchdog processes of this data directory (their command lines, read from /proc: too long for ProcessHandle.Info). */
    static List<ProcessHandle> watchdogs(AppDirs dirs) {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    try {
                        List<String> args =
                                List.of(Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                                        .split("\u0000"));
                        return args.contains(ServerWatchdog.class.getName())
                                && args.contains(dirs.dataDir().toString());
                    } catch (java.io.IOException gone) {
                        return false;
                    }
                })
                .toList();
    }

    @Test
    void opensTheSameDataDirectoryOnlyOncePerProcess() {
        AppDirs dirs = new AppDirs(home);
        try (Database first = Database.bundled(dirs);
                Database second = Database.bundled(dirs)) {
            first.dataSource();
            assertThatThrownBy(second::dataSource)
                    .isInstanceOf(DatabaseException.class)
                    .satisfies(
                            e -> assertThat(Phrase.english(e.getMessage())).contains("already open in this process"));
            assertThat(second.state()).isEqualTo(Database.State.FAILED);
        }
    }

    @Test
    void aClosedDatabaseRefusesNewWork() {
        Database db = Database.bundled(new AppDirs(home));
        db.close();
        assertThat(db.state()).isEqualTo(Database.State.CLOSED);
        assertThatThrownBy(db::dataSource).isInstanceOf(IllegalStateException.class);
    }

    /** kill -9 of the postmaster, then waits until its children have noticed and exited too. */
    static long killPostmaster(AppDirs dirs) throws Exception {
        long pid = postmasterPid(dirs);
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> family = new ArrayList<>(postmaster.descendants().toList());
        family.add(postmaster);
        postmaster.destroyForcibly();
        CompletableFuture.allOf(family.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .get(2, TimeUnit.MINUTES);
        return pid;
    }

    /** A JVM on the test classpath: a real second process, as a second Cairn would be. */
    static ProcessBuilder javaProcess(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                "-D" + PgBundle.PROPERTY + "=" + System.getProperty(PgBundle.PROPERTY, ""),
                mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private int rememberedPort() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve(BundledBackend.STATE_FILE))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("port"));
    }

    static long postmasterPid(AppDirs dirs) throws Exception {
        return Long.parseLong(Files.readAllLines(dirs.pgData().resolve("postmaster.pid"))
                .getFirst()
                .strip());
    }

    /**
     * Postmasters whose command line names this cluster. Backends rewrite theirs, but one caught
     * just after its fork still shows the postmaster's, so a postgres whose parent is a postgres
     * does not count.
     */
    static List<Long> postmastersOn(Path cluster) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith(File.separator + "postgres"))
                        .orElse(false))
                .filter(p -> !p.parent()
                        .flatMap(parent -> parent.info().command())
                        .map(c -> c.endsWith(File.separator + "postgres"))
                        .orElse(false))
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains(cluster.toString()))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    static void execute(DataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static String queryString(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static boolean ownerOnly(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                .equals("rw-------");
    }

    static Connection connect(int port, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/cairn", user, password);
    }
}
