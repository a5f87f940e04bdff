package dev.cairn.store;

import com.sun.management.OperatingSystemMXBean;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.PrivateFiles;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled PostgreSQL of one data directory, as {@link BundledBackend} gets hold of it: attached
 * to when it runs, otherwise started (a new cluster made first when there is none), with its
 * password, its remembered port and its start log. The backend's locks decide who may call this
 * and when ({@link ServerLock#START} held).
 */
final class BundledServer {

    /** Logged as the backend's, as before this class was split from it. */
    private static final Logger LOG = LoggerFactory.getLogger(BundledBackend.class);

    /** How long a running server that is recovering from a crash is waited for. */
    private static final Duration RECOVERY_WAIT = Duration.ofMinutes(5);

    private final AppDirs dirs;
    private final Path cluster;

    BundledServer(AppDirs dirs) {
        this.dirs = dirs;
        this.cluster = dirs.pgData();
    }

    record Attached(DataSource dataSource, String postgresVersion, String pgvectorVersion, boolean started) {}

    /** Called with {@link ServerLock#START} held. */
    Attached attachOrStart(FileChannel channel) throws IOException {
        Optional<ProcessHandle> running = PgPrograms.postmaster(cluster);
        if (running.isPresent()) {
            int port = PgPrograms.port(cluster);
            try {
                Attached attached = connectOnceReady(
                        running.get(), port, SecretFile.read(dirs.dataDir().resolve(BundledBackend.SECRET_FILE)));
                // Also adopts a server whose clients and watchdog all died: it gets a watchdog again.
                watchOver(channel, running.get());
                LOG.info(
                        "Connected to the running PostgreSQL {} on 127.0.0.1:{}",
                        running.get().pid(),
                        port);
                return attached;
            } catch (SQLException e) {
                LOG.warn(
                        "PostgreSQL {} on {} does not answer on port {} ({}); stopping it to start afresh",
                        running.get().pid(),
                        cluster,
                        port,
                        e.getMessage());
                PgPrograms.stop(running.get(), cluster, startLog());
            }
        }
        return startServer(channel);
    }

    private Attached startServer(FileChannel channel) throws IOException {
        PgBinaryResolver bundle = PgBundle.locate();
        PgPrograms pg = new PgPrograms(PgPrograms.unpack(bundle, binariesDir()), cluster, startLog());
        PrivateFiles.createFile(startLog());
        boolean fresh = !Files.exists(cluster.resolve("postgresql.conf"));
        Path secretFile = dirs.dataDir().resolve(BundledBackend.SECRET_FILE);
        String password;
        if (fresh) {
            moveAsideIncompleteCluster();
            password = SecretFile.create(secretFile);
            LOG.info("Creating a new PostgreSQL cluster in {}", cluster);
            pg.initdb(secretFile);
        } else if (Files.isRegularFile(secretFile)) {
            password = SecretFile.read(secretFile);
            writeHba();
        } else {
            throw new DatabaseException(Phrase.of("db.noPasswordFile", cluster, secretFile));
        }
        PgPrograms.removePidFileOfAnotherProgram(cluster);
        int port = choosePort(rememberedPort());
        LOG.info("Starting PostgreSQL in {} on 127.0.0.1:{}", cluster, port);
        try {
            startAfterCrash(pg, port);
        } catch (DatabaseException e) {
            if (!e.getMessage().contains("Address already in use")) {
                throw e;
            }
            // Another program took the port between our probe and the server's bind.
            port = choosePort(0);
            LOG.info("Port taken meanwhile; starting PostgreSQL on 127.0.0.1:{} instead", port);
            pg.start(port, machineSettings());
        }
        ProcessHandle postmaster = PgPrograms.postmaster(cluster)
                .orElseThrow(() -> new DatabaseException(Phrase.of("db.notRunning", cluster, startLog())));
        try {
            writeState(port);
            createAppDatabase(port, password);
            Attached attached = connect(port, password, true);
            watchOver(channel, postmaster);
            return attached;
        } catch (SQLException | RuntimeException | IOException e) {
            PgPrograms.stop(postmaster, cluster, startLog());
            if (e instanceof DatabaseException de) {
                throw de;
            }
            throw new DatabaseException(Phrase.of("db.notSetUp", e.getMessage()), e);
        }
    }

    /**
     * Starts the server; when a postmaster was just killed, its backends take a moment to notice
     * and exit, and until then the new one refuses with "lock file ... already exists": it is tried
     * again for up to {@link #CRASH_EXIT_WAIT}.
     */
    private static void startAfterCrash(PgPrograms pg, int port) throws IOException {
        long deadline = System.nanoTime() + CRASH_EXIT_WAIT.toNanos();
        while (true) {
            try {
                pg.start(port, machineSettings());
                return;
            } catch (DatabaseException e) {
                boolean oldServerLeaving = e.getMessage() != null
                        && e.getMessage().contains("lock file")
                        && e.getMessage().contains("already exists");
                if (!oldServerLeaving || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("The last server's processes are still exiting; starting again in a moment");
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final Duration CRASH_EXIT_WAIT = Duration.ofSeconds(15);

    /**
     * The watchdog is a safety net for clients that die without closing; without it Cairn still
     * works and the last client to close still stops the server, so a failure is only logged.
     */
    private void watchOver(FileChannel channel, ProcessHandle postmaster) {
        try {
            ServerWatchdog.ensureRunning(channel, dirs.dataDir(), postmaster);
        } catch (IOException | DatabaseException e) {
            LOG.warn(
                    "No watchdog for PostgreSQL {} ({}); if every Cairn on {} is killed, the server keeps running "
                            + "until the next Cairn starts there",
                    postmaster.pid(),
                    e.getMessage(),
                    dirs.dataDir());
        }
    }

    /**
     * Connects to a running server, waiting while it says it is starting up or recovering (57P03:
     * after a crash of one of its processes it restarts them and replays WAL), which is no reason
     * to stop it.
     */
    private Attached connectOnceReady(ProcessHandle postmaster, int port, String password) throws SQLException {
        long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
        while (true) {
            try {
                return connect(port, password, false);
            } catch (SQLException e) {
                if (!"57P03".equals(e.getSQLState()) || !postmaster.isAlive() || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseException(Phrase.of("db.interruptedRecovery", cluster));
            }
        }
    }

    private Attached connect(int port, String password, boolean started) throws SQLException {
        DataSource ds = dataSource(port, password);
        try (Connection c = ds.getConnection()) {
            String vector = Sql.ensureVector(c, Phrase.of("db.bundled"));
            if (started) {
                // A newer archive brings a newer pgvector; the cluster's extension follows it.
                vector = Sql.updateVector(c);
            }
            return new Attached(ds, Sql.queryString(c, "SHOW server_version"), vector, started);
        }
    }

    private void createAppDatabase(int port, String password) throws SQLException {
        PGSimpleDataSource admin = (PGSimpleDataSource) dataSource(port, password);
        admin.setDatabaseName("postgres");
        try (Connection c = admin.getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, BundledBackend.DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + BundledBackend.DATABASE);
            }
        }
    }

    static DataSource dataSource(int port, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(BundledBackend.DATABASE);
        ds.setUser(BundledBackend.SUPERUSER);
        ds.setPassword(password);
        ds.setApplicationName("cairn");
        return ds;
    }

    /**
     * The new cluster is renamed into place: an empty folder there is removed, and one holding an
     * unfinished cluster (from a version that ran initdb in place) is moved aside.
     */
    private void moveAsideIncompleteCluster() throws IOException {
        if (!Files.isDirectory(cluster)) {
            return;
        }
        try (var entries = Files.list(cluster)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(cluster);
                return;
            }
        }
        Path aside = cluster.resolveSibling(
                cluster.getFileName() + ".incomplete-" + Instant.now().getEpochSecond());
        LOG.warn("{} holds an unfinished cluster (no postgresql.conf); moving it to {}", cluster, aside);
        Files.move(cluster, aside);
    }

    /** Password logins from this machine only, rewritten on every start so it cannot drift to "trust". */
    private void writeHba() throws IOException {
        Files.writeString(cluster.resolve("pg_hba.conf"), """
                # Written by Cairn on every start: SCRAM password logins from this machine only.
                # TYPE  DATABASE  USER  ADDRESS       METHOD
                local   all       all                 scram-sha-256
                host    all       all   127.0.0.1/32  scram-sha-256
                host    all       all   ::1/128       scram-sha-256
                """, StandardCharsets.UTF_8);
    }

    /** The remembered port when it is still free, so restarts keep their address; otherwise a free one. */
    private static int choosePort(int remembered) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        if (remembered > 0) {
            try (ServerSocket _ = new ServerSocket(remembered, 1, loopback)) {
                return remembered;
            } catch (IOException taken) {
                LOG.info("Port {} is taken now; choosing another", remembered);
            }
        }
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            return probe.getLocalPort();
        } catch (IOException noLoopback) {
            // Let the server try and say why it cannot listen, in its own words.
            LOG.debug("No free port found on 127.0.0.1", noLoopback);
            return remembered > 0 ? remembered : 49152 + new java.util.Random().nextInt(16384);
        }
    }

    private int rememberedPort() {
        try {
            return readState()
                    .map(s -> Integer.parseInt(s.getProperty("port", "0").strip()))
                    .orElse(0);
        } catch (IOException | RuntimeException halfWritten) {
            return 0;
        }
    }

    private Optional<Properties> readState() throws IOException {
        Path file = dirs.dataDir().resolve(BundledBackend.STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return Optional.of(p);
    }

    private void writeState(int port) throws IOException {
        Properties p = new Properties();
        p.setProperty("port", Integer.toString(port));
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        Path file = PrivateFiles.createFile(dirs.dataDir().resolve(BundledBackend.STATE_FILE));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(
                    out,
                    "The bundled PostgreSQL of this data directory (written by the Cairn process that started it)");
        }
    }

    Path startLog() {
        return dirs.logsDir().resolve("postgres-start.log");
    }

    private static Map<String, String> machineSettings() {
        long memory = 8L << 30;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return ServerSettings.forMachine(memory, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Where the archive is unpacked: a per-user cache, shared by all data directories, outside
     * temp folders that the OS cleans behind a running server's back.
     */
    static Path binariesDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local == null ? home.resolve("AppData").resolve("Local") : Path.of(local))
                    .resolve("Cairn")
                    .resolve("cache")
                    .resolve("pg-bin");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("Cairn").resolve("pg-bin");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".cache") : Path.of(xdg))
                .resolve("cairn")
                .resolve("pg-bin");
    }
}
