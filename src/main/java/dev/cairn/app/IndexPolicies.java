package dev.cairn.app;

import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.store.IndexTuner;
import dev.cairn.store.VectorIndexUpkeep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** The Settings page's "Vector index" choice, as the store's {@link VectorIndexUpkeep} reads it. */
final class IndexPolicies {

    private IndexPolicies() {}

    static IndexTuner.Kind kind(Settings.IndexPolicy policy) {
        return switch (policy) {
            case AUTO -> IndexTuner.Kind.AUTO;
            case NONE -> IndexTuner.Kind.NONE;
            case IVFFLAT -> IndexTuner.Kind.IVFFLAT;
            case HNSW -> IndexTuner.Kind.HNSW;
        };
    }

    /**
     * The choice in the settings file as it is at each check (one saved on the Settings page applies
     * to the next), or {@code opened}'s when the file cannot be read now.
     */
    static Supplier<IndexTuner.Kind> reading(Path file, Settings opened) {
        return () -> {
            try {
                return kind(Settings.load(file).indexPolicy());
            } catch (IOException | RuntimeException e) {
                LoggerFactory.getLogger(IndexPolicies.class)
                        .debug("Vector index setting as opened: the file cannot be read now", e);
                return kind(opened.indexPolicy());
            }
        };
    }

    /**
     * Asks {@code upkeep} for a check each time the embedding stage has caught up: every chunk has
     * its vector and no import holds the stage for its text (then chunks without vectors are coming).
     */
    static Consumer<SemanticIndexer.Progress> whenCaughtUp(VectorIndexUpkeep upkeep) {
        return p -> {
            if (p.working() && p.chunks() > 0 && p.waiting() == 0 && p.problem() == null) {
                upkeep.request();
            }
        };
    }
}
