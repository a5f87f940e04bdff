package dev.cairn.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

    private static final ModelSpec MODEL = ModelSpec.ALL_MINILM_L6_V2;

    private static CachingEmbedder.Builder cacheOver(Embedder model) {
        return CachingEmbedder.builder(model).executor(Runnable::run);
    }

    @Test
    void hundredConcurrentRequestsForOneTextMakeExactlyOneModelCall() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountingEmbedder counting = new CountingEmbedder(RealModels.get(MODEL), gate);
        CachingEmbedder cache = cacheOver(counting).build();
        CountDownLatch allAsking = new CountDownLatch(100);
        List<Future<float[]>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                answers.add(callers.submit(() -> {
                    allAsking.countDown();
                    return cache.embed("the same question, asked a hundred times");
                }));
            }
            allAsking.await();
            gate.countDown();
            float[] first = answers.getFirst().get();
            for (Future<float[]> answer : answers) {
                assertThat(answer.get()).isEqualTo(first);
            }
        }
        assertThat(counting.calls).hasValue(1);
        assertThat(counting.texts).hasValue(1);
        assertThat(cache.stats().hits() + cache.stats().misses()).isEqualTo(100);
    }

    @Test
    void duplicatesInsideOneBatchAreComputedOnce() {
        CountingEmbedder counting = new CountingEmbedder(RealModels.get(MODEL));
        CachingEmbedder cache = cacheOver(counting).build();

        List<float[]> vectors = cache.embedAll(List.of("north", "south", "north", "north"));

        assertThat(counting.texts).hasValue(2);
        assertThat(vectors).hasSize(4);
        assertThat(vectors.get(2)).isEqualTo(vectors.get(0)).isEqualTo(vectors.get(3));
        assertThat(vectors.get(1)).isNotEqualTo(vectors.get(0));
    }

    @Test
    void overlappingConcurrentBatchesComputeEachDistinctTextOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountingEmbedder counting = new CountingEmbedder(RealModels.get(MODEL), gate);
        CachingEmbedder cache = cacheOver(counting).build();
        List<List<String>> batches = List.of(
                List.of("alpha", "beta", "gamma"), List.of("beta", "gamma", "delta"),
                List.of("gamma", "delta", "alpha", "epsilon"), List.of("alpha", "alpha"));
        CountDownLatch allAsking = new CountDownLatch(batches.size());
        List<Future<List<float[]>>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<String> batch : batches) {
                answers.add(callers.submit(() -> {
                    allAsking.countDown();
                    return cache.embedAll(batch);
                }));
            }
            allAsking.await();
            gate.countDown();
            for (Future<List<float[]>> answer : answers) {
                assertThat(answer.get()).hasSize(answer == answers.get(2) ? 4 : answer == answers.get(3) ? 2 : 3);
            }
        }

        assertThat(counting.texts).hasValue(5);
        assertThat(answers.get(0).get().get(1)).isEqualTo(answers.get(1).get().get(0));
    }

    @Test
    void keysAreSha256OfTheTextSoTextsWithEqualJavaHashCodesStayApart() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        CountingEmbedder counting = new CountingEmbedder(RealModels.get(MODEL));
        CachingEmbedder cache = cacheOver(counting).build();

        float[] aa = cache.embed("Aa");
        float[] bb = cache.embed("BB");

        assertThat(counting.texts).hasValue(2);
        assertThat(aa).isNotEqualTo(bb);
    }

    @Test
    void statsCountHitsMissesAndBytes() {
        CachingEmbedder cache =
                cacheOver(new CountingEmbedder(RealModels.get(MODEL))).build();

        cache.embed("once");
        cache.embed("once");
        cache.embed("twice");

        CacheStats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(2);
        assertThat(stats.hitRate()).isEqualTo(1.0 / 3);
        assertThat(stats.entries()).isEqualTo(2);
        assertThat(stats.bytes()).isEqualTo(2 * (200 + 4 * 384));
        assertThat(stats.maxBytes()).isEqualTo(CachingEmbedder.DEFAULT_MAX_BYTES);
        assertThat(stats.computed()).isEqualTo(2);
    }

    @Test
    void theCacheStaysWithinItsByteBoundByEvicting() {
        long tenVectors = 10 * (200 + 4 * 384);
        CachingEmbedder cache = cacheOver(new CountingEmbedder(RealModels.get(MODEL)))
                .maxBytes(tenVectors)
                .build();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            texts.add("passage number " + i);
        }

        cache.embedAll(texts);

        CacheStats stats = cache.stats();
        assertThat(stats.bytes()).isLessThanOrEqualTo(tenVectors);
        assertThat(stats.entries()).isLessThanOrEqualTo(10);
        assertThat(stats.evictions()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void vectorsExpireAfterTheTimeToLive() {
        FakeTicker clock = new FakeTicker();
        CountingEmbedder counting = new CountingEmbedder(RealModels.get(MODEL));
        CachingEmbedder cache =
                cacheOver(counting).ticker(clock).ttl(Duration.ofHours(1)).build();

        cache.embed("weather report");
        clock.advance(Duration.ofMinutes(59));
        cache.embed("weather report");
        assertThat(counting.texts).hasValue(1);

        clock.advance(Duration.ofMinutes(2));
        cache.embed("weather report");
        assertThat(counting.texts).hasValue(2);
    }

    @Test
    void thePersistentCacheIsReadBeforeTheModelAndFilledAfterIt() {
        InMemoryVectorCache store = new InMemoryVectorCache();
        CountingEmbedder firstModel = new CountingEmbedder(RealModels.get(MODEL));
        List<float[]> computed =
                cacheOver(firstModel).vectorCache(store).build().embedAll(List.of("one", "two", "three"));
        assertThat(store.size(MODEL.id())).isEqualTo(3);

        // A fresh process: empty memory, the same store.
        CountingEmbedder secondModel = new CountingEmbedder(RealModels.get(MODEL));
        CachingEmbedder restarted = cacheOver(secondModel).vectorCache(store).build();
        List<float[]> again = restarted.embedAll(List.of("one", "two", "three", "four"));

        assertThat(secondModel.texts).hasValue(1);
        assertThat(again.subList(0, 3)).containsExactlyElementsOf(computed);
        assertThat(store.size(MODEL.id())).isEqualTo(4);
        assertThat(restarted.stats().storeHits()).isEqualTo(3);
        assertThat(restarted.stats().computed()).isEqualTo(1);
    }

    @Test
    void aFailingPersistentCacheSlowsThingsDownButNeverFailsTheEmbedding() {
        VectorCache down = new VectorCache() {
            @Override
            public Map<String, float[]> getAll(String modelId, Collection<String> textSha256Hex) {
                throw new IllegalStateException("database is down");
            }

            @Override
            public void putAll(String modelId, Map<String, float[]> vectorsBySha256Hex) {
                throw new IllegalStateException("database is down");
            }
        };
        CountingEmbedder counting = new CountingEmbedder(RealModels.get(MODEL));

        float[] v = cacheOver(counting).vectorCache(down).build().embed("still works");

        assertThat(v).hasSize(384);
        assertThat(counting.texts).hasValue(1);
    }

    @Test
    void callersCannotCorruptCachedVectors() {
        CachingEmbedder cache =
                cacheOver(new CountingEmbedder(RealModels.get(MODEL))).build();
        float[] first = cache.embed("immutable");
        float[] copy = first.clone();
        first[0] = 42;

        assertThat(cache.embed("immutable")).isEqualTo(copy);
    }

    @Test
    void theStandardEmbedderIsTheDefaultModelBehindTheCacheAndTheStore() {
        InMemoryVectorCache store = new InMemoryVectorCache();
        try (CachingEmbedder standard = Embedders.standard(ModelSpec.DEFAULT, store)) {
            assertThat(standard.loadTime()).isEmpty();

            float[] v = standard.embed("the standard setup");

            assertThat(v).isEqualTo(RealModels.get(ModelSpec.DEFAULT).embed("the standard setup"));
            assertThat(standard.loadTime()).isPresent();
            assertThat(store.size(ModelSpec.DEFAULT.id())).isEqualTo(1);
            assertThat(standard.stats().maxBytes()).isEqualTo(64L * 1024 * 1024);
        }
    }

    private static final class FakeTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }
}
