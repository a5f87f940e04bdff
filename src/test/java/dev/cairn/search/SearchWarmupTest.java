package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.CacheStats;
import dev.cairn.embed.CachingEmbedder;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.platform.BackgroundPriority;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentInfo;
import dev.cairn.store.DocumentWrite;
import dev.cairn.store.ModelRegistry;
import dev.cairn.store.NewChunk;
import dev.cairn.store.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.postgresql.ds.PGSimpleDataSource;

@ResourceLock(TestDatabase.LOCK)
class SearchWarmupTest {

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
    void aSmallLibrary() {
        TestDatabase.reset();
        new ModelRegistry(dataSource).activate(embedder.modelId(), embedder.dimension());
        searcher = new Searcher(store, embedder, Searcher.Policy.DEFAULT);
        List<String> texts = List.of(
                "Install the program from the downloaded package, then configure the network connection.",
                "The release notes list every change; a backup is made before the program restores one.",
                "getConnection waits for the timeout set in the settings before it reports an error.");
        long id = store.upsertDocument(new DocumentInfo(
                        "/lib/manual.md",
                        "0".repeat(64),
                        "text/markdown",
                        300,
                        Instant.parse("2026-01-02T03:04:05Z"),
                        null,
                        "/lib/manual.md"))
                .id();
        List<float[]> vectors = embedder.embedAll(texts);
        List<NewChunk> chunks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            chunks.add(new NewChunk(
                    i, texts.get(i), null, null, i * 100, i * 100 + texts.get(i).length(), 12, vectors.get(i)));
        }
        store.replaceChunks(id, embedder.modelId(), chunks);
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    @Test
    void theWarmUpRunsItsSearchesThroughTheModelAndTheDatabase() {
        long tokens = embedder.tokenCount().tokens();

        SearchWarmup.Outcome outcome = new SearchWarmup(() -> searcher, 30).run();

        assertThat(outcome).isEqualTo(new SearchWarmup.Outcome(30, SearchWarmup.Stop.DONE));
        assertThat(embedder.tokenCount().tokens())
                .as("the model embedded the shipped phrases")
                .isGreaterThan(tokens);
        assertThat(searcher.searchesAsked())
                .as("the warm-up's searches are not a person's")
                .isZero();
    }

