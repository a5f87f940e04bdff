package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A document streamed into the store piece by piece: all of it at commit, or nothing. */
@ResourceLock(TestDatabase.LOCK)
class DocumentWriteTest {

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    private final Random random = new Random(4);

    @BeforeEach
    void emptyDatabaseWithActiveModel() {
        TestDatabase.resetWithMiniLmActive();
    }

    private List<NewChunk> chunks(int from, int to, String prefix) {
        return IntStream.range(from, to)
                .mapToObj(i -> chunk(i, prefix + " " + i, unitVector(random, DIM)))
                .toList();
    }

    @Test
    void piecesWrittenSoFarStayInvisibleUntilTheCommitShowsThemAllInOrder() {
        DocumentInfo info = document("/docs/long.txt", "long");
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(chunks(0, 300, "first"));
            write.append(chunks(300, 700, "second"));

            assertThat(store.findByPath(info.path()))
                    .as("nothing is visible before the commit")
                    .isEmpty();

            write.append(chunks(700, 1000, "third"));
            DocumentRecord indexed = write.commit(new DocumentInfo(
                    info.path(), info.contentSha256(), "text/plain", info.sizeBytes(), info.mtime(), null, "Long"));

            assertThat(indexed.status()).isEqualTo(DocumentStatus.INDEXED);
            assertThat(indexed.mediaType()).isEqualTo("text/plain");
            assertThat(indexed.title()).isEqualTo("Long");
            List<StoredChunk> stored = store.chunksOf(indexed.id());
            assertThat(stored).hasSize(1000);
            assertThat(stored).extracting(StoredChunk::ordinal).isSorted();
            assertThat(stored.get(299).text()).isEqualTo("first 299");
            assertThat(stored.get(999).text()).isEqualTo("third 999");
        }
    }

    @Test
    void documentsWrittenTwoAtATimeReuseTheirSessionsInsteadOfOpeningNewOnes() throws Exception {
        Set<Long> writers = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            DocumentWrite a = store.beginDocument(document("/docs/a" + round + ".txt", "a" + round), MINILM);
            DocumentWrite b = store.beginDocument(document("/docs/b" + round + ".txt", "b" + round), MINILM);
            a.append(chunks(0, 2, "a"));
            b.append(chunks(0, 2, "b"));
            try (var c = dataSource.getConnection();
                    var rs = c.createStatement()
                            // client sessions writing chunks only: an autovacuum worker on the same database has a
                            // transaction too, and so may an earlier test's statistics refresh still running
                            .executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                    + " AND backend_type = 'client backend' AND query LIKE 'COPY%'"
                                    + " AND xact_start IS NOT NULL AND pid <> pg_backend_pid()")) {
                while (rs.next()) {
                    writers.add(rs.getLong(1));
                }
            }
            a.commit(document("/docs/a" + round + ".txt", "a" + round));
            b.commit(document("/docs/b" + round + ".txt", "b" + round));
        }

        assertThat(writers)
                .as("the second and third pair of documents were written on the sessions the first pair opened")
                .hasSize(2);
        assertThat(store.listDocuments()).hasSize(6);
    }

    @Test
    void aWriteClosedHalfwayLeavesTheDocumentAndItsOldChunksAsTheyWere() {
        DocumentInfo info = document("/docs/keep.md", "keep");
        long id = store.upsertDocument(info).id();
        store.replaceChunks(id, MINILM, chunks(0, 3, "old"));

        try (DocumentWrite write = store.beginDocument(document("/docs/keep.md", "changed"), MINILM)) {
            write.append(chunks(0, 500, "new"));
        } // closed without commit: a failure or a cancel

        assertThat(store.findById(id).orElseThrow().status()).isEqualTo(DocumentStatus.INDEXED);
        assertThat(store.findById(id).orElseThrow().contentSha256()).isEqualTo(info.contentSha256());
        assertThat(store.chunksOf(id)).extracting(StoredChunk::text).containsExactly("old 0", "old 1", "old 2");
    }

    @Test
    void aBadChunkMidwayFailsTheWriteAndRollsBackWhatCameBefore() {
        DocumentInfo info = document("/docs/bad.md", "bad");
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(chunks(0, 10, "good"));
            assertThatThrownBy(() -> write.append(List.of(chunk(10, "short vector", new float[3]))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 dimensions");
        }

        assertThat(store.findByPath(info.path())).isEmpty();
        assertThat(store.stats().chunks()).isZero();
    }

    @Test
    void vectorsOfAModelThatIsNotActiveAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> store.beginDocument(document("/docs/x.md", "x"), "another-model"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("active model is " + MINILM);
        assertThat(store.listDocuments()).isEmpty();
    }
}
