package dev.cairn.app;

import dev.cairn.platform.AppDirs;
import dev.cairn.platform.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each running import in a small file under the data directory until it finishes, so an
 * import cut short by quitting or a crash can be offered again at the next start.
 *
 * <p>A file, not a table: reading it needs no database, so the window can make the offer without
 * starting PostgreSQL, and a crash that takes the database down leaves the journal intact. Files
 * never reached by the pipeline have no document row, so the database alone could not say what an
 * import still owed. Each journal lists its files ({@code +path}) and then, appended as the pipeline
 * finishes them, the ones done ({@code -path}); a lost last line only means one file is read again,
 * and the pipeline skips it by its content hash.
 */
public final class ImportJournal {

    private static final Logger log = LoggerFactory.getLogger(ImportJournal.class);
    private static final String SUFFIX = ".import";

    private final Path dir;

    public ImportJournal(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The journal in a data directory ({@code imports/}). */
    public static ImportJournal in(AppDirs dirs) {
        return new ImportJournal(dirs.dataDir().resolve("imports"));
    }

    /** What unfinished imports left: every file they listed, and how many of those were not done. */
    public record Unfinished(List<Path> files, int notDone) {
        public Unfinished {
            files = List.copyOf(files);
        }

        public boolean isEmpty() {
            return notDone == 0;
        }
    }

    /** Starts recording an import of {@code files}; the record is written before this returns. */
    public Entry begin(List<Path> files) {
        Path file = dir.resolve(UUID.randomUUID() + SUFFIX);
        try {
            PrivateFiles.createDirectories(dir);
            List<String> lines = new ArrayList<>(files.size());
            for (Path f : files) {
                String s = f.toAbsolutePath().normalize().toString();
                if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) { // a name with a line break can't be a line
                    lines.add("+" + s);
                }
            }
            // The journal lists the user's file names: private like everything in the data directory.
            Path tmp = PrivateFiles.createFile(dir.resolve(file.getFileName() + ".tmp"));
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new Entry(file, out);
        } catch (IOException e) {
            // Not worth failing the import for: it just can't be offered again after a crash.
            log.warn(
                    "Cannot record the import in {}; it won't be offered again if interrupted: {}",
                    dir,
                    e.getMessage());
            return new Entry(null, null);
        }
    }

    /** The files of imports that never finished (quit, crash), over all of them, each once. */
    public Unfinished unfinished() {
        Set<Path> all = new LinkedHashSet<>();
        Set<Path> done = new LinkedHashSet<>();
        for (Path journal : journals()) {
            try {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    if (line.length() < 2) {
                        continue;
                    }
                    Path p = Path.of(line.substring(1));
                    switch (line.charAt(0)) {
                        case '+' -> all.add(p);
                        case '-' -> done.add(p);
                        default -> {} // a half-written last line after a crash
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Skipping unreadable import record {}: {}", journal, e.getMessage());
            }
        }
        int notDone = (int) all.stream().filter(p -> !done.contains(p)).count();
        return new Unfinished(List.copyOf(all), notDone);
    }

    /** Forgets every unfinished import (the person dismissed the offer, or resumed it). */
    public void forgetUnfinished() {
        for (Path journal : journals()) {
            try {
                Files.deleteIfExists(journal);
            } catch (IOException e) {
                log.warn("Cannot delete the import record {}: {}", journal, e.getMessage());
            }
        }
    }

    private List<Path> journals() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the import records in " + dir, e);
        }
        return out;
    }

    /** One running import's record. Thread-safe: the pipeline reports files from several threads. */
    public static final class Entry implements AutoCloseable {
        private final Path file;
        private BufferedWriter out;

        private Entry(Path file, BufferedWriter out) {
            this.file = file;
            this.out = out;
        }

        /** The file went through the pipeline (indexed, unchanged or failed): a resume need not read it. */
        public synchronized void done(Path path) {
            if (out == null) {
                return;
            }
            try {
                out.write("-" + path.toAbsolutePath().normalize());
                out.newLine();
                out.flush(); // a crash should lose at most the line being written
            } catch (IOException e) {
                log.warn("Cannot update the import record {}: {}", file, e.getMessage());
                closeQuietly();
            }
        }

        /** The import ran to its end (or the person cancelled it): nothing to offer again. */
        public synchronized void finish() {
            closeQuietly();
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Cannot delete the import record {}: {}", file, e.getMessage());
                }
            }
        }

        /** Stops writing but keeps the record: the import was cut short and may be resumed. */
        @Override
        public synchronized void close() {
            closeQuietly();
        }

        private void closeQuietly() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the record stays as written; nothing else to do
                }
                out = null;
            }
        }
    }
}
