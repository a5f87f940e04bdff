package dev.cairn.store;

import static dev.cairn.store.Fixtures.BGE;
import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.storeText;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class ChunkStoreTest {

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    @BeforeEach
    void emptyDatabaseWithActiveModel() {
        TestDatabase.resetWithMiniLmActive();
    }

    @Test
    void vectorTopKEqualsBruteForceCosineRankingOverFiveThousandVectors() {
        Random random = new Random(42);
        List<float[]> vectors = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            long documentId = store.upsertDocument(document("/docs/random-" + d + ".md", "random " + d))
                    .id();
            List<NewChunk> chunks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                float[] v = unitVector(random, DIM);
                vectors.add(v);
                chunks.add(chunk(i, "random chunk " + d + "/" + i, v));
            }
            store.replaceChunks(documentId, MINILM, chunks);
            store.chunksOf(documentId).forEach(c -> ids.add(c.chunkId()));
        }
        assertThat(ids).hasSize(5000);

        List<float[]> queries = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> queries.add(unitVector(random, DIM)));
        queries.add(vectors.get(1234)); // a stored vector is its own nearest neighbour
        for (float[] query : queries) {
            List<Long> expected = IntStream.range(0, vectors.size())
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -cosine(query, vectors.get(i))))
                    .limit(10)
                    .map(ids::get)
                    .toList();

            List<ChunkHit> hits = store.vectorSearch(query, 10);

            assertThat(hits).extracting(ChunkHit::chunkId).containsExactlyElementsOf(expected);
            int best = ids.indexOf(expected.getFirst());
            assertThat(hits.getFirst().score())
                    .isCloseTo(cosine(query, vectors.get(best)), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(store.vectorSearch(vectors.get(1234), 1).getFirst().chunkId())
                .isEqualTo(ids.get(1234));
    }

    @Test
    void chunksSpreadOverTheLibraryAreEvenlyApartAndHaveTheActiveModelsVector() {
        assertThat(store.chunksSpreadOver(5)).as("an empty library").isEmpty();
        Random random = new Random(7);
        long embedded =
                store.upsertDocument(document("/docs/embedded.md", "embedded")).id();
        List<NewChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            chunks.add(chunk(i, "embedded chunk " + i, unitVector(random, DIM)));
        }
        store.replaceChunks(embedded, MINILM, chunks);
        storeText(store, "/docs/waiting.md", "english", "a chunk that waits for its vector");

        List<StoredChunk> all = store.chunksSpreadOver(1000);
        List<StoredChunk> four = store.chunksSpreadOver(4);

        assertThat(all)
                .as("more steps than chunks: each chunk with a vector once, in id order, none still waiting")
                .extracting(StoredChunk::text)
                .containsExactlyElementsOf(IntStream.range(0, 100)
                        .mapToObj(i -> "embedded chunk " + i)
                        .toList());
        assertThat(four).hasSize(4).allSatisfy(c -> assertThat(c.embedding()).hasSize(DIM));
        assertThat(four.getFirst().ordinal()).isZero();
        for (int i = 1; i < four.size(); i++) {
            assertThat(four.get(i).ordinal() - four.get(i - 1).ordinal())
                    .as("a quarter of the library apart")
                    .isBetween(24, 27);
        }
    }

    @Test
    void copiesTenThousandChunksAndReadsThemBackExactly() {
        Random random = new Random(7);
        long documentId = store.upsertDocument(document("/docs/big.md", "big")).id();
        List<NewChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            chunks.add(new NewChunk(
                    i,
                    "Chunk " + i + ": naïve café — 東京 \uD83D\uDE00 \"quoted\", back\\slash\ttab",
                    i % 3 == 0 ? null : "Heading " + i,
                    i % 2 == 0 ? null : i,
                    i * 50,
                    i * 50 + 40,
                    12,
                    unitVector(random, DIM)));
        }

        // Warm the JIT and the server's caches first, so that the figure is about COPY, not start-up.
        store.replaceChunks(documentId, MINILM, chunks.subList(0, 1_000));
        long start = System.nanoTime();
        store.replaceChunks(documentId, MINILM, chunks);
        double seconds = (System.nanoTime() - start) / 1e9;
        // A figure for the report, not an assertion: the test machines are shared. Surefire keeps
        // test output in target/surefire-reports/dev.cairn.store.ChunkStoreTest-output.txt.
        System.out.printf(
                "FIGURE copy: 10000 chunks (384-d) replaced in %d ms = %d rows/s"
                        + " (delete, binary COPY, document update, commit)%n",
                Math.round(seconds * 1000), Math.round(10_000 / seconds));

        assertThat(store.stats().chunks()).isEqualTo(10_000);
        List<StoredChunk> stored = store.chunksOf(documentId);
        assertThat(stored).hasSize(10_000);
        for (int i : new int[] {0, 1, 2, 4_999, 9_998, 9_999}) {
            NewChunk written = chunks.get(i);
            StoredChunk read = stored.get(i);
            assertThat(read.ordinal()).isEqualTo(written.ordinal());
            assertThat(read.text()).isEqualTo(written.text());
            assertThat(read.heading()).isEqualTo(written.heading());
            assertThat(read.page()).isEqualTo(written.page());
            assertThat(read.charStart()).isEqualTo(written.charStart());
            assertThat(read.charEnd()).isEqualTo(written.charEnd());
            assertThat(read.tokenCount()).isEqualTo(written.tokenCount());
            assertThat(read.modelId()).isEqualTo(MINILM);
            assertThat(read.embedding()).containsExactly(written.embedding());
        }
    }

    @Test
    void aNulCharacterFromAParserIsStoredAsAReplacementCharacter() {
        long documentId = store.upsertDocument(document("/docs/nul.pdf", "nul")).id();

        store.replaceChunks(documentId, MINILM, List.of(chunk(0, "before\0after", unitVector(new Random(1), DIM))));

        assertThat(store.chunksOf(documentId).getFirst().text()).isEqualTo("before\uFFFDafter");
    }

    @Test
    void aHybridSearchRanksTheWordsWhileTheQueryIsStillBeingEmbedded() throws Exception {
        Random random = new Random(4);
        long documentId = store.upsertDocument(document("/docs/ice.md", "ice")).id();
        float[] near = unitVector(random, DIM);
        store.replaceChunks(
                documentId,
                MINILM,
                List.of(chunk(0, "glaciers move downhill", near), chunk(1, "huts", unitVector(random, DIM))));

        // The vector is asked for only once another session has run the text half's statement (since now:
        // an idle session keeps its last statement, which an earlier search may have left).
        Timestamp since = serverNow();
        HybridHits hits = store.hybridSearch("glaciers", () -> waitForTextHalf(near, since), 10, null, 0);

        assertThat(hits.text()).extracting(ChunkHit::text).containsExactly("glaciers move downhill");
        assertThat(hits.vector().getFirst().text()).isEqualTo("glaciers move downhill");
        assertThatThrownBy(() -> store.hybridSearch(
                        "glaciers",
                        () -> {
                            throw new IllegalStateException("the model is gone");
                        },
                        10,
                        null,
                        0))
                .hasMessage("the model is gone");
        assertThat(store.hybridSearch("glaciers", near, 10).text())
                .as("the failed search gave its sessions back")
                .hasSize(1);
    }

    private Timestamp serverNow() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT clock_timestamp()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    private float[] waitForTextHalf(float[] vector, Timestamp since) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE pid <> pg_backend_pid() AND query LIKE '%cairn_query_words%' AND query_start >= ?")) {
            ps.setTimestamp(1, since);
            for (int i = 0; i < 200 && count(ps) == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(count(ps)).as("a session ran the text half").isPositive();
            return vector;
        } catch (SQLException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aConcurrentReaderSeesTheOldChunksOrTheNewOnesNeverAMix() throws Exception {
        Random random = new Random(3);
        long documentId =
                store.upsertDocument(document("/docs/atomic.md", "atomic")).id();
        List<NewChunk> five = IntStream.range(0, 500)
                .mapToObj(i -> chunk(i, "five " + i, unitVector(random, DIM)))
                .toList();
        List<NewChunk> seven = IntStream.range(0, 700)
                .mapToObj(i -> chunk(i, "seven " + i, unitVector(random, DIM)))
                .toList();
        store.replaceChunks(documentId, MINILM, five);

        Set<Long> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch readerStarted = new CountDownLatch(1);
        CountDownLatch writerDone = new CountDownLatch(1);
        int replacements = 21; // odd: the document ends with 700 chunks
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps =
                                c.prepareStatement("SELECT count(*) FROM chunks WHERE document_id = ?")) {
                    ps.setLong(1, documentId);
                    do {
                        seen.add(count(ps));
                        reads++;
                        readerStarted.countDown();
                    } while (writerDone.getCount() > 0);
                    seen.add(count(ps));
                }
                return reads;
            });
            Future<?> writer = pool.submit(() -> {
                readerStarted.await();
                try {
                    for (int r = 0; r < replacements; r++) {
                        store.replaceChunks(documentId, MINILM, r % 2 == 0 ? seven : five);
                    }
                } finally {
                    writerDone.countDown();
                }
                return null;
            });
            writer.get();
            int reads = reader.get();
            assertThat(reads).isPositive();
            System.out.printf(
                    "FIGURE atomic replace: %d concurrent reads during %d replacements%n", reads, replacements);
        }

        assertThat(seen).containsExactlyInAnyOrder(500L, 700L);
        assertThat(store.chunksOf(documentId))
                .hasSize(700)
                .allSatisfy(c -> assertThat(c.text()).startsWith("seven "));
    }

    @Test
    void aReplaceThatFailsHalfwayLeavesTheOldChunksInPlace() {
        Random random = new Random(12);
        long documentId =
                store.upsertDocument(document("/docs/keep.md", "keep")).id();
        store.replaceChunks(
                documentId,
                MINILM,
                List.of(chunk(0, "old zero", unitVector(random, DIM)), chunk(1, "old one", unitVector(random, DIM))));
        List<NewChunk> clashing = List.of(
                chunk(0, "new zero", unitVector(random, DIM)), chunk(0, "same ordinal again", unitVector(random, DIM)));

        assertThatThrownBy(() -> store.replaceChunks(documentId, MINILM, clashing))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("chunks_document_ordinal");

        assertThat(store.chunksOf(documentId)).extracting(StoredChunk::text).containsExactly("old zero", "old one");
        assertThat(store.replaceChunks(documentId, MINILM, List.of(chunk(0, "new", unitVector(random, DIM))))
                        .status())
                .isEqualTo(DocumentStatus.INDEXED);
    }

    @Test
    void deletingADocumentDeletesItsChunks() {
        Random random = new Random(5);
        long kept = store.upsertDocument(document("/docs/kept.md", "kept")).id();
        long deleted =
                store.upsertDocument(document("/docs/deleted.md", "deleted")).id();
        store.replaceChunks(kept, MINILM, List.of(chunk(0, "kept", unitVector(random, DIM))));
        store.replaceChunks(
                deleted,
                MINILM,
                List.of(chunk(0, "gone", unitVector(random, DIM)), chunk(1, "gone too", unitVector(random, DIM))));

        assertThat(store.deleteDocument(deleted)).isTrue();

        assertThat(store.chunksOf(deleted)).isEmpty();
        assertThat(store.chunksOf(kept)).hasSize(1);
        assertThat(store.stats().chunks()).isEqualTo(1);
        assertThat(store.findById(deleted)).isEmpty();
        assertThat(store.deleteDocument(deleted)).isFalse();
        assertThat(store.deleteByPath("/docs/kept.md")).isTrue();
        assertThat(store.stats().documents()).isZero();
    }

    @Test
    void fullTextSearchFindsTheChunkThatMentionsTheWords() {
        Random random = new Random(9);
        long documentId =
                store.upsertDocument(document("/docs/notes.md", "notes")).id();
        store.replaceChunks(
                documentId,
                MINILM,
                List.of(
                        new NewChunk(
                                0,
                                "Sourdough needs a lively starter and a long, cold fermentation.",
                                "Baking",
                                null,
                                0,
                                60,
                                12,
                                unitVector(random, DIM)),
                        new NewChunk(
                                1,
                                "An HNSW index trades a little recall for much faster nearest-neighbour queries.",
                                "Vector indexes",
                                null,
                                61,
                                140,
                                14,
                                unitVector(random, DIM)),
                        new NewChunk(
                                2,
                                "Tides follow the moon; spring tides come at new and full moon.",
                                "Oceans",
                                null,
                                141,
                                200,
                                13,
                                unitVector(random, DIM))));

        List<ChunkHit> hits = store.fullTextSearch("indexes trading recall", 5);
        assertThat(hits)
                .extracting(ChunkHit::text)
                .containsExactly("An HNSW index trades a little recall for much faster nearest-neighbour queries.");
        assertThat(hits.getFirst().path()).isEqualTo("/docs/notes.md");
        assertThat(hits.getFirst().heading()).isEqualTo("Vector indexes");
        assertThat(hits.getFirst().score()).isPositive();

        assertThat(store.fullTextSearch("baking", 5))
                .extracting(ChunkHit::heading)
                .containsExactly("Baking");
        assertThat(store.fullTextSearch("moon -tides", 5)).isEmpty();
        assertThat(store.fullTextSearch("\"spring tides\" or sourdough", 5)).hasSize(2);
        assertThat(store.fullTextSearch("the and of", 5)).isEmpty();
        assertThat(store.fullTextSearch("unbalanced \" ( quote", 5)).isEmpty();
    }

    @Test
    void reUpsertingUnchangedContentKeepsTheDocumentIndexedButChangedContentQueuesIt() {
        DocumentInfo info = document("/docs/a.md", "version 1");
        DocumentRecord queued = store.upsertDocument(info);
        assertThat(queued.status()).isEqualTo(DocumentStatus.QUEUED);
        assertThat(queued.contentSha256()).isEqualTo(info.contentSha256());
        assertThat(queued.mtime()).isEqualTo(info.mtime());
        DocumentRecord indexed = store.replaceChunks(
                queued.id(), MINILM, List.of(chunk(0, "version one", unitVector(new Random(2), DIM))));
        assertThat(indexed.status()).isEqualTo(DocumentStatus.INDEXED);

        DocumentRecord touched = store.upsertDocument(new DocumentInfo(
                info.path(),
                info.contentSha256(),
                info.mediaType(),
                info.sizeBytes(),
                info.mtime().plusSeconds(60),
                null,
                "Renamed"));
        assertThat(touched.id()).isEqualTo(queued.id());
        assertThat(touched.status()).isEqualTo(DocumentStatus.INDEXED);
        assertThat(touched.title()).isEqualTo("Renamed");

        DocumentRecord changed = store.upsertDocument(document("/docs/a.md", "version 2"));
        assertThat(changed.status()).isEqualTo(DocumentStatus.QUEUED);
        assertThat(store.chunksOf(changed.id()))
                .as("old chunks stay searchable until replaced")
                .hasSize(1);
        assertThat(store.findByPath("/docs/a.md")).contains(changed);
        assertThat(store.listDocuments()).containsExactly(changed);
    }

    @Test
    void aFailedDocumentKeepsItsReasonAndLosesItsChunks() {
        DocumentRecord document = store.upsertDocument(document("/docs/broken.pdf", "broken"));
        store.replaceChunks(document.id(), MINILM, List.of(chunk(0, "old text", unitVector(new Random(4), DIM))));

        DocumentRecord failed = store.markFailed(
                        document.id(), "The PDF is encrypted; remove its password to index it.")
                .orElseThrow();

        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.error()).isEqualTo("The PDF is encrypted; remove its password to index it.");
        assertThat(store.chunksOf(document.id())).isEmpty();
        assertThat(store.markFailed(999_999L, "no such document")).isEmpty();
        assertThatThrownBy(() -> store.markFailed(document.id(), " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreadableFileIsRecordedAsFailedWithoutAHash() {
        DocumentInfo unreadable = new DocumentInfo(
                "/docs/locked.docx", null, "application/octet-stream", 0, java.time.Instant.EPOCH, null, null);

        DocumentRecord failed = store.markFailed(unreadable, "Permission denied: /docs/locked.docx");

        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.contentSha256()).isNull();
        assertThatThrownBy(() -> store.upsertDocument(unreadable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("markFailed");
        assertThat(store.upsertDocument(document("/docs/locked.docx", "readable now"))
                        .status())
                .isEqualTo(DocumentStatus.QUEUED);
    }

    @Test
    void vectorsOfAnotherModelOrDimensionAreRefused() {
        long documentId = store.upsertDocument(document("/docs/x.md", "x")).id();
        List<NewChunk> chunks = List.of(chunk(0, "x", unitVector(new Random(6), DIM)));

        assertThatThrownBy(() -> store.replaceChunks(documentId, BGE, chunks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("active model is " + MINILM);
        assertThatThrownBy(() -> store.replaceChunks(documentId, MINILM, List.of(chunk(0, "x", new float[3]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 dimensions");
        assertThatThrownBy(() -> store.vectorSearch(new float[3], 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.replaceChunks(424_242L, MINILM, chunks))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not exist");
        assertThat(store.chunksOf(documentId)).isEmpty();
        assertThat(store.findById(documentId).orElseThrow().status()).isEqualTo(DocumentStatus.QUEUED);
    }

    @Test
    void statsCountRowsAndMeasureSizes() {
        long documentId = store.upsertDocument(document("/docs/s.md", "s")).id();
        store.replaceChunks(
                documentId,
                MINILM,
                List.of(
                        chunk(0, "one", unitVector(new Random(8), DIM)),
                        chunk(1, "two", unitVector(new Random(9), DIM))));

        StoreStats stats = store.stats();

        assertThat(stats.documents()).isEqualTo(1);
        assertThat(stats.chunks()).isEqualTo(2);
        assertThat(stats.cachedEmbeddings()).isZero();
        assertThat(stats.tableBytes()).isPositive();
        assertThat(stats.indexBytes()).isPositive();
        assertThat(stats.databaseBytes()).isGreaterThan(stats.tableBytes() + stats.indexBytes());
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