    @Test
    void theWarmUpAsksMostlyInTheLibrarysOwnWordsAndTheShippedPhrasesBetween() {
        List<String> asked = new ArrayList<>();
        Searcher recording = recordingInto(asked);

        long tokens = embedder.tokenCount().tokens();
        new SearchWarmup(() -> recording, 12).run();
        long twelve = embedder.tokenCount().tokens() - tokens;
        new SearchWarmup(() -> recording, 24).run();
        long twentyFour = embedder.tokenCount().tokens() - tokens - twelve;

        assertThat(twentyFour)
                .as(
                        "the model embeds the shipped phrases once; the library's words are asked with their chunks' vectors")
                .isEqualTo(twelve)
                .isPositive();
        // each chunk's words as the warm-up reads them: punctuation around a word trimmed, one space between
        List<String> library = store.chunksSpreadOver(100).stream()
                .map(c -> String.join(
                        " ",
                        Arrays.stream(c.text().split("\\s+"))
                                .map(w -> w.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", ""))
                                .filter(w -> !w.isEmpty())
                                .toList()))
                .toList();
        assertThat(library).as("every chunk of the library").hasSize(3);
        assertThat(asked).hasSize(12 + 24);
        for (int i = 0; i < 12; i++) {
            String q = asked.get(i);
            if (i % 4 == 0) {
                assertThat(q).as("search %d", i).isEqualTo(SearchWarmup.PHRASES.get(i / 4));
            } else {
                assertThat(q.split(" ")).as("search %d: %s", i, q).hasSizeBetween(2, 5);
                assertThat(library)
                        .as("search %d, \"%s\": words in a row of one of the library's chunks", i, q)
                        .anySatisfy(text -> assertThat(text).contains(q));
            }
        }
    }

    @Test
    void aLibraryWithoutVectorsYetIsWarmedUpWithTheShippedPhrasesAlone() {
        TestDatabase.reset();
        new ModelRegistry(dataSource).activate(embedder.modelId(), embedder.dimension());
        String text = "Imported a moment ago: its words are searchable, its vector is still being computed.";
        DocumentInfo info = new DocumentInfo(
                "/lib/new.md",
                "1".repeat(64),
                "text/markdown",
                text.length(),
                Instant.parse("2026-01-02T03:04:05Z"),
                null,
                "/lib/new.md");
        try (DocumentWrite write = store.beginDocument(info, embedder.modelId())) { // text first, as an import
            write.append(List.of(new NewChunk(0, text, null, null, 0, text.length(), 16, null)));
            write.commit(info);
        }
        List<String> asked = new ArrayList<>();
        Searcher recording = recordingInto(asked);

        SearchWarmup.Outcome outcome = new SearchWarmup(() -> recording, 6).run();

        assertThat(outcome).isEqualTo(new SearchWarmup.Outcome(6, SearchWarmup.Stop.DONE));
        assertThat(asked).isEqualTo(SearchWarmup.PHRASES.subList(0, 6));
    }

    @Test
    void aWarmUpOfNoSearchesIsDoneWithoutReadingTheLibrary() {
        assertThat(new SearchWarmup(() -> searcher, 0).run())
                .isEqualTo(new SearchWarmup.Outcome(0, SearchWarmup.Stop.DONE));
    }

    /** A searcher whose rerank writes down each query it is asked to reorder, and keeps fusion's order. */
    private Searcher recordingInto(List<String> asked) {
        return new Searcher(store, embedder, Searcher.Policy.DEFAULT, (query, ranked) -> {
            asked.add(query);
            return ranked;
        });
    }

    @Test
    void wordsOfATextAreTwoToFiveInARowWithoutTheirPunctuation() {
        String text = "Install the program, then (quickly) configure the network connection.";

        assertThat(SearchWarmup.wordsOf(text, 0)).isEqualTo("Install the");
        assertThat(SearchWarmup.wordsOf(text, 1)).isEqualTo("Install the program");
        assertThat(SearchWarmup.wordsOf(text, 2)).isEqualTo("program then quickly configure");
        assertThat(SearchWarmup.wordsOf(text, 3)).isEqualTo("the program then quickly configure");
        assertThat(SearchWarmup.wordsOf("os.path.join", 2))
                .as("a text shorter than asked")
                .isEqualTo("os.path.join");
        assertThat(SearchWarmup.wordsOf(" -- ... ", 0)).isNull();
        String japanese = "検索の設定を変更すると、ライブラリ全体の索引が作り直されます。作り直しの間も検索はできます。";
        for (int i = 0; i < 20; i++) {
            String words = SearchWarmup.wordsOf(japanese, i);
            assertThat(words)
                    .as("a passage without spaces gives a piece of it, not all of it")
                    .hasSizeBetween(8, 16);
            assertThat(japanese).contains(words);
        }
    }

    @Test
    void wordsOfATextStayUnderFortyCharactersAndKeepWholeLettersAndMarks() {
        assertThat(SearchWarmup.wordsOf("Konfiguration der Datensicherung über Netzwerkfreigaben einrichten", 7))
                .as("five words would be 52 characters, four 41: three whole words")
                .isEqualTo("der Datensicherung über");
        assertThat(SearchWarmup.wordsOf("Datensicherung", 3)).as("one word").isEqualTo("Datensicherung");
        assertThat(SearchWarmup.wordsOf("नमस्ते दुनिया!", 0))
                .as("a vowel sign at a word's end is part of it")
                .isEqualTo("नमस्ते दुनिया");
        assertThat(SearchWarmup.wordsOf("「𠮷野家」で", 0))
                .as("a letter beyond the basic plane is a letter")
                .isEqualTo("𠮷野家」で");
        assertThat(SearchWarmup.wordsOf("検索\u3000設定", 0))
                .as("an ideographic space parts words")
                .isEqualTo("検索 設定");
    }

    @Test
    void theWarmUpRunsTheModelWhereTheCachesKnowItsPhrasesAndTeachesThemNothing() {
        CachingEmbedder cached = CachingEmbedder.builder(embedder).build();
        SearchWarmup.PHRASES.forEach(cached::embedQuery); // as a library that answered them before
        CacheStats before = cached.stats();
        long tokens = embedder.tokenCount().tokens();

        SearchWarmup.Outcome outcome =
                new SearchWarmup(() -> new Searcher(store, cached, Searcher.Policy.DEFAULT), 30).run();

        assertThat(outcome.stop()).isEqualTo(SearchWarmup.Stop.DONE);
        assertThat(embedder.tokenCount().tokens()).as("the model itself ran").isGreaterThan(tokens);
        CacheStats after = cached.stats();
        assertThat(after.hits() + after.misses())
                .as("no vector looked up in the cache")
                .isEqualTo(before.hits() + before.misses());
        assertThat(after.entries()).isEqualTo(before.entries());
    }

    @Test
    void theWarmUpStopsAtThePersonsFirstSearch() {
        // A person's search asked while the warm-up's third search is being reranked: single-threaded, no waiting.
        AtomicInteger reranked = new AtomicInteger();
        List<List<SearchHit>> persons = new ArrayList<>();
        Searcher[] shared = new Searcher[1];
        shared[0] = new Searcher(store, embedder, Searcher.Policy.DEFAULT, (query, ranked) -> {
            if (reranked.incrementAndGet() == 3) {
                persons.add(shared[0].search("configure the network connection", 5, Searcher.Mode.HYBRID));
            }
            return ranked;
        });

        SearchWarmup.Outcome outcome = new SearchWarmup(() -> shared[0], 1_000).run();

        assertThat(outcome)
                .as("it stops before its fourth search")
                .isEqualTo(new SearchWarmup.Outcome(3, SearchWarmup.Stop.YIELDED));
        assertThat(persons.getFirst()).extracting(SearchHit::path).contains("/lib/manual.md");
    }

    @Test
    void theWarmUpsThreadKeepsItsStartersPriority() throws Exception {
        // A search's text half runs on a virtual thread, and a carrier made by a lowered thread would stay lowered.
        Optional<Integer> starter = BackgroundPriority.currentNice();
        AtomicReference<Optional<Integer>> starting = new AtomicReference<>();
        List<Optional<Integer>> searching = new CopyOnWriteArrayList<>();
        Searcher watched = new Searcher(store, embedder, Searcher.Policy.DEFAULT, (query, ranked) -> {
            searching.add(BackgroundPriority.currentNice());
            return ranked;
        });
        SearchWarmup warmup = new SearchWarmup(
                () -> {
                    starting.set(BackgroundPriority.currentNice()); // where the database and the model start
                    return watched;
                },
                3);

        Thread thread = warmup.start();
        thread.join();

        assertThat(thread.isAlive()).isFalse();
        assertThat(starting.get()).isEqualTo(starter);
        assertThat(searching).hasSize(3).containsOnly(starter);
    }

    @Test
    void aWarmUpClosedBeforeItRunsSearchesNothing() {
        SearchWarmup warmup = new SearchWarmup(() -> searcher, 30);
        warmup.close();

        assertThat(warmup.run()).isEqualTo(new SearchWarmup.Outcome(0, SearchWarmup.Stop.CLOSED));
    }

    @Test
    void aLibraryWhoseDatabaseIsNotThereStopsTheWarmUpWithoutAnError() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1}); // nothing listens there
        nowhere.setConnectTimeout(2);
        try (ChunkStore unreachable = new ChunkStore(nowhere)) {
            Searcher lost = new Searcher(unreachable, embedder, Searcher.Policy.DEFAULT);

            assertThat(new SearchWarmup(() -> lost, 30).run())
                    .isEqualTo(new SearchWarmup.Outcome(0, SearchWarmup.Stop.FAILED));
        }
    }

    @Test
    void aLibraryThatCannotStartItsModelOrDatabaseStopsTheWarmUpWithoutAnError() {
        SearchWarmup warmup = new SearchWarmup(
                () -> {
                    throw new IllegalStateException("The bundled database could not start");
                },
                30);

        assertThat(warmup.run()).isEqualTo(new SearchWarmup.Outcome(0, SearchWarmup.Stop.FAILED));
    }
}
