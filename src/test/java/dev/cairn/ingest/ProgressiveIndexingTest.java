package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.CountingEmbedder;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.embed.VectorMath;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.EmbeddingQueue;
import dev.cairn.store.StoredChunk;
import dev.cairn.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Text first, vectors after (docs/decisions/0013-progressive-indexing.md), on real files, the real
 * model and the bundled PostgreSQL. The embedding stage is held back with its own hold, the way an
 * import holds it, so that the moment between "searchable by words" and "every vector there" can be looked at.
 */
@ResourceLock(TestDatabase.LOCK)
class ProgressiveIndexingTest extends RealModelTest {

    private ChunkStore store;

    @TempDir
    Path dir;

    @BeforeEach
    void emptyLibrary() {
        TestDatabase.resetWithMiniLmActive();
        store = new ChunkStore(TestDatabase.dataSource());
    }

    @AfterEach
    void closeStore() {
        store.close(); // its warm sessions: the test server has few
    }

    @Test
    void aDocumentIsFoundByItsWordsBeforeItsVectorsExistAndByItsMeaningAfter() throws Exception {
        Path docs = mountainNotes();
        try (SemanticIndexer stage = new SemanticIndexer(store, model, 8)) {
            IngestPipeline pipeline =
                    new IngestPipeline(parsers, model, store, governor, IngestPipeline.Options.defaults(), stage);
            Searcher searcher = new Searcher(store, model, Searcher.Policy.DEFAULT);
            IngestSummary text;
            long reusedBefore = model.tokenizer().reusedInputs();
            long assembledBefore = model.tokenizer().assembledInputs();
            try (SemanticIndexer.Hold held = stage.holdForText()) {
                text = pipeline.ingestText(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);

                assertThat(text.indexed()).isEqualTo(3);
                EmbeddingQueue.Coverage before = store.embeddingCoverage();
                assertThat(before.chunks()).isEqualTo(text.chunks()).isPositive();
                assertThat(before.waiting()).as("no vector yet").isEqualTo(before.chunks());
                assertThat(before.describe()).isEqualTo("semantic index 0%, " + before.chunks() + " chunks to go");
                for (Searcher.Mode mode : Searcher.Mode.values()) {
                    List<SearchHit> hits = searcher.search("crevasses", 5, mode);
                    assertThat(hits).as("%s search before the vectors", mode).isNotEmpty();
                    assertThat(fileOf(hits.getFirst())).isEqualTo("glaciers.md");
                    assertThat(hits).extracting(SearchHit::chunkId).doesNotHaveDuplicates();
                }
            }

            SemanticIndexer.Progress done = stage.awaitComplete(new IngestControl());

            assertThat(done.complete()).isTrue();
            assertThat(done.embedded()).isEqualTo(text.chunks());
            assertThat(done.describe()).isEqualTo("semantic index complete");
            assertThat(store.embeddingCoverage().waiting()).isZero();
            assertThat(model.tokenizer().reusedInputs() - reusedBefore)
                    .as("every chunk fed to the model as the chunker tokenized it, none tokenized twice")
                    .isEqualTo(text.chunks());
            assertThat(model.tokenizer().assembledInputs() - assembledBefore)
                    .as("every chunk's input put together from the tokens the chunker counted with")
                    .isEqualTo(text.chunks());
            try (OnnxEmbedder fresh = OnnxEmbedder.create(model.model())) { // tokenizes every text itself
                for (DocumentRecord d : store.listDocuments()) {
                    for (StoredChunk c : store.chunksOf(d.id())) {
                        float[] expected = fresh.embed(c.heading() == null ? c.text() : c.heading() + "\n" + c.text());
                        assertThat(VectorMath.cosine(c.embedding(), expected))
                                .as("chunk %d's vector", c.chunkId())
                                .isGreaterThan(1 - 1e-4);
                    }
                }
            }
            // A question that shares no word with the passage finds it by meaning now.
            List<SearchHit> meaning =
                    searcher.search("Why do people tie themselves together on ice?", 3, Searcher.Mode.VECTOR);
            assertThat(fileOf(meaning.getFirst())).isEqualTo("glaciers.md");
        }
    }

    @Test
    void aChangedFileReplacesItsTextAtOnceAndItsVectorsFollow() throws Exception {
        Path docs = mountainNotes();
        try (SemanticIndexer stage = new SemanticIndexer(store, model, 8)) {
            IngestPipeline pipeline =
                    new IngestPipeline(parsers, model, store, governor, IngestPipeline.Options.defaults(), stage);
            pipeline.ingest(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);
            Files.writeString(
                    docs.resolve("huts.txt"), "The hut at the col was rebuilt in stone and now sleeps forty climbers.");
            Searcher searcher = new Searcher(store, model, Searcher.Policy.DEFAULT);

            try (SemanticIndexer.Hold held = stage.holdForText()) {
                IngestSummary text =
                        pipeline.ingestText(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);

                assertThat(text.indexed()).isEqualTo(1);
                assertThat(text.skipped()).isEqualTo(2);
                DocumentRecord huts =
                        store.findByPath(docs.resolve("huts.txt").toString()).orElseThrow();
                List<StoredChunk> chunks = store.chunksOf(huts.id());
                assertThat(chunks).hasSize(1);
                assertThat(chunks.getFirst().text()).contains("forty climbers");
                assertThat(chunks.getFirst().embedding()).isNull();
                assertThat(searcher.search("twelve walkers", 5, Searcher.Mode.TEXT))
                        .as("the old text is gone with the change")
                        .noneMatch(h -> h.text().contains("twelve"));
                assertThat(fileOf(searcher.search("forty climbers", 5, Searcher.Mode.HYBRID)
                                .getFirst()))
                        .isEqualTo("huts.txt");
                assertThat(store.embeddingCoverage().waiting()).isEqualTo(1);
            }

            assertThat(stage.awaitComplete(new IngestControl()).complete()).isTrue();
            assertThat(store.embeddingCoverage().waiting()).isZero();
        }
    }

