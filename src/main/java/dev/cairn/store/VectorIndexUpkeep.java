package dev.cairn.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * lock builds; a {@link #check} elsewhere finds the lock taken and says so, a {@link #request}ed one
 * waits for that build in the background (looking each second) and then looks again. In one
 * process, requests made while a check runs are folded into one more check after it. A check that
 * changes nothing reads no vector: a probe of the index of chunks without one, the catalog, and the
 * planner's row estimate. {@link #close} cancels every statement of a check in progress (a build
 * leaves an INVALID index, which the next check drops) and returns once it has stopped.
 */
public final class VectorIndexUpkeep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VectorIndexUpkeep.class);

    /** Cairn's class of lock (as in {@link WatchLease}) and this lock within it. */
    static final String KEY = "5502, 2";

    private static final int CLOSE_WAIT_SECONDS = 30;
    /** How often {@link #close} cancels again while a check has not stopped. */
    private static final long RECANCEL_MILLIS = 100;
    /** How often a requested check looks whether another process's build has ended. */
    private static final long POLL_MILLIS = 1_000;

    /** What one check did. */
    public sealed interface Outcome {}

    /**
     * The library has the index its setting asks for (or one close enough); nothing was built.
     *
     * @param vectors about how many vectors it has: the planner's estimate, counted only when it has none
     */
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
    private final Map<IndexBuild.Handle, Thread> inFlight =
            new HashMap<>(); // guarded by lock: checks and their threads
    private volatile Runnable afterBuild = () -> {};
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
     * Runs {@code listener} each time a build of this library ends, here or (seen after waiting for
     * it) in another process, except when closing: work the build's lock on the chunks kept off
     * (the statistics' analysis) can follow.
     */
    public VectorIndexUpkeep afterBuild(Runnable listener) {
        this.afterBuild = Objects.requireNonNull(listener, "listener");
        return this;
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
        try {
            while (true) {
                synchronized (lock) {
                    again = false;
                    if (closed) {
                        return;
                    }
                }
                try {
                    Outcome outcome = check(true);
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
            }
        }
    }

    /**
     * Looks at the library now, on the caller's thread, and builds or drops the index its setting
     * asks for; returns once that is done (a build takes seconds to minutes). While another process
     * builds it returns {@link Reason#BUILT_ELSEWHERE} at once.
     */
    public Outcome check() {
        return check(false);
    }

    private Outcome check(boolean waitForOthers) {
        IndexBuild.Handle handle = new IndexBuild.Handle();
        synchronized (lock) {
            if (closed) {
                return new Deferred(Reason.CLOSED);
            }
            inFlight.put(handle, Thread.currentThread());
        }
        try (Connection session = dataSource.getConnection()) {
            if (!tryLock(session)) {
                known = state(session);
                if (!waitForOthers) {
                    return new Deferred(Reason.BUILT_ELSEWHERE);
                }
                // Polled, not waited for in pg_advisory_lock: a statement waiting holds a snapshot, and
                // CREATE INDEX CONCURRENTLY waits for every older snapshot to end (which would be never).
                do {
                    synchronized (lock) {
                        if (closed) {
                            return new Deferred(Reason.CLOSED);
                        }
                        lock.wait(POLL_MILLIS); // close() wakes it
                    }
                } while (!tryLock(session));
                afterBuild.run();
            }
            try {
                return checkHoldingLock(session, handle);
            } finally {
                unlock(session);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Deferred(Reason.CLOSED);
        } catch (SQLException | RuntimeException e) {
            if (handle.cancelled()) {
                return new Deferred(Reason.CLOSED);
            }
            throw e instanceof SQLException sql
                    ? new StoreException("check the vector index", sql)
                    : (RuntimeException) e;
        } finally {
            synchronized (lock) {
                inFlight.remove(handle);
                lock.notifyAll();
            }
        }
    }

    private Outcome checkHoldingLock(Connection session, IndexBuild.Handle handle) throws SQLException {
        if (VectorIndexCatalog.anyChunkWithoutVector(session)) {
            return new Deferred(Reason.EMBEDDING);
        }
        VectorIndexCatalog.Facts facts = VectorIndexCatalog.facts(session);
        IndexTuner.Kind kind = policy.get();
        VectorIndex current = facts.index();
        // The estimate decides a keep; a change is worth an exact count, the build costs far more.
        long vectors = facts.estimate() >= 0 ? facts.estimate() : IndexBuild.vectorCount(session);
        Optional<VectorIndex> target = change(vectors, kind, current, facts.valid());
        if (target.isPresent() && facts.estimate() >= 0) {
            vectors = IndexBuild.vectorCount(session);
            target = change(vectors, kind, current, facts.valid());
        }
        if (target.isEmpty()) {
            if (facts.leftover()) {
                LOG.info("Dropping the unfinished vector index a stopped build left");
                try (Statement st = session.createStatement()) {
                    handle.execute(st, "DROP INDEX CONCURRENTLY IF EXISTS " + VectorIndex.BUILD_NAME);
                }
            }
            known = new State(current, Optional.empty());
            return new Kept(current, vectors);
        }
        synchronized (lock) {
            if (closed) { // closed while this check waited for the lock or looked
                return new Deferred(Reason.CLOSED);
            }
        }
        VectorIndex index = target.get();
        LOG.info("Building the vector index {} for {} vectors (was {})", index, vectors, current);
        known = new State(current, Optional.of(index));
        long t0 = System.nanoTime();
        boolean built = false;
        try {
            IndexBuild.replace(dataSource, index, handle);
            built = true;
        } finally {
            known = new State(built ? index : current, Optional.empty());
            store.indexChanged();
            if (!handle.cancelled()) {
                afterBuild.run();
            }
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
        return VectorIndexCatalog.state(c);
    }

    /**
     * The index as this process's last check left it, or the one it is building now, without asking
     * the database (cheap enough for the status bar's tick); empty before the first check.
     */
    public Optional<State> known() {
        return Optional.ofNullable(known);
    }

    /**
     * Cancels the checks in flight, every statement they would still run included, and waits for
     * them to stop (at most {@value #CLOSE_WAIT_SECONDS} s). A build stopped half-way leaves its
     * INVALID index for the next check to drop: dropping it now would wait for every transaction on
     * the chunks, and the person is quitting.
     */
    @Override
    public void close() {
        long until = System.nanoTime() + Duration.ofSeconds(CLOSE_WAIT_SECONDS).toNanos();
        Thread me = Thread.currentThread();
        while (true) {
            List<IndexBuild.Handle> handles;
            synchronized (lock) {
                closed = true;
                handles = List.copyOf(inFlight.keySet());
                lock.notifyAll(); // a check waiting for another process's build stops waiting
            }
            // Again each round: a cancel that came as a statement was being sent can miss it.
            handles.forEach(IndexBuild.Handle::cancel);
            synchronized (lock) {
                if (inFlight.values().stream().allMatch(me::equals)) {
                    return;
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("The vector index check did not stop within {} s; not waiting longer", CLOSE_WAIT_SECONDS);
                    return;
                }
                try {
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, RECANCEL_MILLIS)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
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

    /** Releases the build's lock; false (logged: a bug) when this session did not hold it. */
    static boolean unlock(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_advisory_unlock(" + KEY + ")")) {
            boolean held = rs.next() && rs.getBoolean(1);
            if (!held) {
                LOG.warn(
                        "The vector index build's lock ({}) was not held when released: two builds may have run at once",
                        KEY);
            }
            return held;
        }
    }
}
