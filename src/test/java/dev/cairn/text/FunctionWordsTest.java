package dev.cairn.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionWordsTest {

    private static final String ENGLISH = "The boot loader hands the control of the system over to the kernel, which"
            + " then starts the first process and mounts the root file system before the services start.";
    private static final String GERMAN = "Der Bootloader übergibt die Kontrolle über das System an den Kernel, der"
            + " dann den ersten Prozess startet und das Wurzeldateisystem einhängt, bevor die Dienste starten.";

    @Test
    void runningProseReadsPlainlyAsItsOwnLanguageOnly() {
        assertThat(FunctionWords.plainlyIn(ENGLISH, "en")).isTrue();
        assertThat(FunctionWords.plainlyIn(GERMAN, "de")).isTrue();
        assertThat(FunctionWords.plainlyIn(GERMAN, "en")).isFalse();
        assertThat(FunctionWords.plainlyIn(ENGLISH, "de")).isFalse();
    }

    @Test
    void codeHexDigitsAndAMixedPassageGoToTheDetector() {
        assertThat(FunctionWords.plainlyIn("SELECT a, b FROM t WHERE a > 1 ORDER BY b; x = y + 1;", "en"))
                .isFalse();
        assertThat(FunctionWords.plainlyIn("0000000 P G C O P Y \\n 377 \\r \\n a s t d o y a s t d o y i", "en"))
                .isFalse();
        assertThat(FunctionWords.plainlyIn(ENGLISH + " " + GERMAN, "en")).isFalse();
    }

    @Test
    void aTextPlainlyInOneLanguageNamesIt() {
        assertThat(FunctionWords.plainLanguage(ENGLISH)).contains("en");
        assertThat(FunctionWords.plainLanguage(GERMAN)).contains("de");
        assertThat(FunctionWords.plainLanguage("x = 1; y = 2; SELECT 1;")).isEmpty();
        assertThat(FunctionWords.plainLanguage(ENGLISH + " " + GERMAN)).isEmpty();
    }

    @Test
    void aHyphenatedWordIsOneWordSoAKeywordTableIsNoItalian() {
        String table = "ABORT non-reserved ABS non-reserved reserved reserved ABSENT non-reserved non-reserved"
                + " ACCESS non-reserved ACTION non-reserved non-reserved ADD non-reserved non-reserved reserved"
                + " ADMIN non-reserved AFTER non-reserved non-reserved AGGREGATE non-reserved ALL reserved";
        assertThat(FunctionWords.plainLanguage(table)).isEmpty();
        assertThat(FunctionWords.plainlyIn(table, "it")).isFalse();
        assertThat(FunctionWords.plainlyIn(
                        "non è questo il file che cerchi, non è nella cartella del progetto e"
                                + " non si trova nemmeno nella copia di sicurezza del disco",
                        "it"))
                .isTrue();
    }

    @Test
    void aLanguageWithoutAListOrNoLanguageNeverReadsPlainly() {
        assertThat(FunctionWords.plainlyIn("ブートストラッププロセスの概要", "ja")).isFalse();
        assertThat(FunctionWords.plainlyIn(ENGLISH, null)).isFalse();
    }
}
