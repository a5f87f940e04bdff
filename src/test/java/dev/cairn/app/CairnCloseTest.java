package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.watch.FolderWatcher;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the library while its watch reads a folder stops the watch first: no file fails for want of a parser. */
class CairnCloseTest {

    @Test
    void closingDuringAWatchRunFailsNoFile(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("notes"));
        for (int i = 0; i < 60; i++) {
            Files.writeString(
                    folder.resolve("note-" + i + ".md"),
                    "# Note " + i + "\n\nThe hut at pass " + i + " sleeps twelve walkers from June to September.\n");
        }
        List<IngestResult> results = new CopyOnWriteArrayList<>();
        Cairn cairn = Cairn.open(new AppDirs(dir.resolve("data")), null);
        try {
            cairn.watchedFolders().add(folder);
            cairn.watch(
                            new LibraryWatch.Options(
                                    Duration.ofMillis(200),
                                    new FolderWatcher.Options(Duration.ofMillis(100), Duration.ZERO)),
                            new LibraryWatch.Listener() {
                                @Override
                                public void result(IngestResult result) {
                                    results.add(result);
                                }
                            })
                    .start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (results.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(results).as("the watch's first run read a file").isNotEmpty();
        } finally {
            cairn.close(); // mid-run: the pipeline's parsers were made after the watch started
        }
        int heard = results.size();
        Thread.sleep(500);
        assertThat(results).hasSize(heard); // nothing runs on after the close
        assertThat(results).noneMatch(r -> r instanceof IngestResult.Failed);
    }
}
