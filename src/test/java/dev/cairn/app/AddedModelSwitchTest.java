package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.embed.ModelFolderException;
import dev.cairn.embed.ModelFolders;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ingest.IngestControl;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model the person added is a choice like a shipped one: choosing it re-embeds the library from its
 * stored text while the words still find everything, and its vectors are cached under its own id
 * until it is removed.
 */
class AddedModelSwitchTest {

    @TempDir
    Path dir;

    @Test
    void aLibrarySwitchedToAnAddedModelIsReembeddedAndCachedUnderItsId() throws Exception {
        TwoDocumentLibrary library = TwoDocumentLibrary.indexedUnder(dir);
        AppDirs dirs = library.dirs;
        Path docs = library.docs;
        ModelChoices choices = ModelChoices.of(dirs);
        Path export = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, dir.resolve("e5-like"), """
                {"pooling": "mean", "max_tokens": 256, "query_prefix": "query: ", "passage_prefix": "passage: ",
                 "languages": ["*"]}""");
        ModelSpec added = choices.add(export, null);

        assertThat(choices.all()).endsWith(added).contains(ModelSpec.ALL_MINILM_L6_V2_Q);
        assertThat(choices.choose(choices.find("E5-LIKE"))).isEqualTo(Settings.DEFAULTS.model());
        assertThat(choices.chosen()).isEqualTo(added);
        assertThatThrownBy(() -> choices.remove("e5-like"))
                .isInstanceOf(ModelFolderException.class)
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("is the model this library uses"));

        try (Cairn cairn = Cairn.open(dirs, null)) {
            assertThat(cairn.model()).isEqualTo(added);
            // Until the new vectors exist the library is found by its words.
            assertThat(cairn.searcher().search("walkers", 2, Searcher.Mode.VECTOR))
                    .extracting(h -> Path.of(h.path()).getFileName().toString())
                    .containsExactly("huts.txt");
            assertThat(cairn.semanticIndex().awaitComplete(new IngestControl()).complete())
                    .isTrue();

            List<SearchHit> hits = cairn.searcher().search("Where can walkers sleep?", 2, Searcher.Mode.VECTOR);

            assertThat(Path.of(hits.getFirst().path()).getFileName()).hasToString("huts.txt");
            assertThat(cachedVectors(cairn, added.id()))
                    .as("two passages and two queries, under the added model's id")
                    .isEqualTo(4);
            assertThat(cachedVectors(cairn, Settings.DEFAULTS.model().id()))
                    .as("the old model's stay, for a switch back")
                    .isEqualTo(2);
        }

        choices.choose(ModelSpec.ALL_MINILM_L6_V2_Q);
        assertThat(choices.remove("e5-like")).contains(added);
        try (Cairn cairn = Cairn.open(dirs, null)) {
            assertThat(cairn.forgetCachedVectors(added.id()))
                    .as("two passages and the queries")
                    .isGreaterThanOrEqualTo(2);
        }
        assertThat(choices.all()).isEqualTo(ModelSpec.all());
    }

    private static long cachedVectors(Cairn cairn, String modelId) throws Exception {
        try (Connection c = cairn.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM embedding_cache" + " WHERE model_id = ? OR starts_with(model_id, ?)")) {
            ps.setString(1, modelId);
            ps.setString(2, modelId + "@"); // its vectors of chunks' starts (VectorCache#readingAtMost)
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