    @Test
    void twoStagesOnOneLibraryEmbedEveryChunkOnceBetweenThem() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i < 24; i++) {
            Files.writeString(
                    docs.resolve("note-%02d.txt".formatted(i)),
                    ("Note %d: the cairn at waypoint %d marks the path over the moor. ".formatted(i, i)).repeat(40));
        }
        CountingEmbedder first = new CountingEmbedder(model);
        CountingEmbedder second = new CountingEmbedder(model);
        try (SemanticIndexer a = new SemanticIndexer(store, first, 4);
                SemanticIndexer b = new SemanticIndexer(store, second, 4)) {
            IngestSummary text;
            try (SemanticIndexer.Hold heldA = a.holdForText();
                    SemanticIndexer.Hold heldB = b.holdForText()) {
                text = new IngestPipeline(parsers, model, store, governor, IngestPipeline.Options.defaults(), a)
                        .ingestText(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);
                b.wake();
            }

            SemanticIndexer.Progress doneA = a.awaitComplete(new IngestControl());
            SemanticIndexer.Progress doneB = b.awaitComplete(new IngestControl());

            assertThat(doneA.complete()).isTrue();
            assertThat(doneB.complete()).isTrue();
            assertThat(first.texts.get() + second.texts.get())
                    .as("each chunk embedded once")
                    .isEqualTo(text.chunks());
            assertThat(doneA.embedded() + doneB.embedded()).isEqualTo(text.chunks());
            assertThat(store.embeddingCoverage().waiting()).isZero();
        }
    }

    @Test
    void aBatchThatNeverCompletesIsGivenBackAndEmbeddedByTheNextStage() throws Exception {
        Path docs = mountainNotes();
        try (SemanticIndexer stage = new SemanticIndexer(store, model, 8)) {
            try (SemanticIndexer.Hold held = stage.holdForText()) {
                new IngestPipeline(parsers, model, store, governor, IngestPipeline.Options.defaults(), stage)
                        .ingestText(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);
            }
        }
        long chunks = store.embeddingCoverage().chunks();
        // A process that claimed chunks and died (or quit) mid-batch: its transaction rolls back.
        try (EmbeddingQueue crashed = store.embeddingQueue()) {
            EmbeddingQueue.Batch claimed = crashed.claim(model.modelId(), 100);
            assertThat(claimed.chunks()).hasSize((int) chunks);
            try (SemanticIndexer other = new SemanticIndexer(store, model, 8)) {
                other.wake();
                Thread.sleep(300);
                assertThat(other.progress().embedded())
                        .as("claimed chunks are not taken twice")
                        .isZero();
            }
        }

        try (SemanticIndexer next = new SemanticIndexer(store, model, 8)) {
            SemanticIndexer.Progress done = next.awaitComplete(new IngestControl());
            assertThat(done.complete()).isTrue();
            assertThat(done.embedded()).isEqualTo(chunks);
        }
        assertThat(store.embeddingCoverage()).isEqualTo(new EmbeddingQueue.Coverage(chunks, 0));
    }

    @Test
    void anImportThatStoredTextRefreshesTheSearchStatisticsAndOneThatChangedNothingDoesNot() throws Exception {
        Path docs = mountainNotes();
        try (SemanticIndexer stage = new SemanticIndexer(store, model, 8);
                SemanticIndexer.Hold held = stage.holdForText()) {
            IngestPipeline pipeline = new IngestPipeline(
                            parsers, model, store, governor, IngestPipeline.Options.defaults(), stage)
                    .upkeepWith(new StatisticsUpkeep(store, Runnable::run));
            long before = analysesOfTheChunks();

            assertThat(pipeline.ingestText(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE)
                            .indexed())
                    .isEqualTo(3);
            assertThat(analysesOfTheChunks()).isEqualTo(before + 1);

            assertThat(pipeline.ingestText(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE)
                            .skipped())
                    .isEqualTo(3);
            assertThat(analysesOfTheChunks())
                    .as("nothing changed: nothing to analyse")
                    .isEqualTo(before + 1);

            Files.delete(docs.resolve("birds.txt"));
            assertThat(pipeline.ingestText(List.of(docs), true, new IngestControl(), IngestPipeline.Listener.NONE)
                            .pruned())
                    .isEqualTo(1);
            assertThat(analysesOfTheChunks()).as("a document removed").isEqualTo(before + 2);
        }
    }

    /** ANALYZE runs on the chunks table asked for by name; autovacuum's own are counted apart. */
    private static long analysesOfTheChunks() throws SQLException {
        return TestDatabase.longOf("SELECT analyze_count FROM pg_stat_user_tables WHERE relid = 'chunks'::regclass");
    }

    private Path mountainNotes() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(
                docs.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers from June to September.");
        Files.writeString(docs.resolve("glaciers.md"), """
                # Glaciers

                Glaciers move slowly downhill under their own weight. Walkers on a glacier rope up,
                because snow bridges can hide crevasses.
                """);
        Files.writeString(docs.resolve("birds.txt"), "The golden eagle hunts marmots on open slopes above the valley.");
        return docs;
    }

    private static String fileOf(SearchHit hit) {
        return Objects.requireNonNull(Path.of(hit.path()).getFileName()).toString();
    }
}
