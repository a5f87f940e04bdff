package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.AppDirs;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class SchemaTest {

    @Test
    void migratingAnUpToDateDatabaseChangesNothing() {
        assertThat(Schema.migrate(TestDatabase.dataSource())).isZero();
        assertThat(Schema.migrate(TestDatabase.dataSource())).isZero();
    }

    @Test
    void aRestartedDatabaseKeepsItsDataAndIsNotMigratedAgain(@TempDir Path dataDir) {
        AppDirs dirs = AppDirs.resolve(dataDir);
        long documentId;
        Database first = Database.bundled(dirs);
        try {
            assertThat(Schema.migrate(first.dataSource())).isPositive();
            new ModelRegistry(first.dataSource()).activate(MINILM, DIM);
            ChunkStore store = new ChunkStore(first.dataSource());
            documentId = store.upsertDocument(document("/docs/persisted.md", "persisted"))
                    .id();
            store.replaceChunks(
                    documentId, MINILM, List.of(chunk(0, "survives a restart", unitVector(new Random(1), DIM))));
        } finally {
            first.close();
        }

        Database second = Database.bundled(dirs);
        try {
            assertThat(Schema.migrate(second.dataSource())).isZero();
            ChunkStore store = new ChunkStore(second.dataSource());
            assertThat(store.findById(documentId)).map(DocumentRecord::status).contains(DocumentStatus.INDEXED);
            assertThat(store.fullTextSearch("restart", 5))
                    .extracting(ChunkHit::documentId)
                    .containsExactly(documentId);
            assertThat(new ModelRegistry(second.dataSource()).active()).contains(new EmbeddingModel(MINILM, DIM));
        } finally {
            second.close();
        }
    }
}
