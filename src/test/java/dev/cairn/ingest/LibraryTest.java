package dev.cairn.ingest;

import dev.cairn.embed.CachingEmbedder;
import dev.cairn.embed.ModelSpec;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.EmbeddingCacheTable;
import dev.cairn.store.ModelRegistry;
import dev.cairn.store.TestDatabase;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A test class on the real model and an empty library in the bundled PostgreSQL, with a fresh folder for each test. */
@ResourceLock(TestDatabase.LOCK)
public abstract class LibraryTest extends RealModelTest {

    protected DataSource ds;
    protected ChunkStore store;

    @TempDir
    protected Path dir;

    /** Empties the library and registers the real model as the active one. */
    @BeforeEach
    void emptyLibrary() {
        TestDatabase.reset();
        ds = TestDatabase.dataSource();
        new ModelRegistry(ds).activate(ModelSpec.DEFAULT.id(), ModelSpec.DEFAULT.dimension());
        store = new ChunkStore(ds);
    }

    /** Closes the store's warm sessions: left to the garbage collector, they pile up against the test server's few. */
    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** The real model behind a vector cache in this library, as the app embeds. */
    protected CachingEmbedder cachingEmbedder() {
        return CachingEmbedder.builder(model)
                .vectorCache(new EmbeddingCacheTable(ds))
                .build();
    }
}
