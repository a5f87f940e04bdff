package dev.cairn.ingest;

import dev.cairn.embed.Embedder;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentInfo;
import dev.cairn.store.DocumentWrite;
import dev.cairn.store.NewChunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write stage, on one thread: each document streams into its own transaction (old chunks
 * deleted, new ones sent by binary COPY, without vectors) that commits with the document's last
 * chunk, so a reader, or a run after a crash, never sees half a document.
 */
final class DocumentWriter {

    private static final Logger log = LoggerFactory.getLogger(DocumentWriter.class);

    /**
     * A document on its way through. Its reader creates it; from then on only the writer thread
     * touches {@link #write} and {@link #abandoned}.
     */
    static final class Doc {
        final Path path;
        final DocumentInfo info;
        /** The document of the file this one is part of (an e-mail's attachment), or null for a file. */
        final Doc parent;
        /** Where it is in its parent's file, in words; null for a file. */
        final String partOf;

        DocumentWrite write;
        boolean abandoned;
        boolean begun; // a part whose row is written
        /** A file's parts as they ended, reported once the file is committed. */
        final List<Doc> parts = new ArrayList<>();
        /** How a part ended; null until it did. */
        IngestResult result;
        /** The chunks of a file's parts, stored with it. */
        int partRows;
        /** Its chunks' languages, told by its reader as they pass. */
        final ChunkLanguages languages = new ChunkLanguages();

        Doc(Path path, DocumentInfo info) {
            this(path, info, null, null);
        }

        Doc(Path path, DocumentInfo info, Doc parent, String partOf) {
            this.path = path;
            this.info = info;
            this.parent = parent;
            this.partOf = partOf;
        }
    }

    /** What travels from the readers to the writer, in each document's order. */
    sealed interface Item {}

    /** The next chunks of a document, with each one's language (ISO 639-1, or null). */
    record Batch(Doc doc, List<Chunk> chunks, long bytes, List<String> languages) implements Item {}

    /**
     * A document's last item: commit it as {@code info}, or, with a {@code failure}, roll it back
     * and record it as failed with that reason ({@code info} then says what is known of the file).
     */
    record End(Doc doc, DocumentInfo info, String failure) implements Item {}

    /**
     * A part's last item (an attachment, after its batches): stored as {@code info}, or as failed
     * with the {@code failure}, in its file's transaction; that file's {@link End} follows.
     */
    record PartEnd(Doc part, DocumentInfo info, String failure) implements Item {}

    /** No more items. */
    private record Stop() implements Item {}

    static final Item STOP = new Stop();

    private final ChunkStore store;
    private final Embedder embedder;

    DocumentWriter(ChunkStore store, Embedder embedder) {
        this.store = store;
        this.embedder = embedder;
    }

