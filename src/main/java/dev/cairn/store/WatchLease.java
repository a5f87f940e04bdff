package dev.cairn.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to watch a library's folders, held by one Cairn process at a time (the window or
 * {@code cairn watch run}), so that two processes never read the same change twice. It is a
 * session-level advisory lock held on a session of its own, in the server every process of the
 * library shares: the server lets go of it when the holder closes, loses its session or dies
 * (kill -9 included), and the next process that asks takes it over. Two keys of four bytes, so it
 * can never meet a {@link PathClaims} key (one of eight bytes: PostgreSQL keeps the two kinds apart).
 * Thread-safe.
 */
public final class WatchLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchLease.class);

    /** Cairn's class of lock (as in {@link PathClaims}' seed) and this lock within it. */
    private static final String KEY = "5502, 1";

    private final DataSource dataSource;
    private Connection session; // guarded by this
    private boolean held; // guarded by this

    public WatchLease(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * True when this process holds the lease: still (its session is alive) or from now on (nobody
     * held it). False while another process holds it, or when the database cannot be reached; asking
     * again later is how a process takes over from one that stopped. Never waits for the holder.
     */
    public synchronized boolean holdOrTake() {
        try {
            if (session != null && !session.isValid(5)) {
                LOG.info("The session holding the watch was lost; asking for the watch again");
                drop();
            }
            if (held) {
                return true;
            }
            if (session == null) {
                session = dataSource.getConnection();
            }
            try (Statement st = session.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                rs.next();
                held = rs.getBoolean(1);
            }
            return held;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not ask for the watch", e);
            drop();
            return false;
        }
    }

    /** Whether this process held the lease at its last {@link #holdOrTake}. */
    public synchronized boolean held() {
        return held;
    }

    /** Lets go of the lease (closing its session lets go of the lock); another process may take it. */
    @Override
    public synchronized void close() {
        drop();
    }

    private void drop() {
        held = false;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debug("Closing the watch session failed", e);
            }
            session = null;
        }
    }
}
