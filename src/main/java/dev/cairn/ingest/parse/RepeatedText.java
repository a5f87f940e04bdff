package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Recognises text that the documents of one folder repeat at their edges (a site's header line,
 * "Prev Up Next", a copyright footer) and marks it {@linkplain Block#boilerplate() boilerplate},
 * whatever the format.
 *
 * <p>A block of a document is repeated text when it is short (at most {@value #MAX_CHARS}
 * characters, whitespace and case ignored) and the same text is among the first or last
 * {@value #EDGE_BLOCKS} blocks of at least {@value #MIN_DOCUMENTS} of the folder's reference
 * documents other than itself: the first {@value #REFERENCES} files of the folder, by name, with the
 * document's extension. Only the document's own edges are marked: repeated blocks before its first
 * block of its own text, and after its last. Repeated text between its own text stays content,
 * because documentation repeats real content too (the PostgreSQL manual's "IF EXISTS", "CASCADE"
 * and "-V --version" are terms that lead a description, in dozens of pages). See
 * docs/decisions/0012-boilerplate.md for the figures.
 *
 * <p>The references depend only on what is in the folder, never on which files an ingest run
 * happened to read first, so a document's chunks are the same whether the folder is read whole, in
 * parallel, or one changed file at a time. What is learnt of a folder is a few fingerprints, kept
 * for the last {@value #FOLDERS} folders; a document being marked holds back at most
 * {@value #HELD_BLOCKS} short blocks. Thread-safe.
 */
final class RepeatedText {

    static final int REFERENCES = 8;
    static final int MIN_DOCUMENTS = 3;
    static final int MAX_CHARS = 400;
    static final int EDGE_BLOCKS = 64;
    static final int HELD_BLOCKS = 64;
    /** Larger files are not read as references: their edges are not worth a second parse. */
    static final long MAX_REFERENCE_BYTES = 4L << 20;

    static final int FOLDERS = 256;

    /** Reads a reference file's edge fingerprints (see {@link EdgeSampler}), or null when it cannot be read. */
    @FunctionalInterface
    interface EdgeReader {
        Set<Long> edges(Path file) throws InterruptedException;
    }

    private record Key(Path folder, String extension) {}

    private record Reference(Path file, long size, FileTime modified) {}

    /**
     * What a folder's references hold: for each edge fingerprint, a bit per reference holding it
     * (bit i: {@code references.get(i)}). {@code candidates} are the files looked at, read or not;
     * with all {@value #REFERENCES} references found, later files do not matter.
     */
    private record Profile(
            FileTime folderModified, List<Reference> candidates, List<Path> references, Map<Long, Integer> holders) {
        Profile seenAt(FileTime modified) {
            return new Profile(modified, candidates, references, holders);
        }
    }

    private final Map<Key, Profile> profiles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Profile> eldest) {
            return size() > FOLDERS;
        }
    };

    /**
     * The fingerprints that are repeated text for {@code file}: held by at least
     * {@value #MIN_DOCUMENTS} references other than the file itself. Empty when its folder has too
     * few documents like it or cannot be listed.
     */
    Set<Long> repeatedFor(Path file, EdgeReader reader) throws InterruptedException {
        Path abs = file.toAbsolutePath().normalize();
        Path folder = abs.getParent();
        if (folder == null) {
            return Set.of();
        }
        Key key = new Key(folder, extension(abs));
        Profile profile;
        synchronized (profiles) {
            profile = profiles.get(key);
        }
        try {
            Profile current = profile == null ? null : current(profile, key);
            if (current == null) {
                current =
                        learn(key, reader); // two readers may both learn a new folder: the same result, once more work
            }
            if (current != profile) {
                synchronized (profiles) {
                    profiles.put(key, current);
                }
            }
            profile = current;
        } catch (IOException | UncheckedIOException e) { // a folder that cannot be listed: nothing is repeated text
            return Set.of();
        }
        int others = 0;
        for (int i = 0; i < profile.references().size(); i++) {
            if (!profile.references().get(i).equals(abs)) {
                others |= 1 << i;
            }
        }
        Set<Long> repeated = new HashSet<>();
        for (Map.Entry<Long, Integer> e : profile.holders().entrySet()) {
            if (Integer.bitCount(e.getValue() & others) >= MIN_DOCUMENTS) {
                repeated.add(e.getKey());
            }
        }
        return repeated;
    }

    /** The profile if its references are unchanged (re-dated when only other files came or went), else null. */
    private static Profile current(Profile profile, Key key) throws IOException {
        FileTime modified = Files.getLastModifiedTime(key.folder());
        if (!modified.equals(profile.folderModified())) {
            // Files were added, removed or renamed; a busy folder must not cost a re-read of the references each time.
            List<Reference> now = candidates(key);
            boolean same = profile.references().size() == REFERENCES // the later candidates were never looked at
                    ? now.size() >= profile.candidates().size()
                            && now.subList(0, profile.candidates().size()).equals(profile.candidates())
                    : now.equals(profile.candidates());
            return same ? profile.seenAt(modified) : null;
        }
        for (Reference r : profile.candidates()) {
            if (!r.equals(reference(r.file()))) {
                return null;
            }
        }
        return profile;
    }

    /** The files a folder's references are chosen from: the first ones by name with the extension, not too large. */
    private static List<Reference> candidates(Key key) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(key.folder())) {
            files = listing.filter(p -> !DocumentTypes.isHidden(p)
                            && Files.isRegularFile(p)
                            && extension(p).equals(key.extension()))
                    .sorted()
                    .limit(2L * REFERENCES) // a folder of files that do not parse is not read to the end
                    .toList();
        }
        List<Reference> candidates = new ArrayList<>();
        for (Path file : files) {
            Reference r = reference(file);
            if (r != null && r.size() <= MAX_REFERENCE_BYTES) {
                candidates.add(r);
            }
        }
        return candidates;
    }

    private static Reference reference(Path file) {
        try {
            return new Reference(file, Files.size(file), Files.getLastModifiedTime(file));
        } catch (IOException e) {
            return null; // gone or unreadable: a change like any other
        }
    }

    private static Profile learn(Key key, EdgeReader reader) throws IOException, InterruptedException {
        FileTime folderModified = Files.getLastModifiedTime(key.folder());
        List<Reference> candidates = candidates(key);
        List<Path> references = new ArrayList<>();
        Map<Long, Integer> holders = new HashMap<>();
        if (candidates.size() > MIN_DOCUMENTS) { // fewer cannot tell a template from a coincidence
            int looked = 0;
            for (Reference candidate : candidates) {
                if (references.size() == REFERENCES) {
                    break;
                }
                looked++;
                Set<Long> edges = reader.edges(candidate.file());
                if (edges == null) {
                    continue;
                }
                int bit = 1 << references.size();
                references.add(candidate.file());
                for (Long fp : edges) {
                    holders.merge(fp, bit, (a, b) -> a | b);
                }
            }
            holders.values().removeIf(bits -> Integer.bitCount(bits) < MIN_DOCUMENTS);
            candidates = candidates.subList(0, looked);
        }
        return new Profile(folderModified, List.copyOf(candidates), List.copyOf(references), Map.copyOf(holders));
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** A short block's fingerprint (64-bit FNV-1a of its text, whitespace runs as one space, lower case), or null when long or blank. */
    static Long fingerprint(String text) {
        long h = 0xcbf29ce484222325L;
        int n = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = n > 0;
                continue;
            }
            if (space) {
                h = (h ^ ' ') * 0x100000001b3L;
                n++;
                space = false;
            }
            h = (h ^ Character.toLowerCase(c)) * 0x100000001b3L;
            if (++n > MAX_CHARS) {
                return null;
            }
        }
        return n == 0 ? null : h;
    }

    /** Collects the fingerprints of the first and last {@value #EDGE_BLOCKS} non-blank blocks of a document. */
    static final class EdgeSampler implements Consumer<Block> {
        private final Set<Long> edges = new HashSet<>();
        private final Long[] last = new Long[EDGE_BLOCKS];
        private int seen;

        @Override
        public void accept(Block block) {
            if (block.text().isBlank()) {
                return;
            }
            Long fp = fingerprint(block.text());
            if (seen < EDGE_BLOCKS) {
                if (fp != null) {
                    edges.add(fp);
                }
            } else {
                last[seen % EDGE_BLOCKS] = fp;
            }
            seen++;
        }

        Set<Long> edges() {
            Set<Long> all = new HashSet<>(edges);
            for (Long fp : last) {
                if (fp != null) {
                    all.add(fp);
                }
            }
            return all;
        }
    }

    /**
     * Marks one document's repeated edges: repeated blocks before its first block of its own pass on
     * marked; later ones are held back until its next own block (then they pass on as content) or
     * its end (then they pass on marked). Blank and already-marked blocks keep their place in line.
     */
    static final class Marker implements Consumer<Block> {
        private final Set<Long> repeated;
        private final Consumer<Block> sink;
        private final List<Block> held = new ArrayList<>();
        private int heldRepeats;
        private boolean ownSeen;

        Marker(Set<Long> repeated, Consumer<Block> sink) {
            this.repeated = Objects.requireNonNull(repeated);
            this.sink = Objects.requireNonNull(sink);
        }

        @Override
        public void accept(Block block) {
            if (block.boilerplate() || block.text().isBlank()) {
                if (held.isEmpty()) {
                    sink.accept(block);
                } else {
                    held.add(block);
                }
                return;
            }
            Long fp = fingerprint(block.text());
            if (fp == null || !repeated.contains(fp)) {
                release(false);
                ownSeen = true;
                sink.accept(block);
            } else if (!ownSeen) {
                sink.accept(block.asBoilerplate());
            } else {
                held.add(block);
                if (++heldRepeats > HELD_BLOCKS) {
                    release(false); // too long a run to be a footer: content after all
                }
            }
        }

        /** The document ended: what is held is its repeated tail. */
        void finish() {
            release(true);
        }

        private void release(boolean asBoilerplate) {
            for (Block b : held) {
                sink.accept(asBoilerplate ? b.asBoilerplate() : b);
            }
            held.clear();
            heldRepeats = 0;
        }
    }
}
