package dev.cairn.embed;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Embedder} that computes each distinct text once: from memory, else from the persistent
 * {@link VectorCache} if one is given, else from the model, storing what it computed in both.
 *
 * <p>Entries are keyed by (model id, SHA-256 of the exact model input: the text with the model's
 * query or passage prefix). An added model's id carries a fingerprint of its files, so a changed
 * model never finds the vectors of the one before. The memory cache holds futures,
 * so a text requested while it is being computed joins that computation: concurrent callers,
 * duplicates within one batch and overlapping batches all cost one model call per distinct text.
 */
public final class CachingEmbedder implements Embedder {

    /** 64 MB of vectors: about 37,000 vectors of 384 floats. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    /** Key, map node and array header: an estimate, so the byte bound errs on the safe side. */
    private static final int ENTRY_OVERHEAD_BYTES = 200;

    private static final Logger log = LoggerFactory.getLogger(CachingEmbedder.class);

    private record Key(String modelId, String sha256Hex) {}

    private final Embedder model;
    private final VectorCache store;
    private final AsyncCache<Key, float[]> memory;
    private final long maxBytes;
    private final AtomicLong storeHits = new AtomicLong();
    private final AtomicLong computed = new AtomicLong();

    private CachingEmbedder(Builder b) {
        this.model = b.model;
        this.store = b.store;
        this.maxBytes = b.maxBytes;
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumWeight(b.maxBytes)
                .ticker(b.ticker)
                .executor(b.executor)
                .recordStats();
        if (b.ttl != null) {
            builder.expireAfterWrite(b.ttl);
        }
        this.memory = builder.<Key, float[]>weigher((key, vector) -> ENTRY_OVERHEAD_BYTES + Float.BYTES * vector.length)
                .buildAsync();
    }

    /** A cache in front of {@code model}, with the defaults: 64 MB, one hour, no persistent store. */
    public static Builder builder(Embedder model) {
        return new Builder(model);
    }

    @Override
    public ModelSpec model() {
        return model.model();
    }

    @Override
    public ModelTokenizer tokenizer() {
        return model.tokenizer();
    }

    @Override
    public Optional<Duration> loadTime() {
        return model.loadTime();
    }

    @Override
    public TokenCount tokenCount() {
        return model.tokenCount();
    }

    /** The model's own run, past both caches and into neither. */
    @Override
    public float[] embedQueryAfresh(String query) {
        return model.embedQueryAfresh(query);
    }

    @Override
    public List<float[]> embedInputs(List<String> texts) {
        String modelId = model.modelId();
        List<Key> keys = new ArrayList<>(texts.size());
        Map<Key, String> textOf = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException(
                        "Text " + i + " of " + texts.size() + " is null; pass \"\" for no text.");
            }
            Key key = new Key(modelId, TextHash.sha256Hex(text));
            keys.add(key);
            textOf.putIfAbsent(key, text);
        }
        Map<Key, float[]> vectors;
        try {
            // Computed on the calling thread; callers asking for the same keys meanwhile wait on its futures.
            vectors = memory.getAll(
                            textOf.keySet(),
                            (missing, executor) -> CompletableFuture.completedFuture(load(missing, textOf)))
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        List<float[]> out = new ArrayList<>(keys.size());
        for (Key key : keys) {
            out.add(vectors.get(key).clone()); // callers may scale or reuse their arrays; the cache's stay intact
        }
        return out;
    }

    private Map<Key, float[]> load(Set<? extends Key> missing, Map<Key, String> textOf) {
        Map<Key, float[]> found = new HashMap<>();
        List<Key> toCompute = new ArrayList<>(missing);
        if (store != null) {
            toCompute.clear();
            Map<String, float[]> stored = readStore(missing);
            for (Key key : missing) {
                float[] v = stored.get(key.sha256Hex());
                if (v != null && v.length == model.dimension()) {
                    found.put(key, v);
                } else {
                    toCompute.add(key);
                }
            }
            storeHits.addAndGet(found.size());
        }
        if (!toCompute.isEmpty()) {
            List<float[]> vectors =
                    model.embedInputs(toCompute.stream().map(textOf::get).toList());
            computed.addAndGet(toCompute.size());
            Map<String, float[]> bySha = new HashMap<>();
            for (int i = 0; i < toCompute.size(); i++) {
                found.put(toCompute.get(i), vectors.get(i));
                bySha.put(toCompute.get(i).sha256Hex(), vectors.get(i));
            }
            writeStore(bySha);
        }
        return found;
    }

    /** The persistent store speeds things up; when it fails, the model still answers. */
    private Map<String, float[]> readStore(Set<? extends Key> keys) {
        try {
            return store.getAll(
                    model.modelId(), keys.stream().map(Key::sha256Hex).toList());
        } catch (RuntimeException e) {
            log.warn(
                    "Reading the persistent embedding cache failed; computing {} vectors instead: {}",
                    keys.size(),
                    e.getMessage());
            return Map.of();
        }
    }

    private void writeStore(Map<String, float[]> bySha) {
        if (store == null) {
            return;
        }
        try {
            store.putAll(model.modelId(), bySha);
        } catch (RuntimeException e) {
            log.warn("Storing {} vectors in the persistent embedding cache failed: {}", bySha.size(), e.getMessage());
        }
    }

    /** Hits, misses, evictions, size and bytes, for the CLI and the UI. */
    public CacheStats stats() {
        memory.synchronous().cleanUp();
        return statsAsTheyStand();
    }

    /**
     * {@link #stats()} without first settling the cache's pending upkeep (evictions, expiry), so the
     * size may lag a little: cheap enough for the status bar's tick on the FX thread, where the upkeep
     * held the thread for frames while an import embedded (docs/decisions/0013, bench window).
     */
    public CacheStats statsAsTheyStand() {
        var sync = memory.synchronous();
        com.github.benmanes.caffeine.cache.stats.CacheStats s = sync.stats();
        long bytes =
                sync.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
        return new CacheStats(
                s.hitCount(),
                s.missCount(),
                s.evictionCount(),
                sync.estimatedSize(),
                bytes,
                maxBytes,
                storeHits.get(),
                computed.get());
    }

    /** Closes the model underneath. */
    @Override
    public void close() {
        model.close();
    }

    /** Settings of a {@link CachingEmbedder}; each has a sensible default. */
    public static final class Builder {

        private final Embedder model;
        private VectorCache store;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration ttl = DEFAULT_TTL;
        private Ticker ticker = Ticker.systemTicker();
        private Executor executor = ForkJoinPool.commonPool();

        private Builder(Embedder model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The persistent store consulted after memory and before the model; none by default. */
        public Builder vectorCache(VectorCache store) {
            this.store = store;
            return this;
        }

        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("The embedding cache size must be 0 or more bytes, not " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** How long a vector stays in memory after it was computed; {@code null} for no limit. */
        public Builder ttl(Duration ttl) {
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new IllegalArgumentException("The embedding cache time-to-live must be positive, not " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** The clock for the time-to-live; tests pass a fake one. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Where the cache runs its housekeeping; tests pass {@code Runnable::run}. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public CachingEmbedder build() {
            return new CachingEmbedder(this);
        }
    }
}
