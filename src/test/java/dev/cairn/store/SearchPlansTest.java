package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.sha256;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * How the bundled PostgreSQL plans the search statements (docs/decisions/0026): a search of the whole
 * library is planned once per session and finds what a statement planned for its own values finds; a
 * scoped one is planned for each run's values.
 */
@ResourceLock(TestDatabase.LOCK)
class SearchPlansTest {

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    private final Random random = new Random(11);

    /** The test's own sessions, whose statements it reads. */
    private final StoreSessions sessions =
            new StoreSessions(TestDatabase.dataSource(), () -> SearchSettings.PGVECTOR_DEFAULTS);

    @Test
    void aSearchOfTheWholeLibraryIsPlannedOnceAndFindsWhatAScopedOnePlannedForItsValuesFinds() {
        TestDatabase.resetWithMiniLmActive();
        long glaciers = indexed("/notes/glaciers.md", "glaciers retreat", "ice cores hold old air");
        long rivers = indexed("/notes/rivers.md", "rivers carry silt", "deltas grow where rivers slow");
        ChunkSearch search = new ChunkSearch(sessions);
        long[] both = {glaciers, rivers};
        List<String> queries = List.of(
                "glaciers", "old air in ice", "silt", "where do deltas grow", "rivers and glaciers", "ice", "air");

        for (String q : queries) {
            float[] v = unitVector(random, DIM);
            HybridHits whole = search.hybrid(q, () -> v, 5, null, 0);
            HybridHits scoped = search.hybrid(q, () -> v, 5, both, 0);
            assertThat(ids(whole.text())).as("text list of %s", q).isEqualTo(ids(scoped.text()));
            assertThat(ids(whole.vector())).as("vector list of %s", q).isEqualTo(ids(scoped.vector()));
        }

        List<long[]> plans = plansOfEverySession(4);
        assertThat(plans.stream().filter(p -> p[2] == 0).mapToLong(p -> p[0]).sum())
                .as("the whole library's two halves: prepared at their first run, one generic plan for every query")
                .isEqualTo(2L * queries.size());
        assertThat(plans)
                .as("no custom plan for the whole library's statements, no generic one for a scoped one"
                        + " (the driver prepares those on the server at a session's fifth run, if ever)")
                .allSatisfy(p -> assertThat(p[2] == 0 ? p[1] : p[0]).isZero());
        sessions.reads().close();
    }

    /**
     * (generic plans, custom plans, scoped) of the search statements prepared on the warm sessions:
     * a hybrid search's halves run on two sessions at once, so each is borrowed in turn, held while
     * the next one is read.
     */
    private List<long[]> plansOfEverySession(int sessionsLeft) {
        return sessions.reads().withConnection("read the session's plans", c -> {
            List<long[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT generic_plans, custom_plans,"
                            + " position('ANY' IN statement) > 0 FROM pg_prepared_statements"
                            + " WHERE statement LIKE 'WITH v AS%' OR statement LIKE 'WITH tx AS%'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0});
                }
            }
            if (sessionsLeft > 1) {
                out.addAll(plansOfEverySession(sessionsLeft - 1));
            }
            return out;
        });
    }

    private static List<Long> ids(List<ChunkHit> hits) {
        return hits.stream().map(ChunkHit::chunkId).toList();
    }

    private long indexed(String path, String... texts) {
        DocumentInfo info = new DocumentInfo(
                path, sha256(path), "text/markdown", 100, Instant.parse("2026-12-01T10:00:00Z"), null, null);
        long id = store.upsertDocument(info).id();
        List<NewChunk> rows = new ArrayList<>();
        IntStream.range(0, texts.length).forEach(i -> rows.add(chunk(i, texts[i], unitVector(random, DIM))));
        store.replaceChunks(id, Fixtures.MINILM, rows);
        return id;
    }
}
