package dev.cairn.store;

import static dev.cairn.store.Fixtures.BGE;
import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The chunks' text index, {@code chunks.tsv} (migration V4, docs/decisions/0020): a plain column
 * filled when a chunk is written, by each path that writes one, and left as it is when only a
 * chunk's vector changes (the embedding stage writes every chunk's vector after its text).
 */
@ResourceLock(TestDatabase.LOCK)
class ChunkTextIndexTest {

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    private final Random random = new Random(8);

    @BeforeEach
    void anEmptyLibrary() {
        TestDatabase.resetWithMiniLmActive();
    }

    @Test
    void theTextIndexIsAPlainColumnThatEveryWayOfStoringChunksFills() {
        assertThat(single("""
                SELECT is_generated FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'chunks' AND column_name = 'tsv'""")).isEqualTo("NEVER");

        long replaced =
                store.upsertDocument(document("/docs/paths.md", "paths")).id();
        store.replaceChunks(
                replaced,
                MINILM,
                List.of(chunk(0, "Paths", "Call os.path.join to build a path.", unitVector(random, DIM))));
        DocumentInfo streamed = document("/docs/timeouts.md", "timeouts");
        try (DocumentWrite write = store.beginDocument(streamed, MINILM)) {
            write.append(List.of(
                    chunk(0, null, "Set read_timeout when a server answers slowly.", null),
                    chunk(1, "Dry runs", "Pass --dry-run to see what would change.", null)));
            write.commit(streamed);
        }

        assertThat(single("SELECT count(*) FROM chunks")).isEqualTo("3");
        assertThat(single("SELECT count(*) FROM chunks WHERE ts_config = 'english'"
                        + " AND tsv = cairn_tsv('english', heading, text)"))
                .as("every chunk indexed as the migration indexed the existing ones")
                .isEqualTo("3");
        assertThat(textsMatching("'os.path.join'")).containsExactly("Call os.path.join to build a path.");
        assertThat(textsMatching("'read_timeout'")).containsExactly("Set read_timeout when a server answers slowly.");
        assertThat(textsMatching("'dri' & 'run'")).containsExactly("Pass --dry-run to see what would change.");
        assertThat(single("SELECT count(*) FROM chunks WHERE tsv @@ 'dri:A'::tsquery"))
                .as("a heading's words at weight A")
                .isEqualTo("1");
    }

    @Test
    void writingAChunksVectorLeavesItsTextIndexAsItWasAndChangingItsTextIndexesItAgain() throws SQLException {
        DocumentInfo options = document("/docs/options.md", "options");
        long documentId;
        try (DocumentWrite write = store.beginDocument(options, MINILM)) { // text first, as an import stores it
            write.append(List.of(chunk(0, "Options", "Pass --dry-run to see what would change.", null)));
            documentId = write.commit(options).id();
        }
        long chunkId = store.chunksOf(documentId).getFirst().chunkId();
        // A value no analysis of the text gives: any recomputation would overwrite it.
        execute("UPDATE chunks SET tsv = 'marker:1'::tsvector");

        store.updateEmbeddings(MINILM, Map.of(chunkId, unitVector(random, DIM))); // as re-embedding does
        new ModelRegistry(dataSource).activate(BGE, DIM); // a model switch clears the vectors
        try (EmbeddingQueue queue = store.embeddingQueue()) {
            try (EmbeddingQueue.Batch batch = queue.claim(BGE, 10)) {
                assertThat(batch.chunks()).hasSize(1);
                batch.complete(List.of(unitVector(random, DIM))); // as the embedding stage does
            }
        }

        assertThat(store.chunksOf(documentId).getFirst().embedding()).isNotNull();
        assertThat(single("SELECT tsv::text FROM chunks")).isEqualTo("'marker':1");

        execute("UPDATE chunks SET heading = 'Flags'");
        assertThat(single("SELECT tsv = cairn_tsv('english', heading, text) FROM chunks"))
                .isEqualTo("t");
        assertThat(textsMatching("'flag':A")).containsExactly("Pass --dry-run to see what would change.");
    }

    private static NewChunk chunk(int ordinal, String heading, String text, float[] embedding) {
        return new NewChunk(ordinal, text, heading, null, ordinal * 100, ordinal * 100 + text.length(), 8, embedding);
    }

    private List<String> textsMatching(String tsquery) {
        return Jdbc.withConnection(dataSource, "match", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT text FROM chunks WHERE tsv @@ ?::tsquery ORDER BY id")) {
                ps.setString(1, tsquery);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> texts = new ArrayList<>();
                    while (rs.next()) {
                        texts.add(rs.getString(1));
                    }
                    return texts;
                }
            }
        });
    }

    private String single(String sql) {
        return Jdbc.withConnection(dataSource, "query", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
