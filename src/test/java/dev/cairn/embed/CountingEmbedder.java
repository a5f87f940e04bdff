package dev.cairn.embed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The real model, counting the calls and texts that reach it; optionally holding calls until released. */
public final class CountingEmbedder implements Embedder {

    private final Embedder real;
    private final CountDownLatch gate;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger texts = new AtomicInteger();

    public CountingEmbedder(Embedder real) {
        this(real, new CountDownLatch(0));
    }

    /** Every model call waits for {@code gate} to open, so callers pile up while it is in flight. */
    CountingEmbedder(Embedder real, CountDownLatch gate) {
        this.real = real;
        this.gate = gate;
    }

    @Override
    public ModelSpec model() {
        return real.model();
    }

    @Override
    public List<float[]> embedInputs(List<String> batch) {
        calls.incrementAndGet();
        texts.addAndGet(batch.size());
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return real.embedInputs(batch);
    }

    @Override
    public ModelTokenizer tokenizer() {
        return real.tokenizer();
    }

    @Override
    public Optional<Duration> loadTime() {
        return real.loadTime();
    }

    @Override
    public void close() {
        // the real model is shared between tests
    }
}
