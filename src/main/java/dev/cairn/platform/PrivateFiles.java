package dev.cairn.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory is the user's alone: folders 0700, files 0600 on POSIX systems. Files made
 * by this class are private from their first byte; {@link #secureDataDir} tightens whatever older
 * versions (or another program) left looser. Elsewhere (Windows) the per-user profile's ACLs
 * already keep other users out, and these calls do nothing.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code dir} and any missing parents inside it as 0700; an existing folder is tightened. */
    public static Path createDirectories(Path dir) throws IOException {
        if (!posix()) {
            return Files.createDirectories(dir);
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made by another process a moment ago
            }
        }
        tighten(dir);
        return dir;
    }

    /** Creates an empty 0600 file unless it exists; an existing one is tightened. */
    public static Path createFile(Path file) throws IOException {
        if (posix() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made by another process a moment ago
            }
        } else if (!Files.exists(file)) {
            Files.createFile(file);
        }
        tighten(file);
        return file;
    }

    /**
     * Creates the data directory as 0700, or tightens it and everything in it when it is looser:
     * a directory made by a version before this one. In a private directory PostgreSQL's own
     * cluster ({@code pg/}, which it keeps 0700/0600 itself) is not walked, so a large database
     * costs nothing at each start.
     *
     * @return how many paths were tightened
     */
    public static int secureDataDir(Path dataDir) throws IOException {
        if (!posix()) {
            Files.createDirectories(dataDir);
            return 0;
        }
        boolean existed = Files.isDirectory(dataDir);
        boolean wasPrivate = existed && Files.getPosixFilePermissions(dataDir).equals(DIR);
        createDirectories(dataDir);
        if (!existed) {
            return 0;
        }
        Path cluster = dataDir.resolve("pg");
        int[] tightened = {0};
        Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (tighten(dir)) {
                    tightened[0]++;
                }
                return wasPrivate && dir.equals(cluster) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (tighten(file)) {
                    tightened[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed while we walked (a server's temporary file)
            }
        });
        return tightened[0];
    }

    /** Paths under {@code dataDir} that someone other than its owner may read, write or enter (for {@code cairn doctor}). */
    public static List<Path> looserThanPrivate(Path dataDir) throws IOException {
        List<Path> loose = new ArrayList<>();
        if (!posix() || !Files.isDirectory(dataDir)) {
            return loose;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    if (perms.stream().anyMatch(GROUP_AND_OTHERS::contains)) {
                        loose.add(p);
                    }
                } catch (IOException gone) {
                    // removed while we looked (a server's temporary file)
                }
            });
        } catch (UncheckedIOException e) {
            // a folder removed while we walked it; what was seen is reported
        }
        return loose;
    }

    /** Removes group and other permissions; true when something changed. Links are left alone. */
    private static boolean tighten(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return false;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        if (perms.stream().noneMatch(GROUP_AND_OTHERS::contains)) {
            return false;
        }
        Set<PosixFilePermission> owner = EnumSet.copyOf(perms);
        owner.removeAll(GROUP_AND_OTHERS);
        try {
            Files.setPosixFilePermissions(p, owner);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        return true;
    }
}
