package dev.cairn.ui.jobs;

import dev.cairn.ui.kit.Words;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One import of this session as it ended: what was imported, how it ended, how many of its paths
 * ended which way, and the paths that failed or were not followed, each with its reason (indexed and
 * unchanged ones are only counted).
 *
 * @param title    what was imported, as people name it: "'walks'", "'notes.md' and 2 more"
 * @param base     the folder listed paths are shown relative to; {@code null} to show them whole
 * @param why      why it stopped or failed, in words; empty when it ran to its end or was cancelled
 * @param problems the failed and not-followed paths in name order, at most {@link #LISTED}
 */
public record FinishedImport(
        String title,
        Path base,
        Ending ending,
        String why,
        ZonedDateTime at,
        Counts counts,
        List<PathOutcome> problems) {

    /** Problems kept per import: a folder of thousands of broken files is counted in full, listed in part. */
    public static final int LISTED = 200;

    public enum Ending {
        /** Ran to its end (some files may have failed: the counts say). */
        DONE,
        /** A person cancelled it. */
        CANCELLED,
        /** Something that is no file's fault stopped it (the database went away, the disk is full). */
        STOPPED,
        /** An error no file accounts for. */
        FAILED
    }

    /**
     * @param alreadyAdded files already in the library, which a drop does not send again
     * @param notImported  files sent that the import ended before reaching
     */
    public record Counts(int indexed, int unchanged, int alreadyAdded, int failed, int notFollowed, int notImported) {
        int problems() {
            return failed + notFollowed;
        }
    }

    public FinishedImport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(ending, "ending");
        why = why == null ? "" : why;
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(counts, "counts");
        problems = List.copyOf(problems);
    }

    /** "Imported 'walks': 12 indexed, 2 skipped (unchanged), 1 failed, 3 not followed". */
    public String summary() {
        return Words.get("finished.summary", headline(), outcomes());
    }

    /** "Imported 'walks'", "Import of 'walks' cancelled". */
    public String headline() {
        return switch (ending) {
            case DONE -> Words.get("finished.done", title);
            case CANCELLED -> Words.get("finished.cancelled", title);
            case STOPPED -> Words.get("finished.stopped", title);
            case FAILED -> Words.get("finished.failed", title);
        };
    }

    /** "12 indexed, 2 skipped (unchanged), 1 failed, 3 not followed". */
    public String outcomes() {
        List<String> parts = new ArrayList<>();
        part(parts, counts.indexed(), "finished.indexed");
        part(parts, counts.unchanged(), "finished.unchanged");
        part(parts, counts.alreadyAdded(), "finished.alreadyAdded");
        part(parts, counts.failed(), "finished.failedCount");
        part(parts, counts.notFollowed(), "finished.notFollowed");
        part(parts, counts.notImported(), "finished.notImported");
        if (parts.isEmpty()) {
            return Words.get("finished.noFiles");
        }
        if (counts.indexed() == 0 && ending == Ending.DONE && counts.problems() > 0) {
            parts.addFirst(
                    Words.get("finished.nothingIndexed")); // "Imported 'x.pdf': 1 failed" alone would read as a success
        }
        return String.join(", ", parts);
    }

    /** The failed and not-followed paths beyond those listed. */
    public int unlisted() {
        return counts.problems() - problems.size();
    }

    /** A listed path as people read it: from the imported folder down when it lies inside. */
    public String shown(PathOutcome outcome) {
        Path path = outcome.path();
        return base != null && path.startsWith(base) && !path.equals(base)
                ? base.relativize(path).toString()
                : path.toString();
    }

    private static void part(List<String> parts, int n, String key) {
        if (n > 0) {
            parts.add(Words.get(key, n));
        }
    }
}
