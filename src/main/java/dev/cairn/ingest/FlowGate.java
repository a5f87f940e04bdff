package dev.cairn.ingest;

import dev.cairn.platform.MemoryGovernor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory bound between reading and writing: chunks hold bytes of this gate from when a reader
 * hands them on until the writer has sent them to the database. A reader waits while the chunks in
 * flight would pass the capacity, or while the memory governor throttles, but only while some are
 * in flight: then the embed and write stages are still at work and their progress frees memory
 * and wakes it. With nothing in flight, waiting could free nothing and would stall the run.
 */
final class FlowGate implements AutoCloseable {

    private final long capacity;
    private final MemoryGovernor governor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Runnable unsubscribe;
    private long inFlight; // guarded by lock
    private long peak; // guarded by lock

    FlowGate(long capacityBytes, MemoryGovernor governor) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException(
                    "the bytes queued between pipeline stages must be positive; got " + capacityBytes);
        }
        this.capacity = capacityBytes;
        this.governor = governor;
        this.unsubscribe = governor.addListener(event -> {
            if (event.kind() == MemoryGovernor.ThrottleEvent.Kind.END) {
                signal();
            }
        });
    }

    /** Takes {@code bytes}, waiting while that would pass the capacity or memory is short (see above). */
    void acquire(long bytes) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight > 0 && (inFlight + bytes > capacity || governor.isThrottled())) {
                changed.await();
            }
            inFlight += bytes;
            peak = Math.max(peak, inFlight);
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            inFlight -= bytes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes that were in flight at once. */
    long peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        unsubscribe.run();
    }
}
