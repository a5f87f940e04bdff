package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The count of chunks a lexeme is in (migration V15) follows every write and stays exact when folded. */
@ResourceLock(TestDatabase.LOCK)
class LexemeCountsTest {

    private static final String COUNTED =
            "SELECT lexeme, sum(chunks)::int FROM lexeme_counts GROUP BY lexeme" + " HAVING sum(chunks) <> 0";
    private static final String ACTUAL =
            "SELECT w, count(*)::int FROM chunks, unnest(tsvector_to_array(tsv)) AS w GROUP BY w";

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    private final Random random = new Random(5);

    @BeforeEach
    void emptyLibrary() {
        TestDatabase.resetWithMiniLmActive();
    }

    @Test
    void theCountFollowsInsertsReplacementsAndDeletionsAndFoldsIntoOneRowAWord() throws SQLException {
        long huts = store.upsertDocument(document("/notes/huts.md", "huts")).id();
        store.replaceChunks(
                huts,
                MINILM,
                List.of(
                        chunk(0, "The hut sleeps twelve walkers.", unitVector(random, DIM)),
                        chunk(1, "The hut's stove burns wood; walkers bring their own.", unitVector(random, DIM))));
        long glaciers =
                store.upsertDocument(document("/notes/glaciers.md", "glaciers")).id();
        store.replaceChunks(
                glaciers,
                MINILM,
                List.of(
                        chunk(0, "The glacier retreats a little every year.", unitVector(random, DIM)),
                        chunk(
                                1,
                                "Walkers cross the glacier roped together, os.path.join aside.",
                                unitVector(random, DIM))));
        assertThat(counted()).isEqualTo(actual()).containsEntry("walker", 3).containsEntry("glacier", 2);

        store.replaceChunks(
                huts, MINILM, List.of(chunk(0, "The hut is closed for the winter.", unitVector(random, DIM))));
        assertThat(counted()).isEqualTo(actual()).containsEntry("walker", 1).containsEntry("hut", 1);

        store.deleteDocument(glaciers);
        assertThat(counted()).isEqualTo(actual()).doesNotContainKey("glacier");
        assertThat(TestDatabase.longOf("SELECT count(*) FROM lexeme_counts"))
                .as("each write adds rows")
                .isGreaterThan(actual().size());

        store.refreshStatistics();
        assertThat(counted()).isEqualTo(actual());
        assertThat(TestDatabase.longOf("SELECT count(*) FROM lexeme_counts"))
                .as("folded: one row a word still in the library")
                .isEqualTo(actual().size());
    }

    @Test
    void aChunkWhoseTextChangesIsCountedByItsNewWords() throws SQLException {
        long huts = store.upsertDocument(document("/notes/huts.md", "huts")).id();
        store.replaceChunks(huts, MINILM, List.of(chunk(0, "The hut sleeps twelve walkers.", unitVector(random, DIM))));
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("UPDATE chunks SET text = 'A glacier hut.'");
            st.execute("UPDATE chunks SET embedding = NULL");
        }
        assertThat(counted()).isEqualTo(actual()).containsEntry("glacier", 1).doesNotContainKey("walker");
    }

    private Map<String, Integer> counted() throws SQLException {
        return query(COUNTED);
    }

    private Map<String, Integer> actual() throws SQLException {
        return query(ACTUAL);
    }

    private Map<String, Integer> query(String sql) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }
}
