package dev.cairn.ui.library;

import dev.cairn.ui.jobs.FinishedImport;
import dev.cairn.ui.jobs.PathOutcome;
import dev.cairn.ui.kit.Words;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one import did to each path, gathered while it runs: the walk's entries that were not
 * followed or can't be read, the files already in the library, then the pipeline's word on each file
 * sent. Safe from any thread: the pipeline reports from its own.
 */
final class ImportTally {

    private final String title;
    private final Path base;
    private final Map<Path, PathOutcome> outcomes = new LinkedHashMap<>();
    private final Set<Path> sent = new HashSet<>();
    private int alreadyAdded;

    private ImportTally(String title, Path base) {
        this.title = title;
        this.base = base;
    }

    /** An import of what a person dropped or picked: "'walks'", "'a.md' and 'b.md'", "'a.md' and 4 more". */
    static ImportTally of(List<Path> roots) {
        List<Path> given =
                roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        String first = quoted(given.getFirst());
        String title = switch (given.size()) {
            case 1 -> first;
            case 2 -> Words.get("tally.two", first, quoted(given.get(1)));
            default -> Words.get("tally.more", first, given.size() - 1);
        };
        return new ImportTally(
                title, commonFolder(given.stream().map(ImportTally::parent).toList()));
    }

    /** An interrupted import run again, named by the folder its files share. */
    static ImportTally resumed(List<Path> files) {
        Path folder = files.isEmpty()
                ? null
                : commonFolder(files.stream().map(ImportTally::parent).toList());
        if (folder == null || folder.getFileName() == null) {
            return new ImportTally(Words.get("tally.interrupted"), folder);
        }
        return new ImportTally(Words.get("tally.resumed", quoted(folder)), parent(folder));
    }

    /** One document sent through the pipeline again. */
    static ImportTally again(Path file) {
        Path path = file.toAbsolutePath().normalize();
        return new ImportTally(quoted(path) + " again", parent(path));
    }

    /** The walk's word on each entry: those that can't be read or were not followed, and those the library has. */
    synchronized void scanned(List<PathScanner.ScannedFile> found, List<DocumentRow> added) {
        Set<Path> fresh = new HashSet<>();
        added.forEach(row -> fresh.add(row.path()));
        for (PathScanner.ScannedFile file : found) {
            if (!file.ok()) {
                add(new PathOutcome(
                        file.path(),
                        file.notFollowed() ? PathOutcome.Kind.NOT_FOLLOWED : PathOutcome.Kind.FAILED,
                        file.problem()));
            } else if (!fresh.contains(file.path())) {
                alreadyAdded++;
            }
        }
    }

    /** The files handed to the pipeline; those without an outcome at the end were not imported. */
    synchronized void sent(List<Path> files) {
        files.forEach(f -> sent.add(f.toAbsolutePath().normalize()));
    }

    /** A path's outcome; a later one for the same path replaces it. */
    synchronized void add(PathOutcome outcome) {
        outcomes.put(outcome.path(), outcome);
    }

    /** The import as it ended, with the outcomes so far. */
    synchronized FinishedImport finish(FinishedImport.Ending ending, String why, ZonedDateTime at) {
        int[] n = new int[PathOutcome.Kind.values().length];
        List<PathOutcome> problems = new ArrayList<>();
        for (PathOutcome o : outcomes.values()) {
            n[o.kind().ordinal()]++;
            if (o.kind().listed()) {
                problems.add(o);
            }
        }
        int notImported =
                (int) sent.stream().filter(p -> !outcomes.containsKey(p)).count();
        problems.sort((a, b) -> PathScanner.byNameNaturally(a.path(), b.path()));
        var counts = new FinishedImport.Counts(
                n[PathOutcome.Kind.INDEXED.ordinal()],
                n[PathOutcome.Kind.UNCHANGED.ordinal()],
                alreadyAdded,
                n[PathOutcome.Kind.FAILED.ordinal()],
                n[PathOutcome.Kind.NOT_FOLLOWED.ordinal()],
                notImported);
        return new FinishedImport(
                title,
                base,
                ending,
                why,
                at,
                counts,
                problems.subList(0, Math.min(problems.size(), FinishedImport.LISTED)));
    }

    private static String quoted(Path p) {
        return "'" + (p.getFileName() == null ? p : p.getFileName()) + "'";
    }

    private static Path parent(Path p) {
        return p.getParent() == null ? p : p.getParent();
    }

    /** The deepest folder that holds all of them. */
    private static Path commonFolder(List<Path> folders) {
        Path common = folders.getFirst();
        for (Path f : folders) {
            while (common != null && !f.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }
}
