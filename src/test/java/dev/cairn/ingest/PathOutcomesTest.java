package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Every entry of a dropped folder has an outcome: indexed, skipped, failed with its reason, or not
 * followed with its reason (links that loop, dangle or leave the folder, a pipe); a file whose name
 * says PDF or DOCX but whose bytes are not is never read as text.
 */
@ResourceLock(TestDatabase.LOCK)
class PathOutcomesTest extends RealModelTest {

    @TempDir
    Path dir;

    @Test
    void everyEntryOfADroppedFolderIsIndexedFailedOrNotFollowedWithItsReason() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "A note kept outside the dropped folder.");
        Path folder = Files.createDirectories(dir.resolve("dropped"));
        Path good = Files.writeString(folder.resolve("good.txt"), "The hut at the pass sleeps twelve walkers.");
        Path sub = Files.createDirectories(folder.resolve("sub"));
        Path loop = Files.createSymbolicLink(sub.resolve("loop"), folder);
        Path self = Files.createSymbolicLink(folder.resolve("self"), folder.resolve("self"));
        Path dangling = Files.createSymbolicLink(folder.resolve("dangling.txt"), dir.resolve("gone.txt"));
        Path leaving = Files.createSymbolicLink(folder.resolve("elsewhere.txt"), outside);
        Path pipe = folder.resolve("pipe");
        boolean madePipe = new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor(10, TimeUnit.SECONDS)
                && Files.exists(pipe);
        Path fakePdf = Files.write(folder.resolve("scan.pdf"), new byte[] {'h', 'e', 'l', 'l', 'o'});
        Path fakeDocx = Files.write(folder.resolve("letter.docx"), new byte[] {0x13, 0x37, 'a'});

        TestDatabase.resetWithMiniLmActive();
        ChunkStore store = new ChunkStore(TestDatabase.dataSource());
        List<IngestResult> results = new ArrayList<>();
        IngestSummary summary = new IngestPipeline(parsers, model, store, governor, IngestPipeline.Options.defaults())
                .ingest(List.of(folder), false, new IngestControl(), new IngestPipeline.Listener() {
                    @Override
                    public synchronized void result(IngestResult result) {
                        results.add(result);
                    }
                });

        assertThat(summary.indexed()).isEqualTo(1);
        assertThat(results)
                .filteredOn(r -> r instanceof IngestResult.Indexed)
                .extracting(IngestResult::path)
                .containsExactly(good);
        Map<Path, String> failed = summary.failures().stream()
                .collect(Collectors.toMap(IngestResult.Failed::path, f -> Phrase.english(f.reason())));
        assertThat(failed).containsOnlyKeys(fakePdf, fakeDocx);
        assertThat(failed.get(fakePdf)).startsWith("Not a PDF");
        assertThat(failed.get(fakeDocx)).startsWith("Not a Word (.docx) file");
        assertThat(store.findByPath(fakePdf.toString()).orElseThrow().status())
                .isEqualTo(dev.cairn.store.DocumentStatus.FAILED);

        Map<Path, String> notFollowed = summary.notFollowed().stream()
                .collect(Collectors.toMap(IngestResult.NotFollowed::path, n -> Phrase.english(n.reason())));
        assertThat(notFollowed.get(loop)).contains("loops back");
        assertThat(notFollowed.get(self)).isNotBlank();
        assertThat(notFollowed.get(dangling)).contains("does not exist");
        assertThat(notFollowed.get(leaving)).contains("outside");
        if (madePipe) {
            assertThat(notFollowed.get(pipe)).contains("pipe");
        }
        assertThat(results)
                .filteredOn(r -> r instanceof IngestResult.NotFollowed)
                .hasSize(notFollowed.size());
        store.close();
    }
}
