package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new library gets the int8 MiniLM; a library made before keeps its model until the person switches. */
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
}
