package dev.cairn.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns what the user dropped or picked into files: folders are walked (hidden entries skipped),
 * anything unreadable comes back with a reason instead of stopping the rest.
 */
final class PathScanner {

    /** One file found, or one that can't be added and why ({@code problem} empty when fine). */
    record ScannedFile(Path path, long size, String problem) {
        boolean ok() {
            return problem.isEmpty();
        }
    }

    private PathScanner() {
    }

    static List<ScannedFile> scan(List<Path> paths) {
        List<ScannedFile> found = new ArrayList<>();
        for (Path given : paths) {
            Path path = given.toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                walk(path, found);
            } else {
                found.add(inspect(path));
            }
        }
        return found;
    }

    private static void walk(Path dir, List<ScannedFile> found) {
        try (Stream<Path> entries = Files.walk(dir)) {
            entries.filter(p -> !isHidden(dir, p))
                    .filter(Files::isRegularFile)
                    .sorted(PathScanner::byNameNaturally)
                    .forEach(p -> found.add(inspect(p)));
        } catch (IOException | UncheckedIOException e) {
            found.add(new ScannedFile(dir, -1, "Can't read this folder: " + e.getMessage()));
        }
    }

    /** Folder by folder, each name as people sort them (note-2 before note-10; see {@link NaturalOrder}). */
    static int byNameNaturally(Path a, Path b) {
        int shared = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < shared; i++) {
            int c = NaturalOrder.INSTANCE.compare(a.getName(i).toString(), b.getName(i).toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
    }

    private static ScannedFile inspect(Path file) {
        if (!Files.exists(file)) {
            return new ScannedFile(file, -1, "File not found; it may have been moved or deleted");
        }
        if (!Files.isReadable(file)) {
            return new ScannedFile(file, -1, "No permission to read this file");
        }
        try {
            return new ScannedFile(file, Files.size(file), "");
        } catch (IOException e) {
            return new ScannedFile(file, -1, "Can't read this file: " + e.getMessage());
        }
    }

    /** Dot-files and anything inside dot-folders (.git, .cache) below the dropped folder. */
    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
