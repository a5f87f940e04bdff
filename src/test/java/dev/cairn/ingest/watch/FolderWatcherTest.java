package dev.cairn.ingest.watch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.embed.CachingEmbedder;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.LibraryTest;
import dev.cairn.ingest.parse.TestMail;
import dev.cairn.platform.Phrase;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import dev.cairn.store.StoredChunk;
import dev.cairn.store.WatchedFolder;
import dev.cairn.store.WatchedFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watched folders on real files, with the real model and the bundled PostgreSQL. */
class FolderWatcherTest extends LibraryTest {

    /** Generous: the machine is shared; a run that never comes fails the test instead of hanging it. */
    private static final long WAIT_SECONDS = 120;

    private WatchedFolders folders;
    private IngestPipeline pipeline;
    private ScheduledExecutorService scheduler;
    private final BlockingQueue<FolderWatcher.Run> runs = new LinkedBlockingQueue<>();
    private FolderWatcher watcher;
    private final List<String> parts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void noFolderWatched() throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE watched_folders");
        }
        folders = new WatchedFolders(ds);
        CachingEmbedder embedder = cachingEmbedder();
        pipeline = new IngestPipeline(parsers, embedder, store, governor, IngestPipeline.Options.defaults());
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopWatching() {
        if (watcher != null) {
            watcher.close();
        }
        scheduler.shutdownNow();
    }

    /** Starts watching {@code folder} and waits for the catch-up reconcile that every start begins with. */
    private FolderWatcher watch(Path folder) throws Exception {
        folders.add(folder);
        watcher = new FolderWatcher(
                        folder,
                        pipeline,
                        store,
                        folders,
                        scheduler,
                        new FolderWatcher.Options(Duration.ofMillis(300), Duration.ZERO),
                        new FolderWatcher.Listener() {
                            @Override
                            public void part(Path file, String partOf, IngestResult result) {
                                parts.add(result.path() + " "
                                        + result.getClass().getSimpleName() + ", " + Phrase.english(partOf));
                            }

                            @Override
                            public void ran(FolderWatcher.Run run) {
                                runs.add(run);
                            }
                        })
                .start();
        FolderWatcher.Run first = nextRun();
        assertThat(first.reconcile()).isTrue();
        return watcher;
    }

    private FolderWatcher.Run nextRun() throws InterruptedException {
        FolderWatcher.Run run = runs.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (run == null) {
            fail("the watcher did not run within " + WAIT_SECONDS + " s");
        }
        return run;
    }

    /** Waits run by run (events may settle in more than one) until the library shows the change. */
    private void awaitLibrary(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            nextRun();
        }
    }

    private String indexedText(Path file) {
        return store.findByPath(file.toAbsolutePath().normalize().toString())
                .filter(d -> d.status() == DocumentStatus.INDEXED)
                .map(d -> store.chunksOf(d.id()).stream().map(StoredChunk::text).collect(Collectors.joining(" ")))
                .orElse("");
    }

    private boolean isIndexed(Path file) {
        return !indexedText(file).isEmpty();
    }

    private boolean isInLibrary(Path file) {
        return store.findByPath(file.toAbsolutePath().normalize().toString()).isPresent();
    }

    private Path folder() throws IOException {
        return Files.createDirectories(dir.resolve("notes"));
    }

    @Test
    void aFileCreatedInAWatchedFolderBecomesIndexed() throws Exception {
        Path notes = folder();
        watch(notes);

        Path file =
                Files.writeString(notes.resolve("marmots.txt"), "Marmots whistle when an eagle flies over the valley.");
        awaitLibrary(() -> isIndexed(file));

        assertThat(indexedText(file)).contains("Marmots whistle");
    }

    @Test
    void theAttachmentsOfMailInTheFolderAreToldAfterTheirMessage() throws Exception {
        Path notes = folder();
        watch(notes);

        Path mail = TestMail.eml(
                notes.resolve("tides.eml"),
                "Tide readings",
                "The readings are attached.",
                Map.of("gauge.md", "# Gauge\n\nThe gauge at Peniche read four metres.\n".getBytes(UTF_8)));
        awaitLibrary(() -> isIndexed(mail));

        assertThat(parts).containsExactly(mail + "#1/gauge.md Indexed, attachment of 'Tide readings'");
        assertThat(indexedText(Path.of(mail + "#1/gauge.md"))).contains("four metres");
    }

    @Test
    void aModifiedFileHasItsChunksReplaced() throws Exception {
        Path notes = folder();
        Path file = Files.writeString(notes.resolve("weather.md"), "# Weather\n\nFog came down over the ridge.\n");
        watch(notes);
        assertThat(indexedText(file)).contains("Fog came down");

        Files.writeString(file, "# Weather\n\nSnow fell on the pass all night.\n");
        awaitLibrary(() -> indexedText(file).contains("Snow fell"));

        assertThat(indexedText(file)).doesNotContain("Fog");
        assertThat(store.listDocuments()).hasSize(1);
    }

    @Test
    void aDeletedFileHasItsDocumentRemoved() throws Exception {
        Path notes = folder();
        Path kept = Files.writeString(notes.resolve("kept.txt"), "The hut at the pass sleeps twelve walkers.");
        Path gone = Files.writeString(notes.resolve("gone.txt"), "Crampons are needed above the glacier.");
        watch(notes);
        assertThat(isIndexed(gone)).isTrue();

        Files.delete(gone);
        awaitLibrary(() -> !isInLibrary(gone));

        assertThat(store.listDocuments()).extracting(DocumentRecord::path).containsExactly(kept.toString());
    }

    @Test
    void aFileInANewSubfolderIsPickedUpAndHiddenFilesAreNot() throws Exception {
        Path notes = folder();
        watch(notes);

        Path sub = Files.createDirectories(notes.resolve("2026/november"));
        Path hidden =
                Files.writeString(notes.resolve(".draft.txt"), "A hidden draft that must stay out of the library.");
        Path file =
                Files.writeString(sub.resolve("trip.txt"), "We crossed the col at dawn and reached the hut by noon.");
        awaitLibrary(() -> isIndexed(file));

        assertThat(indexedText(file)).contains("crossed the col");
        assertThat(isInLibrary(hidden)).isFalse();
    }

    @Test
    void deletingASubfolderRemovesTheDocumentsUnderIt() throws Exception {
        Path notes = folder();
        Path sub = Files.createDirectories(notes.resolve("old"));
        Path a = Files.writeString(sub.resolve("a.txt"), "Old notes about the northern route.");
        Path b = Files.writeString(sub.resolve("b.txt"), "More old notes about the southern route.");
        watch(notes);
        assertThat(isIndexed(a) && isIndexed(b)).isTrue();

        Files.delete(a);
        Files.delete(b);
        Files.delete(sub);
        awaitLibrary(() -> store.listDocuments().isEmpty());
    }

    @Test
    void aReconcileCatchesUpOnChangesMadeWhileNoWatcherRan() throws Exception {
        Path notes = folder();
        Path changed = Files.writeString(notes.resolve("changed.txt"), "The old text about stone shelters.");
        Path deleted = Files.writeString(notes.resolve("deleted.txt"), "A file that will be deleted offline.");
        watch(notes).close();
        watcher = null;
        Instant firstPass =
                folders.find(notes).map(WatchedFolder::lastReconciledAt).orElseThrow();

        Files.writeString(changed, "The new text about bivouac bags.");
        Files.delete(deleted);
        Path added = Files.writeString(notes.resolve("added.txt"), "A file added while nobody watched.");
        watch(notes);

        assertThat(indexedText(changed)).contains("bivouac").doesNotContain("stone shelters");
        assertThat(isInLibrary(deleted)).isFalse();
        assertThat(isIndexed(added)).isTrue();
        WatchedFolder state = folders.find(notes).orElseThrow();
        assertThat(state.state()).isEqualTo(WatchedFolder.State.ACTIVE);
        assertThat(state.lastReconciledAt()).isAfterOrEqualTo(firstPass);
    }

    @Test
    void aFolderThatIsNotThereCannotBeWatched() {
        Path missing = dir.resolve("missing");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FolderWatcher(
                        missing,
                        pipeline,
                        store,
                        folders,
                        scheduler,
                        FolderWatcher.Options.defaults(),
                        FolderWatcher.Listener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a folder");
    }
}
