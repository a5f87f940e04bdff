package dev.cairn.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {

    @Test
    void aParagraphIsToldByItsLanguagesProfile() {
        assertThat(language("The boot loader hands the control of the system over to the kernel, which then"
                        + " starts the first process."))
                .isEqualTo("en");
        assertThat(language("Der Bootloader übergibt die Kontrolle über das System an den Kernel, der dann den"
                        + " ersten Prozess startet."))
                .isEqualTo("de");
        assertThat(language("Le chargeur d'amorçage passe le contrôle du système au noyau, qui lance ensuite le"
                        + " premier processus."))
                .isEqualTo("fr");
        assertThat(language("Загрузчик передаёт управление системой ядру, которое затем запускает первый процесс."))
                .isEqualTo("ru");
    }

    @Test
    void chineseJapaneseAndKoreanAreToldByTheirScripts() {
        assertThat(Languages.byScript("ブートストラッププロセスの概要").orElseThrow().language())
                .isEqualTo("ja");
        assertThat(Languages.byScript("引导过程概述 (boot)").orElseThrow().language()).isEqualTo("zh");
        assertThat(Languages.byScript("부트스트랩 과정의 개요").orElseThrow().language()).isEqualTo("ko");
        assertThat(Languages.byScript("An English query")).isEmpty();
    }

    @Test
    void tooFewLettersSayNothing() {
        assertThat(Languages.detect("x = 42; y = 7")).isEmpty();
        assertThat(Languages.detect("")).isEmpty();
    }

    @Test
    void eachLanguageHasItsStemmerOrSimple() {
        assertThat(Languages.textConfig("de")).isEqualTo("german");
        assertThat(Languages.textConfig("ja")).isEqualTo("simple");
        assertThat(Languages.textConfig("pl")).isEqualTo("simple");
        assertThat(Languages.textConfig(null)).isEqualTo("english");
        assertThat(Languages.languageOf("german")).contains("de");
        assertThat(Languages.languageOf("simple")).isEmpty();
    }

    private static String language(String text) {
        Languages.Guess guess = Languages.detect(text).orElseThrow();
        assertThat(guess.confident()).as("sure of %s", text).isTrue();
        return guess.language();
    }
}
