package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkLanguagesTest {

    private static final String ENGLISH = "The boot loader hands the control of the system over to the kernel, which"
            + " then starts the first process and mounts the root file system before the services start.";
    private static final String GERMAN = "Der Bootloader übergibt die Kontrolle über das System an den Kernel, der"
            + " dann den ersten Prozess startet und das Wurzeldateisystem einhängt, bevor die Dienste starten.";

    @Test
    void aChunkClearlyInAnotherLanguageKeepsItAndAShortOneTakesItsDocuments() {
        ChunkLanguages languages = new ChunkLanguages();

        assertThat(languages.of(chunks(ENGLISH, ENGLISH, GERMAN, "See also: grub.cfg")))
                .containsExactly("en", "en", "de", "en");
        assertThat(languages.document()).isEqualTo("en");
        assertThat(languages.of(chunks("42", GERMAN))).containsExactly("en", "de");
    }

    @Test
    void aDocumentIsInTheLanguageMostOfItsFirstChunksAreIn() {
        ChunkLanguages languages = new ChunkLanguages();

        assertThat(languages.of(chunks(ENGLISH, GERMAN, GERMAN, "Siehe auch: grub.cfg")))
                .containsExactly("en", "de", "de", "de");
        assertThat(languages.document()).isEqualTo("de");
    }

    @Test
    void commandLinesAreNoEvidenceOfEnglish() {
        String commands = """
                $ sudo apt-get install grub-efi-amd64 grub-efi-amd64-signed shim-signed
                $ sudo grub-install --target=x86_64-efi --efi-directory=/boot/efi --bootloader-id=debian
                $ sudo update-grub && sudo systemctl reboot --firmware-setup
                """;
        ChunkLanguages languages = new ChunkLanguages();

        assertThat(languages.of(chunks(GERMAN, commands))).containsExactly("de", "de");
    }

    @Test
    void theDetectorsGuessAloneDoesNotSetAChunkAgainstItsDocument() {
        String keywords = """
                ABSOLUTE non-reserved non-reserved non-reserved reserved
                COLLATION_NAME non-reserved non-reserved non-reserved
                MATCH_RECOGNIZE reserved MATERIALIZED non-reserved MAXVALUE non-reserved
                REGR_AVGX reserved reserved REGR_COUNT reserved reserved
                SEEK reserved SELECT reserved reserved reserved reserved SELECTIVE non-reserved
                """;
        ChunkLanguages languages = new ChunkLanguages();

        assertThat(languages.of(chunks(ENGLISH, ENGLISH, keywords, GERMAN))).containsExactly("en", "en", "en", "de");
    }

    @Test
    void theDetectorIsAskedOnlyWhereItsGuessCouldNameTheDocumentsLanguage() {
        String keywords = """
                ABSOLUTE non-reserved non-reserved non-reserved reserved
                COLLATION_NAME non-reserved non-reserved non-reserved
                MATCH_RECOGNIZE reserved MATERIALIZED non-reserved MAXVALUE non-reserved
                """;
        ChunkLanguages outweighed = new ChunkLanguages();
        assertThat(outweighed.of(chunks(ENGLISH, ENGLISH, keywords, ENGLISH))).containsExactly("en", "en", "en", "en");
        assertThat(outweighed.guessesAsked()).isZero();

        ChunkLanguages close = new ChunkLanguages();
        assertThat(close.of(chunks(ENGLISH, keywords, GERMAN))).containsExactly("en", "en", "de");
        assertThat(close.guessesAsked()).isEqualTo(1);

        assertThat(close.of(chunks(keywords))).containsExactly("en");
        assertThat(close.guessesAsked())
                .as("once the document's language is known")
                .isEqualTo(1);
    }

    @Test
    void aJapaneseChunkFullOfLatinCommandsIsJapanese() {
        String japanese = "Debian システムは keyboard-configuration と console-setup パッケージを使い多くの国際キーボード"
                + "配列として機能するように設定できます。\n# dpkg-reconfigure keyboard-configuration\n"
                + "# dpkg-reconfigure console-setup\n# setupcon --save-only --keyboard-only --verbose";
        ChunkLanguages languages = new ChunkLanguages();

        assertThat(languages.of(chunks(japanese, ENGLISH))).containsExactly("ja", "en");
    }

    @Test
    void aDocumentOfCodeAndNumbersHasNoLanguage() {
        ChunkLanguages languages = new ChunkLanguages();

        assertThat(languages.of(chunks("x = 1", "y = 2"))).containsExactly(null, null);
    }

    private static List<Chunk> chunks(String... texts) {
        List<Chunk> out = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < texts.length; i++) {
            out.add(new Chunk(i, texts[i], "", null, at, at + texts[i].length(), 10));
            at += texts[i].length();
        }
        return out;
    }

    @Test
    void nothingToTellIsNothingTold() {
        assertThat(new ChunkLanguages().of(Arrays.asList())).isEmpty();
    }
}
