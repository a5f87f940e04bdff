package dev.cairn.ingest;

import dev.cairn.embed.Embedder;
import dev.cairn.platform.BackgroundPriority;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.EmbeddingQueue;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background embedding stage of progressive indexing: gives every chunk that has no vector yet
 * its vector, batch by batch, on one background thread, while the library is already searchable by
 * its words. It is the only place chunks are embedded: after an import, after a quit or a kill -9
 * in the middle (the chunks simply still have no vector), and after a switch of model (the old
 * vectors are cleared). No file is parsed again.
 *
 * <p><b>Text first.</b> The stage and the model's threads run below the background priority of an
 * import's readers and writer ({@link BackgroundPriority#LOWEST_NICE}): while an import stores text
 * the model takes only the time the import leaves, and all of it afterwards. {@link #holdForText}
 * stops it between batches altogether, for whoever needs the text alone (a benchmark, a test).
 *
 * <p>Progress is counted in chunks ({@link Progress}); listeners hear of it after each batch and
 * when the stage goes idle, on the stage's thread. The batches themselves go through
 * {@link EmbeddingLanes}.
 */
public final class SemanticIndexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SemanticIndexer.class);

    /** How long to wait before looking again when every waiting chunk is claimed by another process. */
    private static final long CLAIMED_ELSEWHERE_MILLIS = 1000;

    /**
     * Where the semantic index stands.
     *
     * @param chunks   every chunk in the library
     * @param waiting  chunks without a vector yet
     * @param embedded chunks this process gave vectors since it started
     * @param working  whether the stage is embedding now (not held, not idle)
     * @param problem  why embedding stopped, in words; {@code null} while all is well
     */
    public record Progress(long chunks, long waiting, long embedded, boolean working, String problem) {

        public static final Progress UNKNOWN = new Progress(0, 0, 0, false, null);

        public boolean complete() {
            return waiting == 0 && problem == null;
        }

        /** The counts alone. */
        public EmbeddingQueue.Coverage coverage() {
            return new EmbeddingQueue.Coverage(chunks, waiting);
        }

        /**
         * For people: "semantic index 62%, 4,120 chunks to go", "semantic index complete", or why it
         * paused; empty while the library has no chunks (or they were not counted yet).
         */
        public String describe() {
            if (chunks == 0 && problem == null) {
                return "";
            }
            if (problem != null) {
                return String.format(
                        Locale.ROOT,
                        "semantic index %d%%, paused: %s",
                        coverage().percent(),
                        Phrase.english(problem));
            }
            return coverage().describe();
        }
    }

    /** Keeps the stage waiting between batches until closed; see {@link #holdForText}. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private final ChunkStore store;
    private final EmbeddingLanes lanes;
    private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private int holds;
    private boolean wakeRequested;
    private boolean closed;
    private boolean busy;
    private Thread worker;
    private EmbeddingQueue queue; // the worker's own, for counting
    private Progress progress = Progress.UNKNOWN;
    private long embedded;

    /**
     * @param batchSize chunks per model call and per claim
     */
    public SemanticIndexer(ChunkStore store, Embedder embedder, int batchSize) {
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(embedder, "embedder");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.lanes = new EmbeddingLanes(store, embedder, batchSize);
    }

    /** There may be chunks without vectors: look, and embed them (starts the stage's thread on first use). */
    public void wake() {
        withLock(() -> {
            if (closed) {
                return;
            }
            wakeRequested = true;
            if (progress.problem() != null) {
                progress = new Progress(progress.chunks(), progress.waiting(), embedded, false, null); // tried again
            }
            if (worker == null) {
                worker = BackgroundPriority.lowest(Thread.ofPlatform()
                                .name("cairn-semantic-index")
                                .daemon()
                                .factory())
                        .newThread(this::run);
                worker.start();
            }
            changed.signalAll();
        });
    }

    /**
     * Holds the stage between batches until the hold is closed. Holds nest; the stage runs when
     * none is open.
     */
    public Hold holdForText() {
        withLock(() -> holds++);
        return new Hold() {
            private boolean released;

            @Override
            public void close() {
                withLock(() -> {
                    if (!released) {
                        released = true;
                        holds--;
                        changed.signalAll();
                    }
                });
            }
        };
    }

    /** The latest progress; cheap, no database call. */
    public Progress progress() {
        return readLocked(() -> progress);
    }

    /** Hears of progress after each batch and when the stage goes idle, on the stage's thread. */
    public void addListener(Consumer<Progress> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<Progress> listener) {
        listeners.remove(listener);
    }

    /**
     * Wakes the stage and waits until every chunk has its vector, embedding has stopped on a
     * problem, the stage is closed, or {@code control} is cancelled.
     *
     * @return the progress at the end
     */
    public Progress awaitComplete(IngestControl control) throws InterruptedException {
        wake();
        lock.lock();
        try {
            while (!closed
                    && !control.isCancelled()
                    && (busy || wakeRequested || progress.waiting() > 0)
                    && progress.problem() == null) {
                changed.await(200, TimeUnit.MILLISECONDS);
            }
            return progress;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the stage after the batch in flight (its chunks are stored, or given back) and waits for it. */
    @Override
    public void close() {
        Thread t = readLocked(() -> {
            closed = true;
            changed.signalAll();
            return worker;
        });
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        lanes.close();
    }

    private void run() {
        try (EmbeddingQueue queue = store.embeddingQueue()) {
            this.queue = queue;
            while (awaitWork()) {
                lanes.drain(this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            withLock(() -> {
                busy = false;
                changed.signalAll();
            });
        }
    }

    /** Waits for a wake with no hold open; false once closed. */
    private boolean awaitWork() throws InterruptedException {
        withLock(() -> {
            busy = false;
            if (progress.working()) {
                progress = new Progress(progress.chunks(), progress.waiting(), embedded, false, progress.problem());
            }
            changed.signalAll();
        });
        if (!awaitTurn(true)) {
            return false;
        }
        withLock(() -> {
            wakeRequested = false;
            busy = true;
            progress = new Progress(progress.chunks(), progress.waiting(), embedded, true, null);
        });
        return true;
    }

    /**
     * Waits until no hold is open (and, with {@code forWake}, a wake came); false once closed.
     * While an import holds the stage, the counts are read again every {@link EmbeddingLanes#RECOUNT_NANOS},
     * so that what people see ("4,120 chunks to go") grows with the text the import stores. Not at every
     * wake: an import wakes the stage at each document it commits, and two counts of the whole table a
     * document took a third of the server's work in the text stage.
     */
    boolean awaitTurn(boolean forWake) throws InterruptedException {
        long nextCount = System.nanoTime() + EmbeddingLanes.RECOUNT_NANOS;
        while (true) {
            boolean due;
            lock.lock();
            try {
                if (closed) {
                    return false;
                }
                boolean held = holds > 0;
                if (!held && (!forWake || wakeRequested)) {
                    return true;
                }
                if (held) {
                    if (progress.working()) {
                        progress = new Progress(progress.chunks(), progress.waiting(), embedded, false, null);
                    }
                    long left = nextCount - System.nanoTime();
                    if (left > 0) {
                        changed.awaitNanos(left);
                    }
                } else {
                    changed.await();
                }
                due = holds > 0 && !closed && System.nanoTime() - nextCount >= 0;
            } finally {
                lock.unlock();
            }
            if (due) {
                nextCount = System.nanoTime() + EmbeddingLanes.RECOUNT_NANOS;
                try {
                    publish(count(), null);
                } catch (RuntimeException e) {
                    log.debug("could not count the chunks without vectors", e);
                }
            }
        }
    }

    /** Counts a batch's chunks as embedded by this process. */
    void embedded(int done) {
        withLock(() -> embedded += done);
    }

    /** Counts on the stage's own session (the store's warm ones are for searches). */
    EmbeddingQueue.Coverage count() {
        return queue.coverage();
    }

    boolean sleepUnlessClosed() throws InterruptedException {
        lock.lock();
        try {
            if (!closed) {
                changed.await(CLAIMED_ELSEWHERE_MILLIS, TimeUnit.MILLISECONDS);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    void publish(EmbeddingQueue.Coverage coverage, String problem) {
        publish(coverage.chunks(), coverage.waiting(), problem);
    }

    void publish(long chunks, long waiting, String problem) {
        Progress p = readLocked(() -> {
            progress = new Progress(chunks, waiting, embedded, problem == null && holds == 0, problem);
            changed.signalAll();
            return progress;
        });
        for (Consumer<Progress> l : listeners) {
            try {
                l.accept(p);
            } catch (RuntimeException e) {
                log.warn("A semantic index listener failed", e);
            }
        }
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T readLocked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