    /** Writes what comes in until {@link #STOP}; each batch gives its bytes back to the gate once it is sent. */
    void writeLoop(BlockingQueue<Item> in, IngestRun run, FlowGate gate) {
        Set<Doc> open = new HashSet<>();
        try {
            for (Item item = in.take(); item != STOP; item = in.take()) {
                switch (item) {
                    case Batch batch -> {
                        try {
                            write(batch, run, open);
                        } finally {
                            gate.release(batch.bytes());
                        }
                    }
                    case End end -> {
                        try {
                            end(end, run, open);
                        } catch (RuntimeException e) { // recording the failure failed too: say so, go on
                            if (!run.stopIfDatabaseGone(e)) {
                                log.warn("Could not record the outcome of {}", end.doc().path, e);
                                run.finish(new IngestResult.Failed(
                                        end.doc().path, Phrase.of("ingest.notStored", e.getMessage())));
                            }
                        }
                    }
                    case PartEnd end -> {
                        try {
                            endPart(end, run, open);
                        } catch (RuntimeException e) {
                            couldNotStore(end.part().parent, open, run, e);
                        }
                    }
                    case Stop stop -> throw new IllegalStateException("unreachable");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.forEach(doc -> doc.write.close()); // rolled back: only interrupted runs leave any
        }
    }

    private void write(Batch batch, IngestRun run, Set<Doc> open) {
        Doc part = batch.doc();
        Doc doc = part.parent == null ? part : part.parent;
        if (doc.abandoned || run.control.isCancelled()) {
            return;
        }
        try {
            begin(doc, run, open);
            if (part != doc && !part.begun) {
                doc.write.beginPart(part.info, part.partOf);
                part.begun = true;
            }
            List<NewChunk> rows = new ArrayList<>(batch.chunks().size());
            for (int i = 0; i < batch.chunks().size(); i++) {
                Chunk c = batch.chunks().get(i);
                rows.add(new NewChunk(
                        c.index(),
                        c.text(),
                        c.heading().isEmpty() ? null : c.heading(),
                        c.page(),
                        Math.toIntExact(c.charStart()),
                        Math.toIntExact(c.charEnd()),
                        c.tokens(),
                        null,
                        batch.languages().get(i)));
            }
            doc.write.append(rows);
        } catch (RuntimeException e) {
            couldNotStore(doc, open, run, e);
        }
    }

    private void begin(Doc doc, IngestRun run, Set<Doc> open) {
        if (doc.write == null) {
            run.listener.stage(doc.path, IngestPipeline.Stage.WRITING);
            doc.write = store.beginDocument(doc.info, embedder.modelId());
            open.add(doc);
        }
    }

    /** A part ends in its file's transaction: stored with its chunks, or recorded as failed with its reason. */
    private void endPart(PartEnd end, IngestRun run, Set<Doc> open) {
        Doc part = end.part();
        Doc doc = part.parent;
        if (doc.abandoned || run.control.isCancelled()) {
            return;
        }
        begin(doc, run, open);
        String failure = end.failure();
        int rows = 0;
        if (part.begun) {
            rows = doc.write.endPart(end.info(), failure);
        } else {
            failure = failure != null ? failure : Phrase.of("ingest.attachmentNoText");
            doc.write.failedPart(end.info(), part.partOf, failure);
        }
        part.result = failure == null
                ? new IngestResult.Indexed(part.path, rows)
                : new IngestResult.Failed(part.path, failure);
        doc.parts.add(part);
        doc.partRows += rows;
    }

    private void end(End end, IngestRun run, Set<Doc> open) {
        Doc doc = end.doc();
        if (doc.abandoned) {
            return; // already reported
        }
        if (run.control.isCancelled()) {
            abandon(doc, open);
            return;
        }
        if (end.failure() != null) {
            abandon(doc, open);
            store.markFailed(end.info(), end.failure());
            run.finish(new IngestResult.Failed(doc.path, end.failure()));
            return;
        }
        try {
            int rows = doc.write.rows();
            doc.write.commit(end.info());
            open.remove(doc);
            run.chunks.addAndGet(rows + doc.partRows);
            run.stored.run();
            run.finish(new IngestResult.Indexed(doc.path, rows));
            for (Doc part : doc.parts) {
                run.listener.part(doc.path, part.partOf, part.result);
            }
        } catch (RuntimeException e) {
            couldNotStore(doc, open, run, e);
        }
    }

    /** The document is given up; it failed, unless the database itself is gone (then the whole run stops). */
    private static void couldNotStore(Doc doc, Set<Doc> open, IngestRun run, RuntimeException e) {
        abandon(doc, open);
        if (!run.stopIfDatabaseGone(e)) {
            log.warn("Could not store {}", doc.path, e);
            run.finish(new IngestResult.Failed(doc.path, Phrase.of("ingest.notStored", e.getMessage())));
        }
    }

    private static void abandon(Doc doc, Set<Doc> open) {
        doc.abandoned = true;
        if (doc.write != null) {
            doc.write.close();
            open.remove(doc);
        }
    }
}
