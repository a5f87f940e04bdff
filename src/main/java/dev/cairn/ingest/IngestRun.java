package dev.cairn.ingest;

import dev.cairn.platform.MemoryGovernor;
import dev.cairn.platform.Phrase;
import dev.cairn.store.DatabaseUnavailable;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.PathClaims;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters of one ingest run, the progress reports built from them, and why it stopped early, if it did. */
final class IngestRun {

    private static final Logger log = LoggerFactory.getLogger(IngestRun.class);

    final int total;
    final IngestPipeline.Listener listener;
    final IngestControl control;
    final Runnable stored; // a document's chunks were committed
    final PathClaims claims;
    private final Path storage;
    final List<Path> deferred = Collections.synchronizedList(new ArrayList<>()); // another import was parsing them
    final long startNanos = System.nanoTime();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger indexed = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicLong chunks = new AtomicLong();
    final ConcurrentLinkedQueue<IngestResult.Failed> failures = new ConcurrentLinkedQueue<>();
    final AtomicReference<String> current = new AtomicReference<>();
    final AtomicReference<String> stoppedBy = new AtomicReference<>();
    final Map<String, DocumentRecord> known = new HashMap<>(); // written before the readers start
    /** Of the {@link #known} documents, those with a part that waited for Tesseract; written before the readers start. */
    final Set<Long> partsWaitingForOcr = new HashSet<>();

    volatile boolean prefetched;
    volatile long peakQueuedBytes;
    final CountDownLatch done = new CountDownLatch(1);

    /**
     * @param storage where the database keeps its files, to name a full disk; may be null
     */
    IngestRun(
            int total,
            IngestPipeline.Listener listener,
            IngestControl control,
            Runnable stored,
            PathClaims claims,
            Path storage) {
        this.total = total;
        this.listener = listener;
        this.control = control;
        this.stored = stored;
        this.claims = claims;
        this.storage = storage;
    }

    void start(Path file) {
        started.incrementAndGet();
        current.set(file.toString());
    }

    void finish(IngestResult result) {
        switch (result) {
            case IngestResult.Indexed i -> indexed.incrementAndGet();
            case IngestResult.Skipped s -> skipped.incrementAndGet();
            case IngestResult.Failed f -> failures.add(f);
            case IngestResult.NotFollowed n -> {
                report(n);
                return;
            }
        }
        claims.release(result.path().toString()); // its outcome is stored: another import may look
        finished.incrementAndGet();
        listener.result(result);
    }

    /** An outcome that is not one of the run's files (an entry not followed): said, not counted. */
    void report(IngestResult result) {
        listener.result(result);
    }

    /**
     * When {@code e} means the database itself is gone (server stopped, connection refused, disk
     * full), stops the whole run: no file is reported failed for a reason that is not its own, and
     * the reason is said once, in the summary. False for a failure of one document.
     */
    boolean stopIfDatabaseGone(RuntimeException e) {
        Optional<String> why = DatabaseUnavailable.reason(e, storage);
        if (why.isEmpty()) {
            return false;
        }
        if (stoppedBy.compareAndSet(null, why.get())) {
            log.error("Stopping the import: {}", Phrase.english(why.get()), e);
        }
        control.cancel();
        return true;
    }

    /** Why the run stopped before its end, with what to do next; null when it ran to its end or a person cancelled it. */
    String stopped() {
        String stopped = stoppedBy.get();
        if (stopped == null) {
            return null;
        }
        int left = total - finished.get();
        boolean disk = Phrase.args(stopped, "db.stoppedAnswering") == null;
        return Phrase.of(
                disk
                        ? (left == 1 ? "ingest.stoppedDiskOne" : "ingest.stoppedDisk")
                        : (left == 1 ? "ingest.stoppedOne" : "ingest.stopped"),
                stopped,
                left);
    }

    void tickUntilDone(MemoryGovernor governor) {
        try {
            while (!done.await(500, TimeUnit.MILLISECONDS)) {
                emitProgress(governor);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void emitProgress(MemoryGovernor governor) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        int doneFiles = finished.get();
        double rate = seconds > 0 ? chunks.get() / seconds : 0;
        Duration eta = doneFiles == 0 || seconds < 1
                ? null
                : Duration.ofMillis((long) (seconds * 1000 * (total - doneFiles) / doneFiles));
        listener.progress(new IngestProgress(
                doneFiles, total, chunks.get(), rate, eta, current.get(), governor.isThrottled(), control.isPaused()));
    }
}
