package dev.cairn.store;

import static dev.cairn.store.Fixtures.storeText;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Migration V18's {@code cairn_word_ranks} gives a chunk the figure, to the bit, that the correlated subquery
 * over the ranking words gave before it (docs/decisions/0026, addendum stop 23), so every search lists the same
 * chunks in the same order with the same scores.
 */
@ResourceLock(TestDatabase.LOCK)
class WordRanksTest {

    /** The ranking words of a plain-words query, as {@code SearchSql.textCte}'s {@code tq.words}: none at all too. */
    private static final List<String> WORDS = List.of(
            "ARRAY['storm'::tsquery]",
            "ARRAY['storm'::tsquery, 'march'::tsquery, 'harbour'::tsquery]",
            "ARRAY['gull'::tsquery, 'os.path.join'::tsquery, 'path'::tsquery]",
            "ARRAY['absent'::tsquery]",
            "NULL::tsquery[]");

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    WordRanksTest() {
        TestDatabase.resetWithMiniLmActive();
    }

    @Test
    void eachChunkRanksAsTheSubqueryOverItsWordsRankedIt() {
        storeText(store, "/notes/storm.md", "en", "The storm in March tore the mainsail; the storm lasted a week.");
        storeText(
                store,
                "/notes/harbour.md",
                "en",
                "Gulls over the harbour. A storm, then March, then the harbour again.");
        storeText(store, "/code/paths.md", "en", "Call os.path.join to build a path from the path parts.");
        storeText(store, "/notes/quiet.md", "en", "Nothing the query asks for is said here.");

        List<String> compared = new ArrayList<>();
        Jdbc.withConnection(dataSource, "rank words both ways", c -> {
            for (String words : WORDS) {
                try (PreparedStatement ps = c.prepareStatement(("""
                                SELECT c.id, cairn_word_ranks(c.tsv, WORDS, '{0.1, 0.2, 0.4, 1.0}', 0.1),
                                       coalesce((SELECT sum(r / (r + 0.1)) FROM (SELECT ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.tsv, w) AS r
                                                                                FROM unnest(WORDS) w WHERE c.tsv @@ w) z), 0)::float8
                                FROM chunks c ORDER BY c.id""").replace("WORDS", words));
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double function = rs.getDouble(2);
                        double subquery = rs.getDouble(3);
                        compared.add(
                                Double.doubleToRawLongBits(function) == Double.doubleToRawLongBits(subquery)
                                        ? "same " + (function > 0 ? "ranked" : "zero")
                                        : "differs for " + words + ": " + function + " against " + subquery);
                    }
                }
            }
            return null;
        });
        assertThat(compared)
                .hasSize(WORDS.size() * 4)
                .allSatisfy(r -> assertThat(r).startsWith("same"));
        assertThat(compared).as("some chunks rank by the words, others by none").contains("same ranked", "same zero");
    }
}
