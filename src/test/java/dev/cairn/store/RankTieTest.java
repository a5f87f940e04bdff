package dev.cairn.store;

import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunkIn;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.storeText;
import static dev.cairn.store.Fixtures.textsFound;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Passages the ranking words leave tied (most often at nothing: they hold none of the query's rare words) are
 * ordered by the query's other words before their paths ({@link SearchSql#textCte}).
 */
@ResourceLock(TestDatabase.LOCK)
class RankTieTest {

    private static final String CLEANING = "Cleaning the kitchen floor.";
    private static final String FILES = "Remove the temporary files, the old files and the log files.";

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    RankTieTest() {
        TestDatabase.resetWithMiniLmActive(); // each test starts from an empty library
    }

    /**
     * "cleaning" is in one chunk, "files" in thirteen: the ranking takes "cleaning" alone, and every other chunk
     * scores nothing by it. Ordered by path, the twelve pages that name a file once would fill the list.
     */
    private void storeLibrary() {
        for (int i = 0; i < 12; i++) {
            storeText(store, "/docs/a-" + i + ".md", "en", "Page " + i + " names a file.");
        }
        storeText(store, "/docs/cleaning.md", "en", CLEANING);
        storeText(store, "/docs/zz-files.md", "en", FILES);
    }

    @Test
    void passagesWithoutTheRareWordAreOrderedByTheCommonOnesNotByPath() {
        storeLibrary();

        assertThat(textsFound(store, "Cleaning files"))
                .startsWith(CLEANING, FILES)
                .hasSize(10);
    }

    @Test
    void aPagesChunksAreCappedByTheCommonWordsToo() {
        storeLibrary();
        String first = "This page names a file first.";
        DocumentInfo info = document("/docs/b-two-chunks.md", first + " " + FILES);
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(List.of(chunkIn(0, first, "en"), chunkIn(1, FILES, "en")));
            write.commit(info);
        }

        List<String> found = store.fullTextSearch("Cleaning files", 10, null, 1).stream()
                .map(ChunkHit::text)
                .toList();

        assertThat(found)
                .as("one chunk of each page, its best by the words left out")
                .startsWith(CLEANING, FILES, FILES);
        assertThat(found).doesNotContain(first);
    }

    @Test
    void theHybridSearchsTextListBreaksTheTiesAlike() {
        storeLibrary();

        List<String> text = store.hybridSearch("Cleaning files", unitVector(new Random(7), 384), 10).text().stream()
                .map(ChunkHit::text)
                .toList();

        assertThat(text).startsWith(CLEANING, FILES).hasSize(10);
    }
}
