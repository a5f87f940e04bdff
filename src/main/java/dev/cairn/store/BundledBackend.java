package dev.cairn.store;

import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's own PostgreSQL: the archive {@link PgBundle} finds, unpacked once per user, with a
 * persistent, password-protected cluster in {@link AppDirs#pgData()}.
 *
 * <p>Any number of Cairn processes share the one server of a data directory (the window, {@code
 * ingest}, {@code watch}, {@code search}...). Each holds a shared lock on {@link ServerLock#CLIENTS}
 * for as long as it has the database open. Whoever finds no server running starts it, under
 * {@link ServerLock#START}, and later ones attach to it; the server belongs to nobody in
 * particular. The last client to close stops it; a {@link ServerWatchdog} stops it when the last
 * clients died without closing. A client that finds the server gone (a crash, a kill) starts or
 * re-attaches to it on its next connection, see {@link #heal()}. docs/decisions/0011-shared-server.md
 * has the reasoning.
 *
 * <p>This class holds the locks and this process's attachment; finding, starting and connecting
 * to the server is {@link BundledServer}'s.
 */
final class BundledBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(BundledBackend.class);

    static final String SUPERUSER = "postgres";
    static final String DATABASE = "cairn";
    static final String LOCK_FILE = ServerLock.FILE;
    static final String SECRET_FILE = "postgres.secret";
    static final String STATE_FILE = "postgres.properties";

    /** Clusters open in this JVM: a second channel on the lock file would drop our POSIX locks when closed. */
    private static final Map<Path, BundledBackend> OPEN_IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final AppDirs dirs;
    private final Path cluster;
    private final BundledServer server;

    // Guarded by this.
    private FileChannel lockChannel;
    private FileLock clientLock;
    private FileLock legacyLock;
    private volatile DataSource current;

    BundledBackend(AppDirs dirs) {
        this.dirs = dirs;
        this.cluster = dirs.pgData();
        this.server = new BundledServer(dirs);
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
            throw new DatabaseException(Phrase.of("db.openTwice", cluster));
        }
        boolean keep = false;
        FileChannel channel = null;
        try {
            int tightened = PrivateFiles.secureDataDir(dirs.dataDir());
            if (tightened > 0) {
                LOG.info("Made {} files and folders in {} private to their owner", tightened, dirs.dataDir());
            }
            PrivateFiles.createDirectories(dirs.logsDir());
            channel = ServerLock.open(dirs.dataDir());
            BundledServer.Attached attached;
            // Blocks only while another process starts, attaches to or stops the server.
            try (FileLock _ = channel.lock(ServerLock.START, 1, false)) {
                FileLock client = channel.lock(ServerLock.CLIENTS, 1, true);
                try {
                    attached = server.attachOrStart(channel);
                } catch (IOException | RuntimeException e) {
                    client.release();
                    throw e;
                }
                lockChannel = channel;
                clientLock = client;
                legacyLock = tryLegacyOwner(channel);
                current = attached.dataSource();
                keep = true;
            }
            return new Running(
                    new HealingDataSource(this),
                    Duration.ofNanos(System.nanoTime() - t0),
                    attached.postgresVersion(),
                    attached.pgvectorVersion(),
                    attached.started());
        } catch (OverlappingFileLockException e) {
            throw new DatabaseException(Phrase.of("db.lockedTwice", cluster), e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DatabaseException(Phrase.of("db.noWriteAccess", e.getFile(), cluster, dirs.dataDir()), e);
        } catch (IOException e) {
            throw new DatabaseException(
                    Phrase.of(
                            String.valueOf(e.getMessage()).contains("No space left")
                                    ? "db.cannotStartDiskFull"
                                    : "db.cannotStart",
                            cluster,
                            e,
                            server.startLog()),
                    e);
        } finally {
            if (!keep) {
                closeQuietly(channel);
                OPEN_IN_THIS_PROCESS.remove(cluster, this);
            }
        }
    }

    /**
     * Leaves the server: stops it when no other process uses it, otherwise leaves it running for
     * them. Holding {@link ServerLock#START} while deciding means nobody attaches in between.
     */
    @Override
    public synchronized void stop() {
        if (lockChannel == null) {
            OPEN_IN_THIS_PROCESS.remove(cluster, this);
            return;
        }
        try (FileLock _ = lockChannel.lock(ServerLock.START, 1, false)) {
            clientLock.release();
            clientLock = null;
            if (legacyLock != null) {
                legacyLock.release();
                legacyLock = null;
            }
            try (FileLock everyone = lockChannel.tryLock(ServerLock.CLIENTS, 1, false)) {
                if (everyone != null) {
                    Optional<ProcessHandle> postmaster = PgPrograms.postmaster(cluster);
                    if (postmaster.isPresent() && PgPrograms.stop(postmaster.get(), cluster, server.startLog())) {
                        LOG.info("Stopped PostgreSQL in {}", cluster);
                    }
                } else {
                    LOG.info("Leaving PostgreSQL in {} running for the other Cairn processes that use it", cluster);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Leaving PostgreSQL in {} failed: {}", cluster, e.toString());
        } finally {
            closeQuietly(lockChannel);
            lockChannel = null;
            current = null;
            OPEN_IN_THIS_PROCESS.remove(cluster, this);
        }
    }

    /**
     * The server went away under us (a crash, a kill, a stop by an older Cairn): attach to the one
     * another client has started meanwhile, or start it again. We still hold our client lock, so
     * the server cannot be stopped on purpose while we use it.
     */
    synchronized void heal() {
        if (lockChannel == null) {
            throw new DatabaseException(Phrase.of("db.closed", cluster));
        }
        try (FileLock _ = lockChannel.lock(ServerLock.START, 1, false)) {
            current = server.attachOrStart(lockChannel).dataSource();
            if (legacyLock == null) {
                legacyLock = tryLegacyOwner(lockChannel);
            }
        } catch (IOException e) {
            throw new DatabaseException(Phrase.of("db.cannotRestart", cluster, e), e);
        }
    }

    /** Not blocking: an older Cairn that owns the server holds the region exclusively until it exits. */
    private FileLock tryLegacyOwner(FileChannel channel) {
        try {
            return channel.tryLock(ServerLock.LEGACY_OWNER, 1, true);
        } catch (IOException e) {
            LOG.debug("No shared lock on the region older versions own the server with", e);
            return null;
        }
    }

    /** Where the server runs now; throws once this backend is stopped. */
    DataSource current() {
        DataSource ds = current;
        if (ds == null) {
            throw new DatabaseException(Phrase.of("db.closed", cluster));
        }
        return ds;
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
