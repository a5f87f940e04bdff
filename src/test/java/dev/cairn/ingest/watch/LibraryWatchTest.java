package dev.cairn.ingest.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.CachingEmbedder;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.LibraryTest;
import dev.cairn.platform.Phrase;
import dev.cairn.store.WatchLease;
import dev.cairn.store.WatchedFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One watch per library: of two processes (here two watches, each with its own lease session, as two
 * processes have) only one reads the folders, the other hears of its changes and takes over when it
 * stops. Real files, the real model, the bundled PostgreSQL.
 */
class LibraryWatchTest extends LibraryTest {

    private static final long WAIT_SECONDS = 120;
    private static final LibraryWatch.Options QUICK = new LibraryWatch.Options(
            Duration.ofMillis(200), new FolderWatcher.Options(Duration.ofMillis(300), Duration.ZERO));

    private WatchedFolders list;
    private IngestPipeline pipeline;
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();
    private final List<LibraryWatch> watches = new ArrayList<>();

    @BeforeEach
    void noFolderWatched() throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE watched_folders");
        }
        list = new WatchedFolders(ds);
        CachingEmbedder embedder = CachingEmbedder.builder(model).build();
        pipeline = new IngestPipeline(parsers, embedder, store, governor, IngestPipeline.Options.defaults());
    }

    @AfterEach
    void stop() {
        watches.forEach(LibraryWatch::close);
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }

    /** A watch as a process of its own would have it: its own lease session and scheduler. */
    private LibraryWatch watch(Heard heard) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.add(scheduler);
        LibraryWatch w = new LibraryWatch(() -> pipeline, store, list, new WatchLease(ds), scheduler, QUICK, heard);
        watches.add(w);
        return w.start();
    }

    @Test
    void onlyOneOfTwoWatchesReadsTheFoldersAndTheOtherTakesOverWhenItStops() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("notes"));
        Path huts = Files.writeString(folder.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers.\n");
        list.add(folder);
        Heard first = new Heard();
        LibraryWatch one = watch(first);
        await(() -> first.indexed.contains(huts));
        Heard second = new Heard();
        LibraryWatch two = watch(second);
        await(two::hasLooked);

        assertThat(one.isWatchingHere()).isTrue();
        assertThat(two.isWatchingHere()).isFalse();
        await(() -> activity(two) == LibraryWatch.Activity.ELSEWHERE);

        Path glaciers = Files.writeString(folder.resolve("glaciers.txt"), "Walkers rope up on a glacier.\n");
        await(() -> first.indexed.contains(glaciers));
        await(() -> second.changedElsewhere.contains(folder.toAbsolutePath().normalize()));
        assertThat(second.indexed).isEmpty(); // heard of, never read twice

        one.close();
        await(two::isWatchingHere);
        Path weather = Files.writeString(folder.resolve("weather.txt"), "Storms come over the pass at four.\n");
        await(() -> second.indexed.contains(weather));
        assertThat(first.indexed).doesNotContain(weather);
    }

    @Test
    void aPausedFolderIsNotReadAndAResumedOneCatchesUp() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("notes"));
        list.add(folder);
        Heard heard = new Heard();
        LibraryWatch w = watch(heard);
        await(() -> activity(w) == LibraryWatch.Activity.WATCHING);

        list.pause(folder, true);
        w.lookAgain();
        await(() -> activity(w) == LibraryWatch.Activity.PAUSED);
        Path huts = Files.writeString(folder.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers.\n");
        Thread.sleep(2_000); // ten looks and several quiet periods: a folder still watched would be read by now
        assertThat(heard.indexed).doesNotContain(huts);
        assertThat(store.findByPath(huts.toString())).isEmpty();

        list.pause(folder, false);
        await(() -> heard.indexed.contains(huts));
        await(() -> list.find(folder).orElseThrow().lastChangeAt() != null); // stamped as the run ends
    }

    @Test
    void aFolderThatIsGoneIsSaidInWordsAndWatchedAgainWhenItIsBack() throws Exception {
        Path folder = dir.resolve("usb-stick");
        list.add(Files.createDirectories(folder));
        Files.delete(folder);
        Heard heard = new Heard();
        LibraryWatch w = watch(heard);
        await(() -> activity(w) == LibraryWatch.Activity.FAILED);
        assertThat(Phrase.english(w.folders().getFirst().problem())).startsWith("There is no folder " + folder);
        assertThat(Phrase.english(list.find(folder).orElseThrow().error()))
                .contains("watches it again as soon as it can");

        Files.createDirectories(folder);
        Path huts = Files.writeString(folder.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers.\n");
        await(() -> heard.indexed.contains(huts));
        await(() -> activity(w) == LibraryWatch.Activity.WATCHING);
    }

    private static LibraryWatch.Activity activity(LibraryWatch w) {
        List<LibraryWatch.Folder> folders = w.folders();
        return folders.isEmpty() ? null : folders.getFirst().activity();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %d s", WAIT_SECONDS).isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** What a watch told. */
    private static final class Heard implements LibraryWatch.Listener {
        final List<Path> indexed = new CopyOnWriteArrayList<>();
        final List<Path> changedElsewhere = new CopyOnWriteArrayList<>();

        @Override
        public void result(IngestResult result) {
            if (result instanceof IngestResult.Indexed i) {
                indexed.add(i.path());
            }
        }

        @Override
        public void changedElsewhere(Path folder) {
            changedElsewhere.add(folder);
        }
    }
}
