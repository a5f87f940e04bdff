package dev.cairn.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value built on first use, exactly once: the first caller builds it, everyone arriving
 * meanwhile waits on the same future. A failed build is forgotten so a later call can retry.
 * The composition root makes its services this way, and the embedder its model session.
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private final AtomicReference<CompletableFuture<T>> value = new AtomicReference<>();
    private volatile Duration buildTime;

    public Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        CompletableFuture<T> current = value.get();
        if (current == null) {
            CompletableFuture<T> mine = new CompletableFuture<>();
            CompletableFuture<T> theirs = value.compareAndExchange(null, mine);
            if (theirs == null) {
                build(mine);
                current = mine;
            } else {
                current = theirs;
            }
        }
        try {
            return current.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private void build(CompletableFuture<T> mine) {
        long start = System.nanoTime();
        try {
            T built = factory.get();
            buildTime = Duration.ofNanos(System.nanoTime() - start);
            mine.complete(built);
        } catch (Throwable t) {
            value.compareAndSet(mine, null);
            mine.completeExceptionally(t);
        }
    }

    public boolean isBuilt() {
        CompletableFuture<T> current = value.get();
        return current != null && current.isDone() && !current.isCompletedExceptionally();
    }

    public Optional<Duration> buildTime() {
        return Optional.ofNullable(buildTime);
    }

    /** Runs {@code action} on the value if it was built; never builds it. */
    public void ifBuilt(Consumer<T> action) {
        peek().ifPresent(action);
    }

    /** The value if it was built already; never builds it. */
    public Optional<T> peek() {
        return isBuilt() ? Optional.of(value.get().join()) : Optional.empty();
    }
}
