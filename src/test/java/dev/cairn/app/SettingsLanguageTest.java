package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language the window speaks: the system's until the person picks one, kept in the settings file. */
class SettingsLanguageTest {

    @TempDir
    Path dir;

    @Test
    void theSystemsLanguageUntilOneIsChosenThenTheChosenOneAfterARestart() throws Exception {
        Path file = dir.resolve("settings.properties");
        assertThat(Settings.load(file).locale(Locale.FRANCE)).isEqualTo(Locale.FRANCE);

        Settings.DEFAULTS.withLanguage("de").withTheme(Settings.Theme.DARK).save(file);

        Settings loaded = Settings.load(file);
        assertThat(loaded.locale(Locale.FRANCE)).isEqualTo(Locale.GERMAN);
        assertThat(loaded.theme()).isEqualTo(Settings.Theme.DARK);
        assertThat(loaded.withLanguage("").locale(Locale.FRANCE)).isEqualTo(Locale.FRANCE);
    }

    @Test
    void aValueThatIsNoLanguageTagIsRefusedWithTheFileAndKeyNamed() throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "ui.language=Deutsch bitte\n");

        assertThatThrownBy(() -> Settings.load(file))
                .isInstanceOf(IOException.class)
                .extracting(e -> dev.cairn.platform.Phrase.english(e.getMessage()))
                .asString()
                .contains("settings.properties")
                .contains("language must be a language tag");
    }
}
