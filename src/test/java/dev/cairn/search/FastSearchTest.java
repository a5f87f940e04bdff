package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.store.ChunkHit;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentInfo;
import dev.cairn.store.HybridHits;
import dev.cairn.store.ModelRegistry;
import dev.cairn.store.NewChunk;
import dev.cairn.store.SearchScope;
import dev.cairn.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class FastSearchTest {

    private static OnnxEmbedder embedder;

    private final DataSource dataSource = TestDatabase.dataSource();
    private final ChunkStore store = new ChunkStore(dataSource);
    private Searcher searcher;

    @BeforeAll
    static void loadTheModel() {
        embedder = OnnxEmbedder.create(ModelSpec.DEFAULT);
    }

    @AfterAll
    static void closeTheModel() {
        embedder.close();
    }

    @BeforeEach
    void aSmallLibrary() throws Exception {
        TestDatabase.reset();
        new ModelRegistry(dataSource).activate(embedder.modelId(), embedder.dimension());
        searcher = new Searcher(store, embedder, Searcher.Policy.DEFAULT);
        add(
                "/lib/bread.md",
                "Baking bread at home starts with flour, water, salt and yeast.",
                "Knead the dough for ten minutes until it is smooth and elastic.",
                "Let the dough rise in a warm place until it doubles in size.",
                "Bake the loaf in a hot oven and let it cool before slicing.");
        add(
                "/lib/bikes.md",
                "Check the tyre pressure of your bicycle before every ride.",
                "A chain that squeaks needs cleaning and a drop of oil on each link.",
                "Adjust the brakes so that the pads meet the rim squarely.");
        add(
                "/lib/postgres.md",
                "PostgreSQL stores tables in pages of eight kilobytes.",
                "An index speeds up lookups but slows down every write to the table.",
                "VACUUM reclaims the space that deleted rows leave behind.",
                "Full-text search in PostgreSQL ranks documents with ts_rank.");
        add(
                "/lib/garden.md",
                "Tomatoes need full sun and regular watering.",
                "Compost feeds the soil and keeps it loose.",
                "Prune the roses in late winter before new growth begins.");
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    @Test
    void aRepeatedQueryIsAnsweredFromMemoryUntilAWriteMakesItStale() throws Exception {
        String query = "how do glaciers carve fjords into mountains";
        List<SearchHit> first = searcher.search(query, 5, Searcher.Mode.HYBRID);
        assertThat(first).extracting(SearchHit::path).doesNotContain("/lib/glaciers.md");

        assertThat(searcher.search(query, 5, Searcher.Mode.HYBRID))
                .as("served from the result cache")
                .isSameAs(first);

        add(
                "/lib/glaciers.md",
                "Glaciers carve fjords into mountains as the moving ice grinds the valley floor deeper.");

        List<SearchHit> after = searcher.search(query, 5, Searcher.Mode.HYBRID);
        assertThat(after).isNotSameAs(first);
        assertThat(after.getFirst().path()).isEqualTo("/lib/glaciers.md");
    }

    @Test
    void theOneStatementHybridSearchFusesExactlyWhatTheTwoSeparateSearchesReturn() {
        for (String query : List.of(
                "how long should I knead dough",
                "oil for a squeaky bicycle chain",
                "why do indexes slow down writes",
                "ts_rank full-text search",
                "when to prune roses")) {
            float[] q = searcher.queryVector(query);
            int n = Searcher.Policy.DEFAULT.candidates();
            int perDocument = Searcher.Policy.DEFAULT.textPerDocument();

            List<ChunkHit> vector = store.vectorSearch(q, n);
            List<ChunkHit> text = store.fullTextSearch(query, n, null, perDocument);
            HybridHits oneTrip = store.hybridSearch(query, () -> q, n, null, perDocument);
            assertThat(oneTrip.vector()).isEqualTo(vector);
            assertThat(oneTrip.text()).isEqualTo(text);

            List<Long> twoQueryRanking = RankFusion.capPerGroup(
                            RankFusion.fuse(
                                    List.of(vector, text),
                                    new double[] {1.0, Searcher.Policy.DEFAULT.textWeight()},
                                    ChunkHit::chunkId,
                                    RankFusion.DEFAULT_K),
                            f -> f.item().documentId(),
                            Searcher.Policy.DEFAULT.perDocument(),
                            10)
                    .stream()
                    .map(f -> f.item().chunkId())
                    .toList();
            assertThat(searcher.search(query, 10, Searcher.Mode.HYBRID))
                    .as(query)
                    .extracting(SearchHit::chunkId)
                    .containsExactlyElementsOf(twoQueryRanking);
        }
    }

    @Test
    void theBestPassageForAPlainQuestionComesFirst() {
        assertThat(searcher.search("how do I keep my bike chain quiet", 3, Searcher.Mode.HYBRID)
                        .getFirst()
                        .text())
                .contains("chain that squeaks");
        assertThat(searcher.search("how do I keep my bike chain quiet", 3, Searcher.Mode.VECTOR)
                        .getFirst()
                        .text())
                .contains("chain that squeaks");
    }

    @Test
    void aDocumentAnotherProcessAddsJoinsAScopeWithinSeconds() throws Exception {
        SearchScope kitchen = new SearchScope(List.of(Path.of("/kitchen")), Set.of(), null, Set.of());
        assertThat(searcher.holdsDocuments(kitchen)).isFalse();
        try (ChunkStore other = new ChunkStore(dataSource)) { // as another process writes: no generation of ours moves
            add(other, "/kitchen/knives.md", "Hone the knife on a steel before each use.");
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!searcher.holdsDocuments(kitchen)) {
            assertThat(System.nanoTime()).as("the new document is in the scope").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(searcher.search("knife steel", 5, Searcher.Mode.TEXT, kitchen))
                .extracting(SearchHit::path)
                .containsExactly("/kitchen/knives.md");
    }

    private void add(String path, String... texts) throws Exception {
        add(store, path, texts);
    }

    private void add(ChunkStore store, String path, String... texts) throws Exception {
        String content = String.join("\n\n", texts);
        long id = store.upsertDocument(new DocumentInfo(
                        path,
                        sha256(content),
                        "text/markdown",
                        content.length(),
                        Instant.parse("2026-01-02T03:04:05Z"),
                        null,
                        path))
                .id();
        List<float[]> vectors = embedder.embedAll(List.of(texts));
        List<NewChunk> chunks = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new NewChunk(
                    i,
                    texts[i],
                    null,
                    null,
                    offset,
                    offset + texts[i].length(),
                    texts[i].split("\\s+").length,
                    vectors.get(i)));
            offset += texts[i].length() + 2;
        }
        store.replaceChunks(id, embedder.modelId(), chunks);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
