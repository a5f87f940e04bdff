package dev.cairn.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The files an ingest run looks at: the given files, and folders walked recursively, hidden entries skipped. */
public final class FileWalker {

    private FileWalker() {
    }

    public static List<Path> walk(List<Path> roots) {
        Set<Path> files = new LinkedHashSet<>();
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            if (Files.isRegularFile(abs)) {
                files.add(abs);
            } else if (Files.isDirectory(abs)) {
                walkFolder(abs, files);
            } else {
                throw new IllegalArgumentException("No such file or folder: " + root);
            }
        }
        return new ArrayList<>(files);
    }

    static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static void walkFolder(Path root, Set<Path> files) {
        try {
            List<Path> found = new ArrayList<>();
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !isHidden(file)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // An unreadable entry (permissions, a loop of links) is left out, not fatal to the walk.
                    return FileVisitResult.CONTINUE;
                }
            });
            found.sort(null);
            files.addAll(found);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the folder " + root + ": " + e.getMessage(), e);
        }
    }
}
