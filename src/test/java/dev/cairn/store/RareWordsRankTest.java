package dev.cairn.store;

import static dev.cairn.store.Fixtures.storeText;
import static dev.cairn.store.Fixtures.textsFound;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A plain-words query ranks by its rarer words ({@link SearchSql#TEXT_RANK_SPREAD}): a word held by far
 * more chunks than the query's rarest only finds chunks and counts in the word pairs. Each ranking word
 * counts by itself, saturated ({@link SearchSql#TEXT_RANK_SATURATION}).
 */
@ResourceLock(TestDatabase.LOCK)
class RareWordsRankTest {

    private static final String TOP = "Top lists the busiest processes, refreshed every few seconds.";

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    RareWordsRankTest() {
        TestDatabase.resetWithMiniLmActive(); // each test starts from an empty library
    }

    @Test
    void aPassageHoldingTheRareWordRanksAbovePassagesFullOfTheCommonOne() {
        for (int i = 0; i < 12; i++) {
            storeText(
                    store,
                    "/docs/shell-" + i + ".md",
                    "en",
                    "Shell " + i + ": type a command, run the command, then check the command's output.");
        }
        storeText(store, "/docs/top.md", "en", TOP);

        assertThat(textsFound(store, "The top command").getFirst()).isEqualTo(TOP);
        assertThat(textsFound(store, "The top command"))
                .as("the common word still finds its chunks")
                .hasSize(10);
    }

    @Test
    void aWordOfAnotherReadingHeldByAFewChunksDoesNotMakeTheOthersCommon() {
        // A French library reads the query in French and English: "systèmes" is 'system' in French, in
        // thirteen chunks, and 'systèm' in English, in one (a listing indexed as English).
        for (int i = 0; i < 12; i++) {
            storeText(
                    store,
                    "/docs/fs-" + i + ".md",
                    "fr",
                    "Page " + i + " : le système de fichiers et le système de paquets.");
        }
        storeText(store, "/docs/listing.md", "en", "Options: mount systèmes -o ro");
        String wanted = "Configuration du terminal de connexion pour ce système.";
        storeText(store, "/docs/terminal.md", "fr", wanted);

        assertThat(textsFound(store, "Configuration des systèmes").getFirst())
                .as("configuration (one chunk) ranks; système (thirteen chunks in its commoner reading) only finds")
                .isEqualTo(wanted);
    }

    @Test
    void aPassageHoldingMoreOfTheQuerysWordsRanksAboveOneRepeatingOne() {
        String repeating = "The shell reads a line, the shell splits it, the shell expands it, the shell runs it.";
        String both = "The cursor blinks where the shell waits for a line.";
        storeText(store, "/docs/a-shell.md", "en", repeating);
        storeText(store, "/docs/b-prompt.md", "en", both);

        assertThat(textsFound(store, "shell cursor"))
                .as(
                        "shell and cursor once each outrank shell four times (ts_rank_cd over the whole query put it first)")
                .containsExactly(both, repeating);
    }
}
