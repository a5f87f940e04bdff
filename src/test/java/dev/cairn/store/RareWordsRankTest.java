package dev.cairn.store;

import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.document;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A plain-words query ranks by its rarer words ({@link SearchSql#TEXT_RANK_SPREAD}): a word held by far
 * more chunks than the query's rarest only finds chunks and counts in the word pairs.
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
            stream(
                    "/docs/shell-" + i + ".md",
                    "Shell " + i + ": type a command, run the command, then check the command's output.",
                    "en");
        }
        stream("/docs/top.md", TOP, "en");

        assertThat(texts("The top command").getFirst()).isEqualTo(TOP);
        assertThat(texts("The top command"))
                .as("the common word still finds its chunks")
                .hasSize(10);
    }

    @Test
    void aWordOfAnotherReadingHeldByAFewChunksDoesNotMakeTheOthersCommon() {
        // A French library reads the query in French and English: "systèmes" is 'system' in French, in
        // thirteen chunks, and 'systèm' in English, in one (a listing indexed as English).
        for (int i = 0; i < 12; i++) {
            stream("/docs/fs-" + i + ".md", "Page " + i + " : le système de fichiers et le système de paquets.", "fr");
        }
        stream("/docs/listing.md", "Options: mount systèmes -o ro", "en");
        String wanted = "Configuration du terminal de connexion pour ce système.";
        stream("/docs/terminal.md", wanted, "fr");

        assertThat(texts("Configuration des systèmes").getFirst())
                .as("configuration (one chunk) ranks; système (thirteen chunks in its commoner reading) only finds")
                .isEqualTo(wanted);
    }

    private void stream(String path, String text, String language) {
        DocumentInfo info = document(path, text);
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(List.of(new NewChunk(0, text, null, null, 0, text.length(), 8, null, language)));
            write.commit(info);
        }
    }

    private List<String> texts(String query) {
        return store.fullTextSearch(query, 10).stream().map(ChunkHit::text).toList();
    }
}
