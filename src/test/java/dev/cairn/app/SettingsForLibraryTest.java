package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.embed.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new library gets the int8 MiniLM, reading the first 128 tokens of each chunk; a library made before
 * keeps its model and reads whole chunks until the person switches.
 */
class SettingsForLibraryTest {

    @TempDir
    Path dir;

    @Test
    void aNewLibraryGetsTheInt8Model() throws Exception {
        Path file = dir.resolve("settings.properties");

        Settings s = Settings.forLibrary(file, Settings.load(file), false);

        assertThat(s.model()).isEqualTo(ModelSpec.ALL_MINILM_L6_V2_Q);
        assertThat(Settings.load(file).model())
                .as("written down, so the next start keeps it")
                .isEqualTo(ModelSpec.ALL_MINILM_L6_V2_Q);
        assertThat(Settings.forLibrary(file, Settings.load(file), true).model())
                .isEqualTo(ModelSpec.ALL_MINILM_L6_V2_Q);
    }

    @Test
    void aLibraryMadeBeforeKeepsItsModelAndTheFileNamesItFromThenOn() throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "search.mode=TEXT\n");

        Settings s = Settings.forLibrary(file, Settings.load(file), true);

        assertThat(s.model()).isEqualTo(Settings.EARLIER_DEFAULT_MODEL);
        assertThat(s.searchMode()).isEqualTo(Settings.SearchMode.TEXT);
        assertThat(Settings.load(file).model()).isEqualTo(Settings.EARLIER_DEFAULT_MODEL);
    }

    @Test
    void aModelThePersonChoseIsKept() throws Exception {
        Path file = dir.resolve("settings.properties");
        Settings.DEFAULTS.withModel(ModelSpec.BGE_SMALL_EN_V15_Q).save(file);

        assertThat(Settings.forLibrary(file, Settings.load(file), true).model())
                .isEqualTo(ModelSpec.BGE_SMALL_EN_V15_Q);
    }

    @Test
    void aNewLibraryReadsTheStartOfEachChunkAndWritesThatDown() throws Exception {
        Path file = dir.resolve("settings.properties");

        Settings s = Settings.forLibrary(file, Settings.load(file), false);

        assertThat(s.embeddingTokens())
                .isEqualTo(Settings.DEFAULT_EMBEDDING_TOKENS)
                .isEqualTo(128);
        assertThat(Files.readString(file)).contains("embedding.tokens=128");
        assertThat(Settings.forLibrary(file, Settings.load(file), true).embeddingTokens())
                .as("the next start keeps it")
                .isEqualTo(128);
    }

    @Test
    void aLibraryMadeBeforeKeepsReadingWholeChunksEvenWhenItsFileNamesItsModel() throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "embedding.model=all-minilm-l6-v2-q\nchunk.size=256\n");

        Settings s = Settings.forLibrary(file, Settings.load(file), true);

        assertThat(s.model()).isEqualTo(ModelSpec.ALL_MINILM_L6_V2_Q);
        assertThat(s.embeddingTokens())
                .isEqualTo(Settings.EARLIER_EMBEDDING_TOKENS)
                .isEqualTo(256);
        assertThat(Settings.load(file).embeddingTokens()).as("written down").isEqualTo(256);
    }

    @Test
    void howMuchTheModelReadsIsKeptWhenTheFileSaysAndCheckedWhenItIsRead() throws Exception {
        Path file = dir.resolve("settings.properties");
        Settings.DEFAULTS.withEmbeddingTokens(192).save(file);

        assertThat(Settings.forLibrary(file, Settings.load(file), true).embeddingTokens())
                .isEqualTo(192);

        Files.writeString(file, "embedding.tokens=4\n");
        assertThatThrownBy(() -> Settings.load(file))
                .isInstanceOf(java.io.IOException.class)
                .extracting(e -> dev.cairn.platform.Phrase.english(e.getMessage()))
                .asString()
                .contains("embedding tokens must be between 16 and 8192, was 4")
                .contains("fix the value or delete the line");
    }
}
