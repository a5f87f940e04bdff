package dev.cairn.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a library the vector index its setting asks for (AUTO: the one {@link IndexTuner#recommend}
 * names for the data size), once its embedding has caught up: never while chunks still wait for
 * their vectors (an HNSW graph kept up to date would slow every vector write), and only when the
 * library lacks the kind it should have. A library that grows keeps its HNSW graph, which pgvector
 * keeps up on insert; an IVFFlat index is rebuilt only when the lists its size calls for are
 * twice or half those it has. The build is {@link IndexBuild}'s ({@code CREATE INDEX
 * CONCURRENTLY}: searches and writes go on), then the search settings are tuned to the recall
 * target ({@link IndexTuner#tune}).
 *
 * <p>Of all the processes on one library (ADR 0011) only the one holding a session-level advisory
 * lock builds; the others find the lock taken and leave it. In one process, requests made while a
 * check runs are folded into one more check after it. {@link #close} cancels a build in progress;
 * its INVALID leftover is dropped by the next build.
 */
public final class VectorIndexUpkeep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VectorIndexUpkeep.class);

    /** Cairn's class of lock (as in {@link WatchLease}) and this lock within it. */
    private static final String KEY = "5502, 2";

    /** What one check did. */
    public sealed interface Outcome {}

    /** The library has the index its setting asks for (or one close enough); nothing was built. */
    public record Kept(VectorIndex index, long vectors) implements Outcome {}

    /** The index was built (or dropped, for {@link VectorIndex.None}) and searches were tuned to it. */
    public record Built(VectorIndex index, long vectors, Duration took, double recall, SearchSettings settings)
            implements Outcome {}

    /** Nothing was looked at: chunks still wait for vectors, or another process holds the build. */
    public record Deferred(Reason reason) implements Outcome {}

    public enum Reason {
        EMBEDDING,
        BUILT_ELSEWHERE,
        CLOSED
    }

    /**
     * The vector index as it stands, for people.
     *
     * @param index    the index searches use now
     * @param building the index being built now (by any process), empty when none is
     */
    public record State(VectorIndex index, Optional<VectorIndex> building) {}

    private final DataSource dataSource;
    private final ChunkStore store;
    private final Supplier<IndexTuner.Kind> policy;
    private final Executor executor;
    private final IndexTuner tuner;
    private final Object lock = new Object();
    private boolean running; // guarded by lock
    private boolean again; // guarded by lock
    private boolean closed; // guarded by lock
    private Thread worker; // guarded by lock: the thread of the check in flight
    private volatile Statement build; // the statement a build in flight runs on
    private volatile State known; // as this process's last check left it; null before the first

    /**
     * @param policy   read at each check, so that a changed setting applies to the next
     * @param executor runs the checks {@link #request} asks for ({@code Runnable::run} in tests)
     */
    public VectorIndexUpkeep(
            DataSource dataSource, ChunkStore store, Supplier<IndexTuner.Kind> policy, Executor executor) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.tuner = new IndexTuner(dataSource, store, IndexTuner.Options.DEFAULT);
    }

    /** Checks on a virtual thread of its own (it waits on the database server, which does the work). */
    public VectorIndexUpkeep(DataSource dataSource, ChunkStore store, Supplier<IndexTuner.Kind> policy) {
        this(
                dataSource,
                store,
                policy,
                work -> Thread.ofVirtual().name("cairn-vector-index").start(work));
    }

    /**
     * The index the library should get instead of {@code current}, or empty to keep it. Below
     * {@link IndexTuner#EXACT_SCAN_MAX_ROWS} vectors nothing is built, and an index a library has
     * (it shrank) is kept: dropping it would only mean building it again when it grows.
     */
    public static Optional<VectorIndex> change(long vectors, IndexTuner.Kind kind, VectorIndex current, boolean valid) {
        if (kind == IndexTuner.Kind.NONE) {
            return current instanceof VectorIndex.None && valid
                    ? Optional.empty()
                    : Optional.of(new VectorIndex.None());
        }
        VectorIndex wanted = IndexTuner.recommend(vectors, kind).index();
        if (!valid) {
            return Optional.of(wanted);
        }
        return switch (wanted) {
            case VectorIndex.None none -> Optional.empty();
            case VectorIndex.Hnsw h -> current instanceof VectorIndex.Hnsw ? Optional.empty() : Optional.of(h);
            case VectorIndex.IvfFlat f ->
                current instanceof VectorIndex.IvfFlat(int lists) && lists * 2 > f.lists() && f.lists() * 2 > lists
                        ? Optional.empty()
                        : Optional.of(f);
        };
    }

    /**
     * Asks for a check soon, on the executor: the embedding caught up, or the setting changed. A
     * request while a check runs makes one more check after it, never two at once.
     */
    public void request() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (running) {
                again = true;
                return;
            }
            running = true;
        }
        try {
            executor.execute(this::checkWhileAsked);
        } catch (RuntimeException e) {
            synchronized (lock) {
                running = false;
            }
            throw e;
        }
    }

    private void checkWhileAsked() {
        synchronized (lock) {
            worker = Thread.currentThread();
        }
        try {
            while (true) {
                synchronized (lock) {
                    again = false;
                    if (closed) {
                        return;
                    }
                }
                try {
                    Outcome outcome = check();
                    LOG.debug("Vector index check: {}", outcome);
                } catch (RuntimeException e) {
                    LOG.warn("Could not give the library its vector index: {}", e.getMessage());
                }
                synchronized (lock) {
                    if (!again || closed) {
                        return;
                    }
                }
            }
        } finally {
            synchronized (lock) {
                running = false;
                worker = null;
                lock.notifyAll();
            }
        }
    }

    /**
     * Looks at the library now, on the caller's thread, and builds or drops the index its setting
     * asks for; returns once that is done (a build takes seconds to minutes).
     */
    public Outcome check() {
        synchronized (lock) {
            if (closed) {
                return new Deferred(Reason.CLOSED);
            }
        }
        try (Connection session = dataSource.getConnection()) {
            if (!tryLock(session)) {
                return new Deferred(Reason.BUILT_ELSEWHERE);
            }
            try {
                return checkHoldingLock(session);
            } finally {
                try (Statement st = session.createStatement()) {
                    st.execute("SELECT pg_advisory_unlock(" + KEY + ")");
                }
            }
        } catch (SQLException e) {
            throw new StoreException("check the vector index", e);
        }
    }

    private Outcome checkHoldingLock(Connection session) throws SQLException {
        long[] counts = counts(session);
        if (counts[1] > 0) {
            return new Deferred(Reason.EMBEDDING);
        }
        long vectors = counts[0];
        VectorIndex current = VectorIndex.parse(definition(session, VectorIndex.NAME));
        Optional<VectorIndex> target = change(vectors, policy.get(), current, valid(session));
        if (target.isEmpty()) {
            known = new State(current, Optional.empty());
            return new Kept(current, vectors);
        }
        VectorIndex index = target.get();
        LOG.info("Building the vector index {} for {} vectors (was {})", index, vectors, current);
        known = new State(current, Optional.of(index));
        long t0 = System.nanoTime();
        boolean built = false;
        try {
            IndexBuild.replace(dataSource, index, statement -> build = statement);
            built = true;
        } finally {
            build = null;
            known = new State(built ? index : current, Optional.empty());
            store.indexChanged();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        IndexTuner.Tuning tuning = tuner.tune();
        if (!(index instanceof VectorIndex.None)) {
            store.useSearchSettings(tuning.settings(), true);
        }
        LOG.info(
                "Vector index {} ready in {} ms: recall@10 {} with ef_search {}, probes {}",
                index,
                took.toMillis(),
                String.format(java.util.Locale.ROOT, "%.3f", tuning.recall()),
                tuning.settings().efSearch(),
                tuning.settings().probes());
        return new Built(index, vectors, took, tuning.recall(), tuning.settings());
    }

    /** The index searches use now and the one being built, by this process or another. */
    public State state() {
        return Jdbc.withConnection(dataSource, "read the vector index", VectorIndexUpkeep::state);
    }

    /** {@link #state()} on a session of the caller's (the doctor's, which has no store). */
    public static State state(Connection c) throws SQLException {
        VectorIndex current = VectorIndex.parse(definition(c, VectorIndex.NAME));
        String building = definition(c, VectorIndex.BUILD_NAME);
        // An index under the build's name whose builder is gone (a kill -9) is a leftover, not a build.
        if (building != null && !lockHeld(c)) {
            building = null;
        }
        return new State(current, Optional.ofNullable(building).map(VectorIndex::parse));
    }

    /**
     * The index as this process's last check left it, or the one it is building now, without asking
     * the database (cheap enough for the status bar's tick); empty before the first check.
     */
    public Optional<State> known() {
        return Optional.ofNullable(known);
    }

    /** Cancels a build in flight (the next one drops its leftover) and waits for the check to end. */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = worker;
        }
        Statement st = build;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException e) {
                LOG.debug("Could not cancel the vector index build", e);
            }
        }
        if (running != null && running != Thread.currentThread()) {
            synchronized (lock) {
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (worker != null && System.nanoTime() < until) {
                    try {
                        lock.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Whether some session, this one or another process's, holds the build's lock now. */
    private static boolean lockHeld(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND granted AND objsubid = 2 AND (classid, objid) = (" + KEY + "))")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The active model's vectors, and its chunks still without one. */
    private static long[] counts(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT count(embedding), count(*) - count(embedding) FROM chunks""")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static String definition(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_get_indexdef(to_regclass(?)::oid)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** False only for an index that exists and is INVALID (a build that stopped half-way). */
    private static boolean valid(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
            ps.setString(1, VectorIndex.NAME);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        }
    }
}
