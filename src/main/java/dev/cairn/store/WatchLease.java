package dev.cairn.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
            return take();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not ask for the watch", e);
            drop();
            return false;
        }
    }

    /**
     * What a look at the watch list found.
     *
     * @param folders the list, by path
     * @param held    whether this process holds the lease: asked for while the list has a folder, let go
     *                of (the session kept) while it has none
     */
    public record Look(List<WatchedFolder> folders, boolean held) {
        public Look {
            folders = List.copyOf(folders);
        }
    }

    /**
     * Reads {@code list} on the lease's own session, which stays open between looks (a look every
     * few seconds then costs one short query, not a new connection and its log-in), and holds or takes
     * the lease while the list has a folder; with none, lets another process have it. A lost session
     * is noticed by the query itself: the lease is then let go of and the failure thrown, and the next
     * look opens a session again.
     *
     * @throws StoreException when the database cannot be reached; the lease is not held then
     */
    public synchronized Look look(WatchedFolders list) {
        try {
            if (session == null) {
                session = dataSource.getConnection();
            }
            List<WatchedFolder> folders = list.list(session);
            if (folders.isEmpty()) {
                if (held) {
                    try (Statement st = session.createStatement()) {
                        st.execute("SELECT pg_advisory_unlock(" + KEY + ")");
                    }
                    held = false;
                }
                return new Look(folders, false);
            }
            return new Look(folders, held || take());
        } catch (SQLException | RuntimeException e) {
            drop();
            throw new StoreException("Could not look at the watch list: " + e.getMessage(), e);
        }
    }

    private boolean take() throws SQLException {
        try (Statement st = session.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
            rs.next();
            held = rs.getBoolean(1);
        }
        return held;
    }

    /** Whether this process held the lease at its last {@link #holdOrTake} or {@link #look}. */
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
