package dev.cairn.ingest;

import dev.cairn.ingest.parse.DocumentTypes;
import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files an ingest run looks at: the given files, and folders walked recursively, hidden entries
 * skipped. Every other entry has an outcome: a file to read, or an entry that is not followed,
 * with the reason (a loop of links, a dangling link, a link that leaves the folder, a device,
 * socket or pipe, an unreadable folder).
 */
public final class FileWalker {

    /** An entry that is not read, and why, in words. */
    public record NotFollowed(Path path, String reason) {}

    /** What a walk found: the files, in order, and the entries it did not follow. */
    public record Walk(List<Path> files, List<NotFollowed> notFollowed) {
        public Walk {
            files = List.copyOf(files);
            notFollowed = List.copyOf(notFollowed);
        }
    }

    private FileWalker() {}

    public static List<Path> walk(List<Path> roots) {
        return scan(roots).files();
    }

    /**
     * Walks the roots.
     *
     * @throws IllegalArgumentException when a root itself does not exist
     */
    public static Walk scan(List<Path> roots) {
        Set<Path> files = new LinkedHashSet<>();
        List<NotFollowed> notFollowed = new ArrayList<>();
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            if (Files.isRegularFile(abs)) {
                files.add(abs);
            } else if (Files.isDirectory(abs)) {
                walkFolder(abs, files, notFollowed);
            } else if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                notFollowed.add(new NotFollowed(abs, whyNot(abs)));
            } else {
                throw new IllegalArgumentException("No such file or folder: " + root);
            }
        }
        return new Walk(new ArrayList<>(files), notFollowed);
    }

    private static void walkFolder(Path root, Set<Path> files, List<NotFollowed> notFollowed) {
        Path realRoot = realPath(root);
        List<Path> found = new ArrayList<>();
        List<NotFollowed> skipped = new ArrayList<>();
        try {
            Files.walkFileTree(
                    root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (dir.equals(root)) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (DocumentTypes.isHidden(dir)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (leaves(dir, realRoot)) {
                                skipped.add(new NotFollowed(dir, Phrase.of("walk.linkOutsideFolder", root)));
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (DocumentTypes.isHidden(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (attrs.isSymbolicLink()) { // FOLLOW_LINKS falls back to the link itself when its target
                                // is missing
                                skipped.add(new NotFollowed(file, Phrase.of("walk.brokenLink")));
                            } else if (!attrs.isRegularFile()) {
                                skipped.add(new NotFollowed(file, Phrase.of("walk.special")));
                            } else if (leaves(file, realRoot)) {
                                skipped.add(new NotFollowed(file, Phrase.of("walk.linkOutsideFile", root)));
                            } else {
                                found.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // An entry that can't be visited is reported, never fatal to the walk.
                            if (!DocumentTypes.isHidden(file)) {
                                skipped.add(new NotFollowed(
                                        file,
                                        switch (e) {
                                            case FileSystemLoopException loop -> Phrase.of("walk.loop");
                                            case AccessDeniedException denied -> Phrase.of("walk.denied");
                                            case NoSuchFileException gone -> Phrase.of("walk.vanished");
                                            default -> Phrase.of("walk.unreadable", e.getMessage());
                                        }));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            skipped.add(new NotFollowed(root, Phrase.of("walk.folderUnreadable", e.getMessage())));
        }
        found.sort(null);
        files.addAll(found);
        skipped.sort((a, b) -> a.path().compareTo(b.path()));
        notFollowed.addAll(skipped);
    }

    /** Whether a path inside the walked folder resolves, through links, to somewhere outside it. */
    private static boolean leaves(Path p, Path realRoot) {
        Path real = realPath(p);
        return real != null && realRoot != null && !real.startsWith(realRoot);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static String whyNot(Path p) {
        if (Files.isSymbolicLink(p)) {
            return Phrase.of("walk.brokenLink");
        }
        return Phrase.of("walk.specialOrFolder");
    }
}
