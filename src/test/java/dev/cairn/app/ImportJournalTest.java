package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportJournalTest {

    @TempDir
    Path dir;

    @Test
    void anImportCutShortLeavesItsFilesAndCountsTheOnesNotDone() {
        ImportJournal journal = new ImportJournal(dir);
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Path c = dir.resolve("c.txt");
        ImportJournal.Entry entry = journal.begin(List.of(a, b, c));
        entry.done(a);
        entry.close(); // the app quit

        ImportJournal.Unfinished unfinished = new ImportJournal(dir).unfinished();
        assertThat(unfinished.files()).containsExactly(a, b, c);
        assertThat(unfinished.notDone()).isEqualTo(2);
    }

    @Test
    void aFinishedImportLeavesNothingToOffer() {
        ImportJournal journal = new ImportJournal(dir);
        ImportJournal.Entry entry = journal.begin(List.of(dir.resolve("a.txt")));
        entry.finish();

        assertThat(journal.unfinished().isEmpty()).isTrue();
        assertThat(journal.unfinished().files()).isEmpty();
    }

    @Test
    void unfinishedImportsAddUpAndForgettingClearsThemAll() {
        ImportJournal journal = new ImportJournal(dir);
        journal.begin(List.of(dir.resolve("a.txt"), dir.resolve("b.txt"))).close();
        journal.begin(List.of(dir.resolve("b.txt"), dir.resolve("c.txt"))).close();

        assertThat(journal.unfinished().notDone()).isEqualTo(3); // b once

        journal.forgetUnfinished();
        assertThat(journal.unfinished().isEmpty()).isTrue();
    }

    @Test
    void aLineHalfWrittenByACrashIsIgnored() throws Exception {
        ImportJournal journal = new ImportJournal(dir);
        Path a = dir.resolve("a.txt");
        ImportJournal.Entry entry = journal.begin(List.of(a, dir.resolve("b.txt")));
        entry.close();
        try (var files = Files.list(dir)) {
            Path record = files.filter(p -> p.toString().endsWith(".import"))
                    .findFirst()
                    .orElseThrow();
            Files.writeString(record, "-", java.nio.file.StandardOpenOption.APPEND);
        }

        assertThat(journal.unfinished().notDone()).isEqualTo(2);
    }

    @Test
    void noDirectoryMeansNothingUnfinished() {
        assertThat(new ImportJournal(dir.resolve("never-made")).unfinished().isEmpty())
                .isTrue();
    }
}
