package dev.cairn.ui.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ui.jobs.FinishedImport;
import dev.cairn.ui.jobs.PathOutcome;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An import's outcomes, gathered from the walk and the pipeline, read as the Jobs page says them. */
class ImportTallyTest {

    private static final Path WALKS = Path.of("/home/ana/walks");
    private static final ZonedDateTime AT = ZonedDateTime.parse("2026-12-05T14:32:00Z");

    @Test
    void everyPathOfADroppedFolderIsCountedAndTheOnesThatDidNotGoInAreListedByName() {
        ImportTally tally = ImportTally.of(List.of(WALKS));
        List<PathScanner.ScannedFile> found = List.of(
                new PathScanner.ScannedFile(WALKS.resolve("col.md"), 10, ""),
                new PathScanner.ScannedFile(
                        WALKS.resolve("gone.md"), -1, "A link to something that does not exist: not followed", true),
                new PathScanner.ScannedFile(WALKS.resolve("known.md"), 10, ""),
                new PathScanner.ScannedFile(WALKS.resolve("note-10.md"), 10, ""),
                new PathScanner.ScannedFile(WALKS.resolve("note-2.pdf"), 10, ""),
                new PathScanner.ScannedFile(WALKS.resolve("ridge.md"), 10, ""));
        List<DocumentRow> added = found.stream()
                .filter(f -> !f.path().endsWith("known.md"))
                .map(f -> new DocumentRow(f.path(), f.size()))
                .toList();
        tally.scanned(found, added);
        tally.sent(List.of(
                WALKS.resolve("col.md"),
                WALKS.resolve("note-10.md"),
                WALKS.resolve("note-2.pdf"),
                WALKS.resolve("ridge.md")));
        tally.add(new PathOutcome(WALKS.resolve("note-10.md"), PathOutcome.Kind.INDEXED, ""));
        tally.add(new PathOutcome(WALKS.resolve("note-2.pdf"), PathOutcome.Kind.FAILED, "Not a PDF."));
        tally.add(new PathOutcome(WALKS.resolve("col.md"), PathOutcome.Kind.UNCHANGED, "unchanged"));

        FinishedImport done = tally.finish(FinishedImport.Ending.CANCELLED, "", AT);

        assertThat(done.summary())
                .isEqualTo("Import of 'walks' cancelled: 1 indexed, 1 skipped (unchanged), "
                        + "1 already in the library, 1 failed, 1 not followed, 1 not imported");
        assertThat(done.problems()).extracting(done::shown).containsExactly("walks/gone.md", "walks/note-2.pdf");
        assertThat(done.problems())
                .extracting(PathOutcome::reason)
                .containsExactly("A link to something that does not exist: not followed", "Not a PDF.");
    }

    @Test
    void aFolderOfThousandsOfBrokenFilesIsCountedInFullAndListedInPart() {
        ImportTally tally = ImportTally.of(List.of(WALKS));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FinishedImport.LISTED + 50; i++) {
            files.add(WALKS.resolve("scan-" + i + ".pdf"));
        }
        tally.sent(files);
        files.forEach(f -> tally.add(new PathOutcome(f, PathOutcome.Kind.FAILED, "Not a PDF.")));

        FinishedImport done = tally.finish(FinishedImport.Ending.DONE, "", AT);

        assertThat(done.summary()).isEqualTo("Imported 'walks': nothing indexed, 250 failed");
        assertThat(done.problems()).hasSize(FinishedImport.LISTED);
        assertThat(done.unlisted()).isEqualTo(50);
        assertThat(done.shown(done.problems().get(2))).isEqualTo("walks/scan-2.pdf");
    }

    @Test
    void importsAreNamedAsPeopleWouldNameThem() {
        Path a = Path.of("/home/ana/a.md");
        Path b = Path.of("/home/ana/b.md");
        Path c = Path.of("/home/ana/c.md");
        assertThat(title(ImportTally.of(List.of(a, b)))).isEqualTo("'a.md' and 'b.md'");
        assertThat(title(ImportTally.of(List.of(a, b, c)))).isEqualTo("'a.md' and 2 more");
        assertThat(title(ImportTally.resumed(List.of(WALKS.resolve("x.md"), WALKS.resolve("sub/y.md")))))
                .isEqualTo("'walks' (resumed)");
        assertThat(title(ImportTally.again(a))).isEqualTo("'a.md' again");
    }

    private static String title(ImportTally tally) {
        return tally.finish(FinishedImport.Ending.DONE, "", AT).title();
    }
}
