package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.CachingEmbedder;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.platform.MemoryGovernor;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.ModelRegistry;
import dev.cairn.store.SearchScope;
import dev.cairn.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Search and answers over documents ingested for real: bundled PostgreSQL, the real model. */
@ResourceLock(TestDatabase.LOCK)
class SearcherTest {

    @TempDir
    static Path dir;

    private static OnnxEmbedder model;
    private static Searcher searcher;

    @BeforeAll
    static void ingestALibrary() throws Exception {
        TestDatabase.reset();
        DataSource ds = TestDatabase.dataSource();
        new ModelRegistry(ds).activate(ModelSpec.DEFAULT.id(), ModelSpec.DEFAULT.dimension());
        ChunkStore store = new ChunkStore(ds);
        model = OnnxEmbedder.create(ModelSpec.DEFAULT);
        CachingEmbedder embedder = CachingEmbedder.builder(model).build();
        Files.writeString(dir.resolve("huts.txt"), """
                The hut at the pass sleeps twelve walkers. It is open from June to September.

                Bookings are made by telephone with the warden, who lives in the valley.
                """);
        Files.writeString(dir.resolve("glaciers.txt"), """
                Glaciers move slowly downhill under their own weight. Crevasses open where the ice bends.

                Walkers on a glacier rope up, because snow bridges can hide crevasses.
                """);
        Files.writeString(dir.resolve("birds.txt"), """
                The golden eagle hunts marmots on open slopes. Marmots whistle to warn each other.
                """);
        StringBuilder long_ = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            long_.append("Section %d of the cairn manual: cairns are piles of stones that mark a route. "
                            .formatted(i)
                            .repeat(4))
                    .append("\n\n");
        }
        Files.writeString(dir.resolve("manual.txt"), long_);
        try (Parsers parsers = Parsers.create();
                MemoryGovernor governor = MemoryGovernor.start()) {
            new IngestPipeline(parsers, embedder, store, governor, IngestPipeline.Options.defaults())
                    .ingest(List.of(dir), false, new IngestControl(), IngestPipeline.Listener.NONE);
        }
        searcher = new Searcher(store, embedder, Searcher.Policy.DEFAULT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static String file(SearchHit hit) {
        return Path.of(hit.path()).getFileName().toString();
    }

    @Test
    void everyModeFindsThePassageThatAnswers() {
        for (Searcher.Mode mode : Searcher.Mode.values()) {
            List<SearchHit> hits = searcher.search("How many walkers can sleep in the hut?", 5, mode);
            assertThat(hits).as(mode.name()).isNotEmpty();
            assertThat(file(hits.getFirst())).as(mode.name()).isEqualTo("huts.txt");
        }
        assertThat(file(searcher.search("ice that moves downhill", 3, Searcher.Mode.VECTOR)
                        .getFirst()))
                .isEqualTo("glaciers.txt");
    }

    @Test
    void oneDocumentGivesAtMostThreeChunks() {
        List<SearchHit> hits = searcher.search("cairn manual stones route", 10, Searcher.Mode.HYBRID);
        assertThat(hits.stream().filter(h -> file(h).equals("manual.txt")).count())
                .isEqualTo(3);
        assertThat(hits).extracting(SearcherTest::file).contains("huts.txt", "glaciers.txt", "birds.txt");
    }

    @Test
    void wordsFindAFewChunksOfALongDocumentInTheLibraryAndAllThatFitWithinIt() {
        Searcher.Policy policy = Searcher.Policy.DEFAULT;
        List<SearchHit> whole = searcher.search("cairn manual stones route", 10, Searcher.Mode.TEXT);
        assertThat(whole)
                .as("the text list keeps %s chunks a document", policy.textPerDocument())
                .hasSize(Math.min(policy.textPerDocument(), policy.perDocument()))
                .allSatisfy(h -> assertThat(file(h)).isEqualTo("manual.txt"));

        SearchScope manual = new SearchScope(
                List.of(), Set.of(), null, Set.of(whole.getFirst().documentId()));
        assertThat(searcher.search("cairn manual stones route", 10, Searcher.Mode.TEXT, manual))
                .as("searched within, the manual's chunks are not capped before the final list")
                .hasSize(policy.perDocument())
                .allSatisfy(h -> assertThat(file(h)).isEqualTo("manual.txt"));
    }

    @Test
    void hitsCarryHighlightedSnippetsAndTheirPlaceInTheDocument() throws Exception {
        SearchHit hit =
                searcher.search("glacier crevasses", 1, Searcher.Mode.HYBRID).getFirst();
        assertThat(hit.snippet().marked("[", "]")).contains("[Crevasses]");
        String document = Files.readString(Path.of(hit.path()));
        assertThat(document.substring(hit.charStart(), hit.charEnd())).isEqualTo(hit.text());
    }

    @Test
    void theAnswerQuotesTheSourcesAndCitesThem() {
        Answer answer = searcher.ask("Why do walkers rope up on a glacier?", 5, Searcher.Mode.HYBRID);

        assertThat(answer.text()).contains("rope up").contains("[1]").doesNotContain("\n");
        assertThat(answer.text())
                .as("a sentence about huts does not answer a question about glaciers")
                .doesNotContain("hut");
        assertThat(answer.citations()).isNotEmpty();
        assertThat(file(answer.citations().getFirst().hit())).isEqualTo("glaciers.txt");
        // Every sentence of the answer is the sources' own words, and every marker has a citation.
        for (String sentence : answer.text().split(" \\[\\d+]\\s*")) {
            assertThat(answer.citations())
                    .anySatisfy(c ->
                            assertThat(c.hit().text().replaceAll("\\s+", " ")).contains(sentence.strip()));
        }
        var markers = Pattern.compile("\\[(\\d+)]")
                .matcher(answer.text())
                .results()
                .map(m -> Integer.parseInt(m.group(1)))
                .toList();
        assertThat(markers)
                .allSatisfy(n -> assertThat(n).isBetween(1, answer.citations().size()));
    }

    @Test
    void aQuestionWithNothingToFindGivesNoAnswerRatherThanAWrongOne() {
        assertThat(searcher.search("   ", 5, Searcher.Mode.HYBRID)).isEmpty();
        assertThat(searcher.ask("?", 5, Searcher.Mode.TEXT).isEmpty()).isTrue();
        Answer unrelated = searcher.ask(
                "What was the closing price of the Tokyo stock exchange in 1987?", 5, Searcher.Mode.HYBRID);
        assertThat(unrelated.text()).isEmpty();
        assertThat(unrelated.citations()).isEmpty();
    }
}
