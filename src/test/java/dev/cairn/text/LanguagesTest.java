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
    void aChineseQueryAboutLatinNamesIsChineseThoughHalfItsLettersAreLatin() {
        assertThat(Languages.byScript("aptitude 的软件包状态").orElseThrow().language())
                .isEqualTo("zh");
        assertThat(Languages.byScript("使用 shell 脚本的 GUI 程序").orElseThrow().language())
                .isEqualTo("zh");
        assertThat(Languages.byScript("sudo 配置").orElseThrow().language()).isEqualTo("zh");
        assertThat(Languages.byScript("The 提示符 is the prompt, and the shell reads what you type after it."))
                .as("an English question quoting a Chinese word")
                .isEmpty();
    }

    @Test
    void aQueryAFifthOfWhoseLettersAreHanIsChineseAndOneMoreEnglishWordMakesItUnderAFifth() {
        // 12 Latin letters and 3 Han: exactly a fifth. A Han character carries about as much as a Latin word of
        // four or five letters, so the Chinese word weighs as much as the English around it: the question is
        // about a word the English model cannot read, and its vectors would answer "what does ... mean".
        assertThat(Languages.byScript("what does 提示符 mean").orElseThrow().language())
                .as("exactly a fifth")
                .isEqualTo("zh");
        assertThat(Languages.byScript("what does 提示符 mean here"))
                .as("16 Latin letters and 3 Han: under a fifth")
                .isEmpty();
        assertThat(Languages.passageByScript("what does 提示符 mean").orElseThrow().language())
                .isEqualTo("zh");
    }

    @Test
    void aJapanesePassageFullOfCommandsIsJapaneseThoughMostOfItsLettersAreLatin() {
        String passage = "Debian システムは keyboard-configuration と console-setup パッケージを使い設定できます。"
                + " # dpkg-reconfigure keyboard-configuration";

        assertThat(Languages.byScript(passage).orElseThrow().language())
                .as("as a query too: a fifth of its letters are Japanese")
                .isEqualTo("ja");
        assertThat(Languages.passageByScript(passage).orElseThrow().language()).isEqualTo("ja");
        assertThat(Languages.detect(passage).orElseThrow().confident()).isTrue();
        assertThat(Languages.passageByScript("The 提示符 is the prompt, and the shell reads what you type after it."))
                .isEmpty();
    }

    @Test
    void aStrayKanaDoesNotMakeChineseJapanese() {
        assertThat(Languages.passageByScript("在任意用户的 shell 提示符下输入命令，这不会保存当前用户的环境设定の")
                        .orElseThrow()
                        .language())
                .isEqualTo("zh");
    }

    @Test
    void commandLinesCodeAndTableRowsAreNotProse() {
        String text = """
                Le shell interprète vos commandes et affiche une invite.
                $ sudo apt-get install vim
                # dpkg-reconfigure keyboard-configuration
                if [ -f /etc/bash_completion ]; then
                mc V:54, I:226 1482
                シェルはあなたからのコマンドを解釈します。
                """;

        assertThat(Languages.prose(text))
                .isEqualTo("Le shell interprète vos commandes et affiche une invite.\n" + "シェルはあなたからのコマンドを解釈します。\n");
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
