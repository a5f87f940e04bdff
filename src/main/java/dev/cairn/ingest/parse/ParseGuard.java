package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one parse on a worker thread under a time budget, so a hostile file can hang or blow up
 * only its own worker. The clock only runs while the parser itself works: time the sink spends
 * downstream (embedding, storing) is not charged to the file. When the budget is spent the worker
 * is interrupted and abandoned: the caller gets its answer at once, and the emitter refuses any
 * further block from that worker.
 */
final class ParseGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ParseGuard.class);
    private static final long MIN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** The work to guard; it gets the watch to wrap its sink with. */
    interface Job {
        ParseOutcome run(Watch watch) throws Exception;
    }

    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoTime;

    ParseGuard(Executor workers, ScheduledExecutorService timer, LongSupplier nanoTime) {
        this.workers = workers;
        this.timer = timer;
        this.nanoTime = nanoTime;
    }

    ParseOutcome run(String fileName, long budgetNanos, Job job) throws InterruptedException {
        Watch watch = new Watch(nanoTime, budgetNanos);
        CompletableFuture<ParseOutcome> result = watch.result;
        try {
            workers.execute(() -> work(fileName, job, watch));
        } catch (RejectedExecutionException e) {
            return new ParseOutcome.Failed(FailureReason.UNREADABLE, Phrase.of("parse.shuttingDown", fileName));
        }
        watch.arm(timer, fileName);
        try {
            return result.get();
        } catch (ExecutionException e) {
            // work() completes normally in every case; this is a bug, reported as a failure of this file only.
            LOG.error("parse guard failed for {}", fileName, e.getCause());
            return new ParseOutcome.Failed(FailureReason.CORRUPT, Phrase.of("parse.couldNotRead", e.getCause()));
        } catch (InterruptedException e) {
            watch.abandon();
            throw e;
        } finally {
            watch.disarm();
        }
    }

    private static void work(String fileName, Job job, Watch watch) {
        watch.attach(Thread.currentThread());
        ParseOutcome outcome;
        try {
            outcome = job.run(watch);
        } catch (DocumentException e) {
            outcome = e.toOutcome();
        } catch (java.util.concurrent.CancellationException e) {
            outcome = null; // the watch already completed with the timeout
        } catch (OutOfMemoryError e) {
            outcome = new ParseOutcome.Failed(FailureReason.RESOURCE_LIMIT, Phrase.of("parse.outOfMemory"));
        } catch (StackOverflowError e) {
            outcome = new ParseOutcome.Failed(FailureReason.CORRUPT, Phrase.of("parse.tooDeep"));
        } catch (java.nio.file.NoSuchFileException e) {
            outcome = new ParseOutcome.Failed(FailureReason.UNREADABLE, Phrase.of("parse.gone"));
        } catch (java.nio.file.AccessDeniedException e) {
            outcome = new ParseOutcome.Failed(FailureReason.UNREADABLE, Phrase.of("parse.denied"));
        } catch (java.io.InterruptedIOException e) {
            outcome = null; // interrupted by the timeout: the watch already holds the outcome
        } catch (java.io.IOException e) {
            outcome = new ParseOutcome.Failed(FailureReason.CORRUPT, Phrase.of("parse.looksDamaged", describe(e)));
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.warn("parser failed on {}", fileName, e);
            outcome = new ParseOutcome.Failed(FailureReason.CORRUPT, Phrase.of("parse.readerError", describe(e)));
        } finally {
            watch.release();
        }
        // null: stopped by an interrupt. Usually the timeout already answered; if not (Cairn shutting
        // down), this answers, so no caller waits forever. complete() keeps the first answer.
        watch.result.complete(
                outcome != null
                        ? outcome
                        : new ParseOutcome.Failed(FailureReason.UNREADABLE, Phrase.of("parse.stopped")));
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // Libraries nest their causes' names in their messages ("org.apache.poi...POIXMLException:
        // org.xml.sax.SAXParseException; lineNumber: 1; ..."): a person needs the words, not the classes.
        String words = EXCEPTION_NAME
                .matcher(m)
                .replaceAll("")
                .replaceAll("lineNumber: (\\d+); columnNumber: (\\d+); ", "line $1, column $2: ")
                .strip();
        return words.isEmpty() ? m.strip() : words;
    }

    /** A qualified exception class name and what follows it ("java.io.IOException: "). */
    private static final java.util.regex.Pattern EXCEPTION_NAME =
            java.util.regex.Pattern.compile("(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?:; |: |;)?");

    /** The state shared by the worker, the caller and the timer for one parse. */
    static final class Watch {
        private final LongSupplier nanoTime;
        private final long budgetNanos;
        private final long startedAt;
        private final ReentrantLock lock = new ReentrantLock();
        final CompletableFuture<ParseOutcome> result = new CompletableFuture<>();
        Thread worker; // guarded by lock
        private long sinkNanos;
        private long inSinkSince = -1;
        private volatile boolean abandoned;
        private volatile java.util.concurrent.ScheduledFuture<?> check;

        Watch(LongSupplier nanoTime, long budgetNanos) {
            this.nanoTime = nanoTime;
            this.budgetNanos = budgetNanos;
            this.startedAt = nanoTime.getAsLong();
        }

        void attach(Thread thread) {
            lock.lock();
            try {
                worker = thread;
            } finally {
                lock.unlock();
            }
        }

        boolean abandoned() {
            return abandoned;
        }

        /** Passes a block downstream; the time it takes there is not charged to the parser. */
        void deliver(Consumer<Block> sink, Block block) {
            deliver(() -> sink.accept(block));
        }

        /** Runs downstream work (handing on blocks); the time it takes is not charged to the parser. */
        void deliver(Runnable downstream) {
            lock.lock();
            try {
                if (abandoned) {
                    throw new java.util.concurrent.CancellationException("parse abandoned");
                }
                inSinkSince = nanoTime.getAsLong();
            } finally {
                lock.unlock();
            }
            try {
                downstream.run();
            } finally {
                lock.lock();
                try {
                    sinkNanos += nanoTime.getAsLong() - inSinkSince;
                    inSinkSince = -1;
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Parser time so far: wall time less the time spent in the sink. */
        long parserNanos() {
            long now = nanoTime.getAsLong();
            long inSink = inSinkSince < 0 ? 0 : now - inSinkSince;
            return now - startedAt - sinkNanos - inSink;
        }

        void arm(ScheduledExecutorService timer, String fileName) {
            schedule(timer, fileName, budgetNanos);
        }

        private void schedule(ScheduledExecutorService timer, String fileName, long delayNanos) {
            if (result.isDone()) {
                return;
            }
            try {
                check = timer.schedule(
                        () -> expireIfSpent(timer, fileName), Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.warn("parse timer is shut down; {} runs without a time limit", fileName);
            }
        }

        /** Fires when the budget could be spent; if the sink took part of that time, looks again later. */
        private void expireIfSpent(ScheduledExecutorService timer, String fileName) {
            long left;
            lock.lock();
            try {
                if (result.isDone()) {
                    return;
                }
                left = budgetNanos - parserNanos();
                if (left <= 0) {
                    abandoned = true;
                    // Answer before the interrupt: the interrupted worker also completes the result,
                    // and the first answer wins, so it must be this one.
                    result.complete(
                            new ParseOutcome.Failed(FailureReason.TIMED_OUT, Phrase.of("parse.timedOut", limit())));
                    if (worker != null) {
                        worker.interrupt(); // under the lock: release() cannot have handed the thread back yet
                    }
                }
            } finally {
                lock.unlock();
            }
            if (left > 0) {
                // the sink had part of the time; look again when the rest could be spent, but not in a tight
                // loop while the sink holds the worker (its time does not count, so `left` stays put)
                schedule(timer, fileName, Math.max(left, MIN_RECHECK_NANOS));
                return;
            }
            LOG.warn("parser for {} ran past {} and was abandoned", fileName, Phrase.english(limit()));
        }

        private String limit() {
            return budgetNanos >= 1_000_000_000L
                    ? Phrase.of("duration.seconds", TimeUnit.NANOSECONDS.toSeconds(budgetNanos))
                    : Phrase.of("duration.milliseconds", TimeUnit.NANOSECONDS.toMillis(budgetNanos));
        }

        void abandon() {
            lock.lock();
            try {
                abandoned = true;
                if (worker != null) {
                    worker.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        /** The worker is done with this parse: no interrupt may reach it from now on. */
        void release() {
            lock.lock();
            try {
                worker = null;
            } finally {
                lock.unlock();
            }
            Thread.interrupted(); // a pooled worker must not carry our interrupt into its next task
        }

        void disarm() {
            var c = check;
            if (c != null) {
                c.cancel(false);
            }
        }
    }
}
