package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextsTest {

    private static final String SAMPLE = "dev.cairn.platform.sample";

    @Test
    void aTranslationSpeaksItsLanguageAndFormatsNumbersForIt() {
        Texts de = Texts.of(SAMPLE, Locale.GERMANY);

        assertThat(de.get("greeting", "Welt")).isEqualTo("Hallo, Welt");
        assertThat(de.get("files", 1234)).isEqualTo("1.234 Dateien hinzugefügt");
        assertThat(de.locale().getLanguage()).isEqualTo("de");
    }

    @Test
    void aKeyTheTranslationLacksFallsBackToEnglishNotToTheSystemsLanguage() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMAN);
            Texts fr = Texts.of(SAMPLE, Locale.FRENCH);

            assertThat(fr.get("greeting", "monde")).isEqualTo("Hello, monde");
            assertThat(fr.locale()).isEqualTo(Locale.ENGLISH);
            assertThat(Texts.of(SAMPLE, Locale.GERMAN).get("only.english")).isEqualTo("Don't worry");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aKeyNoBundleHasReadsAsItself() {
        Texts en = Texts.of(SAMPLE, Locale.ENGLISH);

        assertThat(en.get("no.such.key")).isEqualTo("no.such.key");
        assertThat(en.keys()).containsExactly("files", "greeting", "only.english");
        assertThat(en.get("files", 1234)).isEqualTo("Added 1,234 files");
    }
}
