package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Cairn process parses which file, when several import into one library at once (the window,
 * {@code cairn ingest}, {@code cairn watch}): a file is parsed by the one that claims it, and the
 * others find it stored when the claim ends. A claim is a session-level advisory lock on the
 * file's path, held on a session of its own, so the server lets go of every claim of a process
 * that dies, kill -9 included: nothing is ever left claimed.
 *
 * <p>Claims are per import: two imports in one process are as separate as two processes. Safe
 * for the import's reader and writer threads at once.
 */
public final class PathClaims implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PathClaims.class);

    /** How long one wait for another claim blocks in the server before the waiter looks up again. */
    private static final String WAIT_SLICE = "1s";

    private static final String KEY =
            "hashtextextended(?, 5501)"; // a path's lock key; the seed keeps Cairn's keys apart

    private final DataSource dataSource;
    private final Set<String> held = new HashSet<>(); // guarded by this
    private Connection session; // guarded by this

    PathClaims(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Claims {@code path} for this import; false while another import holds it. Never waits. */
    public synchronized boolean tryClaim(String path) {
        if (held.contains(path)) {
            return true;
        }
        try (PreparedStatement ps = session().prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    held.add(path);
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            drop();
            throw new StoreException("Could not claim " + path + " for this import: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until no other import holds {@code path}, then claims it; false when {@code stop}
     * said to give up first. The wait blocks in the server, on one session of its own for the
     * whole wait, a second at a time so that a stop is heard; it is logged once.
     */
    public boolean claim(String path, BooleanSupplier stop) {
        if (tryClaim(path)) {
            return true;
        }
        LOG.info("Waiting for another import to finish {}", path);
        try (Connection waiter = dataSource.getConnection();
                Statement s = waiter.createStatement()) {
            s.execute("SET lock_timeout = '" + WAIT_SLICE + "'");
            do {
                if (stop.getAsBoolean()) {
                    return false;
                }
                awaitRelease(waiter, path);
            } while (!tryClaim(path));
            return true;
        } catch (SQLException e) {
            throw new StoreException("Could not wait for another import's claim on " + path + ": " + e.getMessage(), e);
        }
    }

    /** Lets go of {@code path}; nothing when this import does not hold it. */
    public synchronized void release(String path) {
        if (!held.remove(path) || session == null) {
            return;
        }
        try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(" + KEY + ")")) {
            ps.setString(1, path);
            ps.executeQuery().close();
        } catch (SQLException e) {
            // The session is broken: dropping it lets go of every claim at once.
            LOG.debug("releasing the claim on {} failed; dropping the claims session", path, e);
            drop();
        }
    }

    @Override
    public synchronized void close() {
        drop();
    }

    /** Blocks on {@code waiter} until the holder of {@code path} lets go, or for one slice of the wait. */
    private static void awaitRelease(Connection waiter, String path) throws SQLException {
        try (PreparedStatement ps =
                waiter.prepareStatement("SELECT pg_advisory_lock(" + KEY + "), pg_advisory_unlock(" + KEY + ")")) {
            ps.setString(1, path);
            ps.setString(2, path);
            ps.executeQuery().close();
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) { // lock_not_available: the slice ended, look again
                throw e;
            }
        }
    }

    private Connection session() throws SQLException {
        if (session == null) {
            session = dataSource.getConnection();
        }
        return session;
    }

    private void drop() {
        held.clear();
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debug("closing the claims session failed", e);
            }
            session = null;
        }
    }
}
