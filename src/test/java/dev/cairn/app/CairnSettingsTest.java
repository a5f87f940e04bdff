package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.embed.Tokens;
import dev.cairn.embed.VectorMath;
import dev.cairn.platform.AppDirs;
import dev.cairn.search.Searcher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's settings decide the model, the chunking and the search mode; opening starts nothing. */
class CairnSettingsTest {

    @TempDir
    Path dir;

    @Test
    void withoutASettingsFileTheDefaultsApply() {
        try (Cairn cairn = Cairn.open(new AppDirs(dir), null)) {
            assertThat(cairn.model()).as("a new library gets the int8 MiniLM").isEqualTo(ModelSpec.ALL_MINILM_L6_V2_Q);
            assertThat(cairn.ingestOptions().chunking().maxTokens()).isEqualTo(256);
            assertThat(cairn.ingestOptions().chunking().overlap())
                    .as("no overlap: it earned nothing measurable (ADR 0013, last addendum)")
                    .isZero();
            assertThat(cairn.searchMode()).isEqualTo(Searcher.Mode.HYBRID);
            assertThat(cairn.databaseState()).isEqualTo(Cairn.ServiceState.NOT_LOADED);
            assertThat(cairn.modelState()).isEqualTo(Cairn.ServiceState.NOT_LOADED);
        }
    }

    @Test
    void theSavedSettingsChooseModelChunkingAndSearchMode() throws Exception {
        AppDirs dirs = new AppDirs(dir);
        Settings chosen = new Settings(
                ModelSpec.BGE_SMALL_EN_V15_Q,
                1024,
                128,
                Settings.SearchMode.VECTOR,
                Settings.IndexPolicy.AUTO,
                "",
                "",
                Settings.Theme.DARK);
        chosen.save(dirs.settingsFile());

        try (Cairn cairn = Cairn.open(dirs, null)) {
            assertThat(cairn.model()).isEqualTo(ModelSpec.BGE_SMALL_EN_V15_Q);
            // 1,024 tokens asked for; the model reads 512 at once.
            assertThat(cairn.ingestOptions().chunking().maxTokens()).isEqualTo(512);
            assertThat(cairn.ingestOptions().chunking().overlap()).isEqualTo(0.125);
            assertThat(cairn.searchMode()).isEqualTo(Searcher.Mode.VECTOR);
        }
    }

    @Test
    void theRerankIsLexicalUnlessTheSettingsSayOtherwiseAndABadValueIsNamed() throws Exception {
        AppDirs dirs = new AppDirs(dir);
        assertThat(Settings.load(dirs.settingsFile()).rerank()).isEqualTo(Settings.Rerank.LEXICAL);

        java.nio.file.Files.writeString(dirs.settingsFile(), "search.rerank = off\n");
        Settings off = Settings.load(dirs.settingsFile());
        assertThat(off.rerank()).isEqualTo(Settings.Rerank.OFF);
        off.save(dirs.settingsFile());
        assertThat(Settings.load(dirs.settingsFile()).rerank())
                .as("saved and read back")
                .isEqualTo(Settings.Rerank.OFF);

        java.nio.file.Files.writeString(dirs.settingsFile(), "search.rerank = cleverly\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.load(dirs.settingsFile()))
                .extracting(e -> dev.cairn.platform.Phrase.english(e.getMessage()))
                .asString()
                .contains("search.rerank must be one of off, lexical, model, was 'cleverly'");
    }

    @Test
    void aModelRerankWithAnEndpointButNoModelNameFallsBackToWordsAndSearchesStillWork() throws Exception {
        AppDirs dirs = new AppDirs(dir);
        java.nio.file.Files.writeString(
                dirs.settingsFile(), "search.rerank = model\nllm.endpoint = http://127.0.0.1:9/v1\n");

        try (Cairn cairn = Cairn.open(dirs, null)) {
            assertThat(cairn.searcher().search("walkers in the hut", 5, Searcher.Mode.HYBRID))
                    .isEmpty();
        }
    }

    @Test
    void aNewLibrarysModelReadsTheFirst128TokensOfAChunkWhileChunksStay256() throws Exception {
        String words = "The glacier carved a valley where the river now runs past quiet farms and old stone walls. ";
        String longChunk = words.repeat(12); // about 220 tokens: fits a chunk, more than the model reads
        try (Cairn cairn = Cairn.open(new AppDirs(dir), null)) {
            assertThat(cairn.ingestOptions().chunking().maxTokens()).isEqualTo(256);
            assertThat(cairn.embedder().model().maxTokens()).isEqualTo(128);
            assertThat(cairn.embedder().model().id()).isEqualTo(cairn.model().id());

            Tokens tokens = cairn.embedder().tokenizer().tokenize(longChunk);
            assertThat(tokens.size()).isGreaterThan(200).isLessThan(254);
            String start = longChunk.substring(0, tokens.ends()[125]); // 126 tokens + [CLS] and [SEP]
            float[] whole = cairn.embedder().embed(longChunk);
            float[] ofStart = cairn.embedder().embed(start);
            assertThat(VectorMath.cosine(whole, ofStart))
                    .as("the chunk's vector is its start's")
                    .isGreaterThan(1 - 1e-5);
            try (OnnxEmbedder wholeReader = OnnxEmbedder.create(ModelSpec.ALL_MINILM_L6_V2_Q)) {
                assertThat(VectorMath.cosine(whole, wholeReader.embed(longChunk)))
                        .as("a model reading all of it gives another vector")
                        .isLessThan(0.999);
            }
        }
    }
}
