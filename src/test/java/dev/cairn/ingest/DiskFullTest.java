package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.app.Cairn;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's disk fills in the middle of an import (a small tmpfs holds the data directory):
 * the batch stops, says in one line that the disk is full and what to do, and blames no file.
 * Needs root to mount the tmpfs; skipped, saying why, where that is not possible.
 */
class DiskFullTest {

    private static final String[] WORDS = ("moraine cirque arete col scree talus serac bergschrund couloir tarn "
                    + "glacier crevasse cornice ridge summit saddle valley meadow tundra lichen ptarmigan marmot chamois "
                    + "ibex eagle raven pine larch spruce juniper heather gentian edelweiss boulder cairn waymark")
            .split(" ");

    @TempDir
    Path dir;

    @Test
    @Timeout(
            value = 5,
            unit = TimeUnit.MINUTES,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang must fail, not stall the build
    void anImportThatFillsTheDiskStopsAndSaysTheDiskIsFull() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("disk"));
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=96m,mode=0700", "tmpfs", disk.toString()),
                "needs root and tmpfs to give the library a small disk (skipped: mount failed)");
        try {
            Path corpus = Files.createDirectories(dir.resolve("corpus"));
            Random random = new Random(11);
            for (int f = 0; f < 300; f++) {
                StringBuilder text = new StringBuilder();
                while (text.length() < 200_000) {
                    for (int w = 0; w < 60; w++) {
                        text.append(WORDS[random.nextInt(WORDS.length)])
                                .append(random.nextInt(100_000))
                                .append(' ');
                    }
                    text.append(".\n\n");
                }
                Files.writeString(corpus.resolve("field-notes-%03d.txt".formatted(f)), text);
            }
            AppDirs dirs = new AppDirs(disk.resolve("data"));
            IngestSummary summary;
            try (Cairn cairn = Cairn.open(dirs, null)) {
                summary = cairn.pipeline(cairn.ingestOptions())
                        .ingestText(List.of(corpus), false, new IngestControl(), IngestPipeline.Listener.NONE);
            }
            System.out.printf(
                    "DiskFullTest: %d indexed, %d failed; %s%n",
                    summary.indexed(), summary.failed(), summary.stopped());

            assertThat(summary.failed()).as("no file blamed for the full disk").isZero();
            assertThat(Phrase.english(summary.stopped()))
                    .startsWith("The disk holding " + dirs.pgData() + " is full")
                    .contains("Free some space, then run the same import again")
                    .endsWith((300 - summary.indexed()) + " files are left.");
            assertThat(Phrase.show(summary.stopped(), java.util.Locale.GERMAN))
                    .startsWith("Der Datenträger mit " + dirs.pgData() + " ist voll")
                    .contains("Schaffen Sie Platz");
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
