package dev.cairn.ingest;

import dev.cairn.embed.Embedder;
import dev.cairn.platform.BackgroundPriority;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.EmbeddingQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the {@link SemanticIndexer} embeds: claimed batches through the model into the database, two
 * in flight at once, each on a session of its own. While one waits for its claim, its cache look-up
 * or its {@code UPDATE}, the other keeps the model busy (see ADR 0013 for what one batch after the
 * other cost).
 */
final class EmbeddingLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingLanes.class);

    /** How often the counts are read again from the database while embedding (other processes add chunks too). */
    static final long RECOUNT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ChunkStore store;
    private final Embedder embedder;
    private final int batchSize;
    private ExecutorService pool; // guarded by this

    EmbeddingLanes(ChunkStore store, Embedder embedder, int batchSize) {
        this.store = store;
        this.embedder = embedder;
        this.batchSize = batchSize;
    }

    /** Embeds until nothing is left that this process can take, telling {@code stage} how it goes. */
    void drain(SemanticIndexer stage) throws InterruptedException {
        Future<Integer> previous = null;
        try (EmbeddingQueue first = store.embeddingQueue();
                EmbeddingQueue second = store.embeddingQueue()) {
            EmbeddingQueue[] lanes = {first, second};
            int lane = 0;
            try {
                long lastCount = System.nanoTime();
                stage.publish(stage.count(), null);
                while (stage.awaitTurn(false)) {
                    EmbeddingQueue.Batch batch = lanes[lane].claim(embedder.modelId(), batchSize);
                    if (batch.isEmpty()) {
                        batch.close();
                        if (previous != null) { // what is left may be the other lane's: finish it, then look again
                            finish(stage, previous.get(), lastCount);
                            previous = null;
                            continue;
                        }
                        EmbeddingQueue.Coverage left = stage.count();
                        stage.publish(left, null);
                        if (left.waiting() > 0 && stage.sleepUnlessClosed()) {
                            continue; // claimed by another Cairn process: look again soon
                        }
                        return;
                    }
                    Future<Integer> current = pool().submit(() -> embed(batch));
                    if (previous != null) {
                        if (finish(stage, previous.get(), lastCount)) {
                            lastCount = System.nanoTime();
                        }
                    }
                    previous = current;
                    lane ^= 1;
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String problem = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                log.warn("The semantic index stopped: {}", Phrase.english(problem), cause);
                stage.publish(stage.progress().chunks(), stage.progress().waiting(), problem);
            } catch (RuntimeException e) {
                String problem = e.getMessage() == null ? e.toString() : e.getMessage();
                log.warn("The semantic index stopped: {}", Phrase.english(problem), e);
                stage.publish(stage.progress().chunks(), stage.progress().waiting(), problem);
            } finally {
                if (previous != null) {
                    try {
                        finish(stage, previous.get(), System.nanoTime());
                    } catch (ExecutionException | RuntimeException e) {
                        log.debug("the last batch in flight failed", e);
                    }
                }
            }
        }
    }

    /** One claimed batch through the model into the database; on a lane thread. */
    private int embed(EmbeddingQueue.Batch batch) {
        try (batch) {
            List<String> texts = new ArrayList<>(batch.chunks().size());
            batch.chunks().forEach(c -> texts.add(c.modelText()));
            batch.complete(embedder.embedAll(texts));
            return texts.size();
        }
    }

    /** Counts a finished batch and says so; true when the counts were read again from the database. */
    private static boolean finish(SemanticIndexer stage, int done, long lastCount) {
        stage.embedded(done);
        if (System.nanoTime() - lastCount > RECOUNT_NANOS) {
            stage.publish(stage.count(), null);
            return true;
        }
        SemanticIndexer.Progress p = stage.progress();
        stage.publish(new EmbeddingQueue.Coverage(p.chunks(), Math.max(0, p.waiting() - done)), null);
        return false;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(
                    2,
                    BackgroundPriority.lowest(Thread.ofPlatform()
                            .name("cairn-semantic-lane-", 1)
                            .daemon()
                            .factory()));
        }
        return pool;
    }

    /** Lets the lane threads go once their batches are done. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
