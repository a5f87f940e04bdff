package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.VectorIndex;
import dev.cairn.store.VectorIndexUpkeep;
import dev.cairn.ui.kit.Words;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the status bar and the Library page add to "semantic index complete" about the vector index. */
class VectorIndexStatusTest {

    private static final VectorIndex HNSW = new VectorIndex.Hnsw(16, 64);

    @Test
    void anIndexIsNamedAndABuildIsSaidWhileTheExactScanAddsNothing() {
        assertThat(CairnApp.describe(Optional.empty()))
                .as("before the first check")
                .isEmpty();
        assertThat(CairnApp.describe(
                        Optional.of(new VectorIndexUpkeep.State(new VectorIndex.None(), Optional.empty()))))
                .isEmpty();

        String named = CairnApp.describe(Optional.of(new VectorIndexUpkeep.State(HNSW, Optional.empty())));
        assertThat(named).isEqualTo(Words.get("status.vectorIndex", "HNSW (m=16, ef_construction=64)"));

        String building =
                CairnApp.describe(Optional.of(new VectorIndexUpkeep.State(new VectorIndex.None(), Optional.of(HNSW))));
        assertThat(building).isEqualTo(Words.get("status.vectorIndexBuilding", "HNSW (m=16, ef_construction=64)"));
        assertThat(building).isNotEqualTo(named);
    }
}
