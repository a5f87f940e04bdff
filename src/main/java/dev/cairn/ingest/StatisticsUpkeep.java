package dev.cairn.ingest;

import dev.cairn.store.ChunkStore;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the statistics full-text ranking reads ({@link ChunkStore#refreshStatistics}) after a
 * run that changed the library, off the person's path: the words' frequencies changed, and until
 * autovacuum comes round the ranking reads the library as it was, or, never analysed, ranks every
 * match (docs/decisions/0020).
 */
final class StatisticsUpkeep {

    private static final Logger log = LoggerFactory.getLogger(StatisticsUpkeep.class);

    private final ChunkStore store;
    private volatile Executor executor = StatisticsUpkeep::inBackground;

    StatisticsUpkeep(ChunkStore store) {
        this.store = store;
    }

    void runOn(Executor executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    /** After a run has stored its text: refreshes when it stored or removed a document. */
    void afterRun(IngestSummary text) {
        if (text.indexed() > 0 || text.pruned() > 0) {
            executor.execute(this::refresh);
        }
    }

    private void refresh() {
        try {
            store.refreshStatistics();
        } catch (RuntimeException e) {
            log.warn("Could not refresh the library's search statistics (autovacuum will): {}", e.getMessage());
        }
    }

    private static void inBackground(Runnable work) {
        Thread.ofVirtual().name("cairn-analyze").start(work); // it waits on the database server, which does the work
    }
}
