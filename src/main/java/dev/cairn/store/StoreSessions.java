package dev.cairn.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What the parts of one {@link ChunkStore} share: the data source that writes open their own
 * sessions on, the few warm sessions that reads borrow ({@link WarmConnections}), and the
 * generation that every write moves on ({@link ChunkStore#generation()}).
 */
final class StoreSessions {

    /** Warm sessions kept for searches; a handful covers the UI, the CLI and a benchmark. */
    private static final int WARM_CONNECTIONS = 4;

    private final DataSource dataSource;
    private final WarmConnections reads;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong documentGeneration = new AtomicLong();

    StoreSessions(DataSource dataSource, Supplier<SearchSettings> settings) {
        this.dataSource = dataSource;
        this.reads = new WarmConnections(dataSource, WARM_CONNECTIONS, settings);
    }

    DataSource dataSource() {
        return dataSource;
    }

    WarmConnections reads() {
        return reads;
    }

    long generation() {
        return generation.get();
    }

    /** The writes other than vectors and their index: what the library's documents are may have changed. */
    long documentGeneration() {
        return documentGeneration.get();
    }

    /** Counts a write that cached results may not have seen. */
    void changed() {
        documentGeneration.incrementAndGet();
        generation.incrementAndGet();
    }

    /** Counts vectors written or a vector index changed: results move, the documents do not. */
    void vectorsChanged() {
        generation.incrementAndGet();
    }

    /** {@link #changed()}, passing the write's result on. */
    <T> T written(T result) {
        changed();
        return result;
    }
}
