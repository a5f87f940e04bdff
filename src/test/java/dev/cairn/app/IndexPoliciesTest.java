package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.TestDatabase;
import dev.cairn.store.VectorIndexUpkeep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class IndexPoliciesTest {

    @TempDir
    Path home;

    @Test
    void theIndexIsAskedForOnlyWhenEveryChunkHasItsVectorAndNoImportHoldsTheStage() {
        List<Runnable> checks = new ArrayList<>();
        try (ChunkStore store = new ChunkStore(TestDatabase.dataSource());
                VectorIndexUpkeep upkeep = new VectorIndexUpkeep(
                        TestDatabase.dataSource(), store, () -> IndexTuner.Kind.AUTO, checks::add)) {
            Consumer<SemanticIndexer.Progress> listener = IndexPolicies.whenCaughtUp(upkeep);

            listener.accept(new SemanticIndexer.Progress(5_000, 1_200, 3_800, true, null));
            listener.accept(new SemanticIndexer.Progress(5_000, 0, 5_000, false, null)); // held for an import's text
            listener.accept(new SemanticIndexer.Progress(5_000, 10, 4_990, false, "the model stopped"));
            listener.accept(new SemanticIndexer.Progress(0, 0, 0, true, null)); // an empty library
            assertThat(checks).isEmpty();

            listener.accept(new SemanticIndexer.Progress(5_000, 0, 5_000, true, null));
            assertThat(checks).hasSize(1);
        }
    }

    @Test
    void theSettingIsReadAtEachCheckSoThatASavedChoiceAppliesToTheNext() throws Exception {
        Path file = home.resolve("settings.properties");
        var kind = IndexPolicies.reading(file, Settings.DEFAULTS);
        assertThat(kind.get()).as("no file yet: the defaults").isEqualTo(IndexTuner.Kind.AUTO);

        Files.writeString(file, Settings.Key.INDEX_POLICY + " = none\n");
        assertThat(kind.get()).isEqualTo(IndexTuner.Kind.NONE);
        Files.writeString(file, Settings.Key.INDEX_POLICY + " = ivfflat\n");
        assertThat(kind.get()).isEqualTo(IndexTuner.Kind.IVFFLAT);
    }
}
