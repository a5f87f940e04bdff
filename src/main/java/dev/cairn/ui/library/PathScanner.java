package dev.cairn.ui.library;

import dev.cairn.ingest.FileWalker;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.NaturalOrder;
import dev.cairn.ui.kit.Words;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the user dropped or picked into files: folders are walked (hidden entries skipped),
 * anything unreadable comes back with a reason instead of stopping the rest.
 */
final class PathScanner {

    /**
     * One file found, or one that can't be added and why ({@code problem} empty when fine);
     * {@code notFollowed} when the walk left it alone (a link or device), rather than failed to read it.
     */
    record ScannedFile(Path path, long size, String problem, boolean notFollowed) {
        ScannedFile(Path path, long size, String problem) {
            this(path, size, problem, false);
        }

        boolean ok() {
            return problem.isEmpty();
        }
    }

    private PathScanner() {}

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

    /** The core's walk (hidden entries skipped): every file, and every entry not followed with its reason. */
    private static void walk(Path dir, List<ScannedFile> found) {
        FileWalker.Walk walk = FileWalker.scan(List.of(dir));
        List<ScannedFile> entries = new ArrayList<>();
        walk.files().forEach(p -> entries.add(inspect(p)));
        for (FileWalker.NotFollowed n : walk.notFollowed()) {
            entries.add(new ScannedFile(n.path(), -1, Formats.capitalised(Phrase.show(n.reason())), true));
        }
        entries.sort((a, b) -> byNameNaturally(a.path(), b.path()));
        found.addAll(entries);
    }

    /** Folder by folder, each name as people sort them (note-2 before note-10; see {@link NaturalOrder}). */
    static int byNameNaturally(Path a, Path b) {
        int shared = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < shared; i++) {
            int c = NaturalOrder.INSTANCE.compare(
                    a.getName(i).toString(), b.getName(i).toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
    }

    private static ScannedFile inspect(Path file) {
        if (!Files.exists(file)) {
            return new ScannedFile(file, -1, Words.get("scan.notFound"));
        }
        if (!Files.isReadable(file)) {
            return new ScannedFile(file, -1, Words.get("scan.noPermission"));
        }
        try {
            return new ScannedFile(file, Files.size(file), "");
        } catch (IOException e) {
            return new ScannedFile(file, -1, Words.get("scan.cantRead", e.getMessage()));
        }
    }
}
