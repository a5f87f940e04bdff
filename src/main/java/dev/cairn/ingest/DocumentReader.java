package dev.cairn.ingest;

import dev.cairn.embed.ModelTokenizer;
import dev.cairn.ingest.DocumentWriter.Batch;
import dev.cairn.ingest.DocumentWriter.Doc;
import dev.cairn.ingest.DocumentWriter.End;
import dev.cairn.ingest.DocumentWriter.Item;
import dev.cairn.ingest.DocumentWriter.PartEnd;
import dev.cairn.ingest.parse.Attachment;
import dev.cairn.ingest.parse.FailureReason;
import dev.cairn.ingest.parse.ParseOutcome;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentInfo;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read stage, one file at a time on each reader thread: hash the file, skip it when it is
 * stored unchanged, else parse it under its budget and cut it into chunks, handed to the writer a
 * batch at a time as the parser streams. An e-mail's attachments follow their message, each read
 * as a document of its own that the writer stores in the message's transaction.
 */
final class DocumentReader {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentReader.class);

    private final Parsers parsers;
    private final ChunkStore store;
    private final IngestPipeline.Options options;
    private final Chunker chunker;

    DocumentReader(Parsers parsers, ChunkStore store, ModelTokenizer tokenizer, IngestPipeline.Options options) {
        this.parsers = parsers;
        this.store = store;
        this.options = options;
        this.chunker = new Chunker(TokenCounter.of(tokenizer), options.chunking());
    }

    /**
     * Reads one file and hands its chunks to the writer, unless it is stored unchanged. While another
     * import parses it, the file is deferred ({@code wait} false) or waited for ({@code wait} true).
     */
    void read(Path file, BlockingQueue<Item> toWrite, IngestRun run, FlowGate gate, boolean wait)
            throws InterruptedException {
        if (run.control.isCancelled()) {
            return;
        }
        if (!wait) {
            run.start(file); // a deferred file was counted as started in the first round
        }
        run.listener.stage(file, IngestPipeline.Stage.READING);
        DocumentInfo info;
        try {
            info = describe(file);
        } catch (IOException e) {
            run.finish(new IngestResult.Failed(file, Phrase.of("parse.couldNotRead", e.getMessage())));
            return;
        }
        Optional<DocumentRecord> existing =
                run.prefetched ? Optional.ofNullable(run.known.get(info.path())) : store.findByPath(info.path());
        if (skipUnchanged(file, info, existing, run, Phrase.of("ingest.unchanged"))) {
            return;
        }
        if (wait ? !run.claims.claim(info.path(), run.control::isCancelled) : !run.claims.tryClaim(info.path())) {
            if (!wait) {
                run.deferred.add(file);
            }
            return;
        }
        // Claimed: what another import stored since the look above counts, so nothing is parsed twice.
        if (skipUnchanged(file, info, store.findByPath(info.path()), run, Phrase.of("ingest.storedMeanwhile"))) {
            return;
        }
        Doc doc = new Doc(file, info);
        try (Received attachments = new Received()) {
            parseAndHandOn(doc, toWrite, run, gate, attachments);
        }
    }

    /** Parses the file, handing its chunks, then its attachments', then its end to the writer. */
    private void parseAndHandOn(
            Doc doc, BlockingQueue<Item> toWrite, IngestRun run, FlowGate gate, Received attachments)
            throws InterruptedException {
        Path file = doc.path;
        DocumentInfo info = doc.info;
        Batches batches = new Batches(doc, toWrite, run, gate);
        ParseOutcome outcome;
        try (ChunkStream stream = chunker.open(batches)) {
            outcome = parsers.parse(file, options.budget(), stream, ocrProgress(run, file), attachments);
        } catch (CancellationException e) {
            outcome = new ParseOutcome.Failed(FailureReason.UNREADABLE, Phrase.of("ingest.cancelled"));
        }
        if (batches.interrupted) {
            Thread.currentThread().interrupt();
        }
        DocumentInfo failedInfo = withType(info, "application/octet-stream", null, null);
        End end = switch (outcome) {
            case ParseOutcome.Failed failed -> new End(doc, failedInfo, failed.said());
            case ParseOutcome.Parsed parsed -> {
                DocumentInfo typed = withType(
                        info, parsed.mediaType(), parsed.pageCount() == 0 ? null : parsed.pageCount(), parsed.title());
                if (!batches.flush()) {
                    yield new End(doc, failedInfo, Phrase.of("ingest.cancelled"));
                }
                yield batches.count == 0 ? new End(doc, typed, Phrase.of("ingest.noText")) : new End(doc, typed, null);
            }
        };
        if (end.failure() == null && !readParts(doc, attachments.list(), toWrite, run, gate)) {
            end = new End(doc, failedInfo, Phrase.of("ingest.cancelled"));
        }
        toWrite.put(end);
    }

    private static Parsers.PageProgress ocrProgress(IngestRun run, Path file) {
        return (page, pages) -> run.listener.ocrPage(file, page, pages);
    }

    /**
     * Reads a file's attachments as documents of their own, each under its own budget, after the
     * file's own chunks and before its end, so that the writer stores them in its transaction.
     *
     * @return false when the run was cancelled or interrupted meanwhile
     */
    private boolean readParts(
            Doc doc, List<Attachment> attachments, BlockingQueue<Item> toWrite, IngestRun run, FlowGate gate)
            throws InterruptedException {
        for (Attachment a : attachments) {
            if (run.control.isCancelled()) {
                return false;
            }
            String path = a.pathIn(doc.info.path());
            String failure = a.notRead();
            String hash = null;
            if (a.file() != null) {
                try {
                    hash = sha256(a.file());
                } catch (IOException e) {
                    failure = Phrase.of("ingest.attachmentCopyLost");
                }
            }
            DocumentInfo info = new DocumentInfo(
                    path, hash, "application/octet-stream", a.size(), doc.info.mtime(), null, a.name());
            Doc part = new Doc(Path.of(path), info, doc, a.partOf());
            if (failure != null) {
                toWrite.put(new PartEnd(part, info, failure));
                continue;
            }
            Batches batches = new Batches(part, toWrite, run, gate);
            ParseOutcome outcome;
            try (ChunkStream stream = chunker.open(batches)) {
                outcome = parsers.parsePart(a.file(), options.budget(), stream, ocrProgress(run, doc.path));
            } catch (CancellationException e) {
                return false;
            }
            if (batches.interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
            switch (outcome) {
                case ParseOutcome.Failed failed -> toWrite.put(new PartEnd(part, info, failed.said()));
                case ParseOutcome.Parsed parsed -> {
                    if (!batches.flush()) {
                        return false;
                    }
                    DocumentInfo typed = withType(
                            info,
                            parsed.mediaType(),
                            parsed.pageCount() == 0 ? null : parsed.pageCount(),
                            parsed.title());
                    toWrite.put(
                            new PartEnd(part, typed, batches.count == 0 ? Phrase.of("ingest.attachmentNoText") : null));
                }
            }
        }
        return true;
    }

    /**
     * The attachments a parse hands over, on the parser's thread; closing it deletes their temporary
     * copies, and one handed over after that (a parse given up on) is deleted at once.
     */
    private static final class Received implements Consumer<Attachment>, AutoCloseable {
        private final List<Attachment> received = new ArrayList<>();
        private boolean closed;

        @Override
        public synchronized void accept(Attachment a) {
            if (closed) {
                discard(a);
            } else {
                received.add(a);
            }
        }

        synchronized List<Attachment> list() {
            return List.copyOf(received);
        }

        @Override
        public synchronized void close() {
            closed = true;
            received.forEach(Received::discard);
            received.clear();
        }

        private static void discard(Attachment a) {
            try {
                a.discard();
            } catch (IOException e) {
                LOG.warn("Could not delete the temporary copy {} of an attachment", a.file(), e);
            }
        }
    }

    /** True, and the file's outcome given, when {@code existing} holds the file's content already. */
    private boolean skipUnchanged(
            Path file, DocumentInfo info, Optional<DocumentRecord> existing, IngestRun run, String why) {
        if (existing.isEmpty() || !info.contentSha256().equals(existing.get().contentSha256())) {
            return false;
        }
        DocumentRecord doc = existing.get();
        if (doc.status() == DocumentStatus.INDEXED) {
            if (doc.readerVersion() < Parsers.readerVersion(doc.mediaType())) {
                LOG.info("{} was read by an older reader of its format: reading it again", file);
                return false;
            }
            if (Parsers.mayHoldParts(doc.mediaType()) && parsers.ocrAvailable() && partsWaitedForOcr(doc, run)) {
                LOG.info("{} has attachments that waited for Tesseract: reading it again", file);
                return false;
            }
            run.finish(new IngestResult.Skipped(file, why));
            return true;
        }
        if (doc.status() == DocumentStatus.FAILED
                && !options.retryFailed()
                && !(waitedForOcr(doc) && parsers.ocrAvailable())) {
            run.finish(new IngestResult.Skipped(file, Phrase.of(IngestResult.FAILED_BEFORE, doc.error())));
            return true;
        }
        return false;
    }

    /** A file that failed only because Tesseract was missing: read again once it is there. */
    static boolean waitedForOcr(DocumentRecord doc) {
        return doc.status() == DocumentStatus.FAILED && Tesseract.isMissing(doc.error());
    }

    /**
     * A message with an attachment that failed only because Tesseract was missing (a scanned PDF):
     * the message is read again once it is there, as a scanned file is. Only mail holds parts, so
     * other documents cost no look; a big run knows the parts from its one query up front.
     */
    private boolean partsWaitedForOcr(DocumentRecord doc, IngestRun run) {
        if (run.prefetched) {
            return run.partsWaitingForOcr.contains(doc.id());
        }
        return store.partsOf(doc.id()).stream().anyMatch(DocumentReader::waitedForOcr);
    }

    /**
     * The chunk sink of one document: hands chunks on a batch at a time, each batch taking its
     * bytes from the gate. Runs on the parser's worker thread, where waiting is back-pressure that
     * does not count against the file's time budget.
     */
    private final class Batches implements Consumer<Chunk> {
        private final Doc doc;
        private final BlockingQueue<Item> out;
        private final IngestRun run;
        private final FlowGate gate;
        private List<Chunk> current = new ArrayList<>();
        private long bytes;
        int count;
        volatile boolean interrupted;

        Batches(Doc doc, BlockingQueue<Item> out, IngestRun run, FlowGate gate) {
            this.doc = doc;
            this.out = out;
            this.run = run;
            this.gate = gate;
        }

        @Override
        public void accept(Chunk chunk) {
            current.add(chunk);
            bytes += estimateBytes(chunk);
            count++;
            if (current.size() >= options.embedBatch() && !flush()) {
                throw new CancellationException("ingest cancelled");
            }
        }

        /** Hands on the chunks collected so far; false when the run was cancelled or interrupted meanwhile. */
        boolean flush() {
            if (current.isEmpty()) {
                return !run.control.isCancelled();
            }
            try {
                if (!run.control.awaitRunning()) {
                    return false;
                }
                List<String> languages = doc.languages.of(current);
                gate.acquire(bytes);
                out.put(new Batch(doc, current, bytes, languages));
            } catch (InterruptedException e) {
                interrupted = true;
                return false;
            }
            current = new ArrayList<>();
            bytes = 0;
            return true;
        }

        private long estimateBytes(Chunk chunk) {
            // two bytes a char (at worst) for the text and the heading
            return 64 + 2L * (chunk.text().length() + chunk.heading().length());
        }
    }

    static DocumentInfo describe(Path file) throws IOException {
        return new DocumentInfo(
                file.toString(),
                sha256(file),
                "application/octet-stream",
                Files.size(file),
                Files.getLastModifiedTime(file).toInstant(),
                null,
                null);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** What was read, by the current reader of its type. */
    private static DocumentInfo withType(DocumentInfo info, String mediaType, Integer pages, String title) {
        return new DocumentInfo(
                info.path(),
                info.contentSha256(),
                mediaType,
                info.sizeBytes(),
                info.mtime(),
                pages,
                title,
                Parsers.readerVersion(mediaType));
    }
}
