package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelSpec;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.platform.AppDirs;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching the model in the settings re-embeds the library from its stored text; nothing goes missing. */
class ModelSwitchTest {

    @TempDir
    Path dir;

    @Test
    void aLibraryIndexedWithOneModelIsSearchableAfterSwitchingToTheOther() throws Exception {
        TwoDocumentLibrary library = TwoDocumentLibrary.indexedUnder(dir);
        AppDirs dirs = library.dirs;
        Path docs = library.docs;
        Settings.DEFAULTS.withModel(ModelSpec.BGE_SMALL_EN_V15_Q).save(dirs.settingsFile());

        try (Cairn cairn = Cairn.open(dirs, null)) {
            // The switch cleared the old vectors; until the new ones exist the library is found by its words.
            assertThat(cairn.searcher().search("walkers", 2, Searcher.Mode.VECTOR))
                    .extracting(h -> Path.of(h.path()).getFileName().toString())
                    .containsExactly("huts.txt");
            assertThat(cairn.semanticIndex().awaitComplete(new IngestControl()).complete())
                    .isTrue();

            List<SearchHit> hits = cairn.searcher().search("Where can walkers sleep?", 2, Searcher.Mode.VECTOR);

            assertThat(hits).hasSize(2);
            assertThat(Path.of(hits.getFirst().path()).getFileName()).hasToString("huts.txt");
            assertThat(cairn.store().staleChunks(10)).isEmpty();
            // Unchanged files are still skipped: their vectors were renewed without re-parsing.
            var summary = cairn.pipeline(cairn.ingestOptions())
                    .ingest(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);
            assertThat(summary.skipped()).isEqualTo(2);
        }
    }
}
