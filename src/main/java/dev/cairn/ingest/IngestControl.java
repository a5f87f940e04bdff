package dev.cairn.ingest;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Pause, resume and cancel for a running ingest; safe to call from any thread (the UI's included). */
public final class IngestControl {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean paused;
    private volatile boolean cancelled;

    public void pause() {
        setPaused(true);
    }

    public void resume() {
        setPaused(false);
    }

    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while paused; returns false when the run was cancelled. */
    boolean awaitRunning() throws InterruptedException {
        lock.lock();
        try {
            while (paused && !cancelled) {
                changed.await();
            }
            return !cancelled;
        } finally {
            lock.unlock();
        }
    }

    private void setPaused(boolean value) {
        lock.lock();
        try {
            paused = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
