package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Full-text retrieval on a library where some words are in every chunk: more matches than
 * {@link SearchSql#TEXT_RANK_CAP}, so both the rare-words filter and the cap take part.
 */
@ResourceLock(TestDatabase.LOCK)
class FullTextRankingTest {

    /** Every chunk holds "keep" and "way"; "zeppelin" is in three of them. */
    private static final int CHUNKS = SearchSql.TEXT_RANK_CAP + 500;

    private static final List<Integer> ZEPPELIN = List.of(7, 507, 1007);

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    private final Random random = new Random(17);

    @BeforeEach
    void aLibraryWhereTwoWordsAreEverywhere() {
        TestDatabase.resetWithMiniLmActive();
        List<NewChunk> chunks = new ArrayList<>(CHUNKS);
        for (int i = 0; i < CHUNKS; i++) {
            String text = "Keep a note of the way you work, entry " + i + "."
                    + (ZEPPELIN.contains(i) ? " A zeppelin drifted over the harbour." : "")
                    + (i % 3 == 0 ? " Keep going the same way." : "");
            chunks.add(chunk(i, text, unitVector(random, DIM)));
        }
        long documentId =
                store.upsertDocument(document("/docs/journal.md", "journal")).id();
        store.replaceChunks(documentId, MINILM, chunks);
    }

    @Test
    void aRareWordFindsItsChunksAmongThousandsThatHoldTheCommonOnes() {
        analyze();
        // Ranked among all matches, chunks saying "keep" and "way" twice would outrank these.
        assertThat(zeppelinOrdinals(store.fullTextSearch("keep the zeppelin on its way", 3)))
                .isEqualTo(ZEPPELIN);
        HybridHits hybrid = store.hybridSearch("keep the zeppelin on its way", unitVector(random, DIM), 3);
        assertThat(zeppelinOrdinals(hybrid.text())).isEqualTo(ZEPPELIN);
        assertThat(hybrid.vector()).hasSize(3);
    }

    @Test
    void aRareWordIsFoundAlikeBeforeTheLibraryWasEverAnalysedAndAfter() {
        // The words' counts are Cairn's own (migration V15), not the statistics of an analysis.
        List<Long> before = ids(store.fullTextSearch("keep the zeppelin on its way", 10));
        List<Long> common = ids(store.fullTextSearch("keep the way", 50));
        assertThat(zeppelinOrdinals(store.fullTextSearch("keep the zeppelin on its way", 3)))
                .isEqualTo(ZEPPELIN);
        analyze();
        assertThat(ids(store.fullTextSearch("keep the zeppelin on its way", 10)))
                .isEqualTo(before);
        assertThat(ids(store.fullTextSearch("keep the way", 50))).isEqualTo(common);
    }

    @Test
    void aQueryOfOnlyVeryCommonWordsReturnsRankedMatches() {
        analyze();

        List<ChunkHit> text = store.fullTextSearch("keep the way", 50);
        assertThat(text)
                .hasSize(50)
                .allSatisfy(h -> assertThat(h.text()).contains("Keep").contains("way"))
                .isSortedAccordingTo(Comparator.comparingDouble(ChunkHit::score).reversed());
        // Holding both words twice ranks above holding them once, among the matches ranked.
        assertThat(text.getFirst().text()).contains("Keep going the same way.");

        HybridHits hybrid = store.hybridSearch("keep the way", unitVector(random, DIM), 10);
        assertThat(hybrid.vector()).hasSize(10);
        assertThat(hybrid.text())
                .hasSize(10)
                .allSatisfy(h -> assertThat(h.text()).contains("way"));
    }

    @Test
    void aWordTheLibraryDoesNotHoldDoesNotHideTheWordsItDoes() {
        analyze();
        // "quokka" is in no chunk and "zepelin" is misspelt; "keep" and "way" are each in more chunks than the rank
        // budget. The missing word was once taken as the query's rarest, alone, and the query found nothing by its
        // words. Now it finds and ranks what the words the library holds find and rank.
        List<ChunkHit> common = store.fullTextSearch("keep the way", 10);
        assertThat(common).hasSize(10);
        assertThat(ids(store.fullTextSearch("keep the way of the quokka", 10))).isEqualTo(ids(common));
        assertThat(ids(store.fullTextSearch("keep the zepelin on its way", 10))).isEqualTo(ids(common));
        assertThat(ids(store.hybridSearch("keep the way of the quokka", unitVector(random, DIM), 10)
                        .text()))
                .isEqualTo(ids(common));
    }

    @Test
    void aScopeWithoutTheRareWordIsSearchedByTheQuerysOtherWords() {
        long notes = store.upsertDocument(document("/docs/notes.md", "notes")).id();
        store.replaceChunks(
                notes, MINILM, List.of(chunk(0, "Keep to the way the river runs.", unitVector(random, DIM))));
        long[] scope = {notes};
        analyze();
        // "zeppelin" is the query's rarest word, held only outside the scope; "keep" and "way" are over the budget.
        assertThat(store.fullTextSearch("keep the zeppelin on its way", 10, scope, 0))
                .extracting(ChunkHit::text)
                .containsExactly("Keep to the way the river runs.");
        assertThat(store.hybridSearch("keep the zeppelin on its way", () -> unitVector(random, DIM), 10, scope, 0)
                        .text())
                .extracting(ChunkHit::text)
                .containsExactly("Keep to the way the river runs.");
        // Where the rare word is in the scope, only its chunks are ranked, as over the whole library: the three of
        // them, not the scope's hundreds holding "keep" and "way".
        long journal = store.fullTextSearch("zeppelin", 1).getFirst().documentId();
        assertThat(zeppelinOrdinals(store.fullTextSearch("keep the zeppelin on its way", 10, new long[] {journal}, 0)))
                .isEqualTo(ZEPPELIN);
    }

    @Test
    void aQueryWithoutMatchesGivesNoTextHitsAndHybridStillGivesVectorHits() {
        analyze();

        assertThat(store.fullTextSearch("xylophone quokka", 10)).isEmpty();
        HybridHits hybrid = store.hybridSearch("xylophone quokka", unitVector(random, DIM), 10);
        assertThat(hybrid.text()).isEmpty();
        assertThat(hybrid.vector()).hasSize(10);

        assertThat(store.fullTextSearch("the of and", 10)).isEmpty();
        assertThat(store.hybridSearch("the of and", unitVector(random, DIM), 10).text())
                .isEmpty();
        // Quotes and backslashes in words reach the query as words, never as syntax or an error.
        assertThat(store.fullTextSearch("O'Brien's back\\slash zeppelin's", 10))
                .extracting(ChunkHit::text)
                .hasSize(3)
                .allSatisfy(t -> assertThat(t).contains("zeppelin"));
    }

    private static List<Long> ids(List<ChunkHit> hits) {
        return hits.stream().map(ChunkHit::chunkId).toList();
    }

    private static List<Integer> zeppelinOrdinals(List<ChunkHit> hits) {
        return hits.stream()
                .map(h -> {
                    assertThat(h.text()).contains("zeppelin");
                    return Integer.parseInt(h.text().replaceAll("(?s).*entry (\\d+)\\..*", "$1"));
                })
                .sorted()
                .toList();
    }

    private void analyze() {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("ANALYZE chunks");
        } catch (SQLException e) {
            throw new IllegalStateException("could not analyze the chunks", e);
        }
    }
}
