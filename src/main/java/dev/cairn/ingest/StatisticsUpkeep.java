package dev.cairn.ingest;

import dev.cairn.store.ChunkStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the library's statistics ({@link ChunkStore#refreshStatistics}) after runs that changed
 * it enough to move them, off the person's path: the planner's, which autovacuum would refresh only
 * once it comes round, and the word counts full-text ranking reads, whose rows each run adds to and
 * which are folded into one a word (docs/decisions/0020, 0022, 0026).
 *
 * <p>One per library, shared by its imports and its watch: the changes of runs too small to matter
 * on their own add up until they are {@value #CHANGED_PERCENT}% of the chunks the last analysis
 * counted (a library never analysed is analysed after its first change). At most one analysis runs
 * at a time; {@link #close} waits for it, so the database is not closed under it. An analysis never
 * waits for a vector index build (whose lock on the chunks it conflicts with): it is put off, its
 * changes kept, until {@link #retry} (the build ended) or the next run.
 */
public final class StatisticsUpkeep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatisticsUpkeep.class);

    /** The share of the analysed chunks that must have changed before the statistics are refreshed. */
    static final int CHANGED_PERCENT = 5;
    /** What a removed document counts as, in changed chunks (a run knows the documents it removed, not their chunks). */
    static final int CHUNKS_PER_REMOVED_DOCUMENT = 10;
    /** How long {@link #close} waits for an analysis in progress (the server's sample is at most 30,000 chunks). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final ChunkStore store;
    private final Executor executor;
    private final Object lock = new Object();
    private long changed; // guarded by lock: chunks changed since the last analysis began
    private boolean running; // guarded by lock
    private boolean closed; // guarded by lock

    /** Analyses on a virtual thread of its own (it waits on the database server, which does the work). */
    public StatisticsUpkeep(ChunkStore store) {
        this(store, work -> Thread.ofVirtual().name("cairn-analyze").start(work));
    }

    /** @param executor runs each analysis ({@code Runnable::run} in tests) */
    StatisticsUpkeep(ChunkStore store, Executor executor) {
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** After a run has stored its text: counts what it stored or removed, and analyses when that is enough. */
    void afterRun(IngestSummary text) {
        if (text.indexed() == 0 && text.pruned() == 0) {
            return;
        }
        add(Math.max(1, text.chunks() + (long) CHUNKS_PER_REMOVED_DOCUMENT * text.pruned()));
    }

    /** Analyses now if an analysis was put off (or changes wait): a build that held the chunks ended. */
    public void retry() {
        add(0);
    }

    private void add(long chunks) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            changed += chunks;
            if (running || changed == 0) {
                return; // the analysis running looks again when it is done
            }
            running = true;
        }
        try {
            executor.execute(this::refreshWhileNeeded);
        } catch (RuntimeException e) {
            done();
            throw e;
        }
    }

    private void refreshWhileNeeded() {
        try {
            while (true) {
                long now;
                synchronized (lock) {
                    now = changed;
                    if (closed || now == 0) {
                        return;
                    }
                }
                if (!needed(now, store.analysedChunks())) {
                    return; // the changes are kept: later runs add to them
                }
                synchronized (lock) {
                    changed -= now;
                }
                if (!store.refreshStatistics()) {
                    synchronized (lock) {
                        changed += now; // a build or a vacuum holds the chunks: its end, or the next run, tries again
                    }
                    log.debug("The search statistics wait: a vector index build or a vacuum holds the chunks");
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not refresh the library's search statistics (autovacuum will): {}", e.getMessage());
        } finally {
            done();
        }
    }

    /** Whether {@code changed} chunks are enough to move the statistics of a library analysed at {@code analysed} chunks. */
    static boolean needed(long changed, long analysed) {
        return analysed < 0 || changed * 100 >= Math.max(1, analysed * CHANGED_PERCENT);
    }

    private void done() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
    }

    /** Stops taking runs and waits for an analysis in progress (at most 30 s, then leaves it to end on its own). */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        boolean interrupted = false;
        synchronized (lock) {
            closed = true;
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn(
                            "The search statistics were still being refreshed after {} s; not waiting longer",
                            CLOSE_WAIT.toSeconds());
                    break;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
