package dev.cairn.ingest;

import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/** An import's {@code --prune}: the library forgets the files that were deleted. */
final class Pruning {

    private Pruning() {}

    /**
     * Deletes the documents under {@code roots} whose files are gone: neither among the files an
     * import found ({@code present}) nor on disk. A document inside a file (an attachment) goes with
     * the document of its file. Returns how many were deleted.
     */
    static int removeMissing(ChunkStore store, List<Path> roots, List<Path> present) {
        var keep = new HashSet<String>();
        present.forEach(p -> keep.add(p.toString()));
        int pruned = 0;
        for (DocumentRecord doc : store.listDocuments()) {
            if (doc.isPart()) {
                continue; // it has no file; it goes with the document of its file
            }
            Path p = Path.of(doc.path());
            boolean under =
                    roots.stream().map(r -> r.toAbsolutePath().normalize()).anyMatch(p::startsWith);
            if (under && !keep.contains(doc.path()) && !Files.exists(p)) {
                store.deleteDocument(doc.id());
                pruned++;
            }
        }
        return pruned;
    }
}
