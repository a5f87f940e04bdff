package dev.cairn.ingest;

import dev.cairn.embed.Embedder;
import dev.cairn.embed.ModelTokenizer;
import dev.cairn.ingest.parse.FailureReason;
import dev.cairn.ingest.parse.ParseBudget;
import dev.cairn.ingest.parse.ParseOutcome;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.BackgroundPriority;
import dev.cairn.platform.MemoryGovernor;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DatabaseUnavailable;
import dev.cairn.store.DocumentInfo;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import dev.cairn.store.NewChunk;
import dev.cairn.store.PathClaims;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From files to searchable chunks, in two steps (docs/decisions/0013-progressive-indexing.md):
 * first every document's text, so it is found by its words within seconds, then the vectors.
 *
 * <ol>
 *   <li><b>read</b> (several workers): hash the file, skip it when unchanged, parse it under its
 *       budget and cut it into chunks, handed on a batch at a time as the parser streams;</li>
 *   <li><b>write</b> (one thread): each document streams into its own transaction (old chunks
 *       deleted, new ones sent by binary COPY, without vectors) that commits with the document's
 *       last chunk, so a reader, or a run after a crash, never sees half a document;</li>
 *   <li><b>embed</b>: the {@link SemanticIndexer} gives the stored chunks their vectors in the
 *       background, at a lower priority than reading and writing (text first); {@link #ingest}
 *       waits for it, {@link #ingestText} does not.</li>
 * </ol>
 *
 * <p>No stage holds a whole document: a 300 MB text file passes through in pieces. What is in
 * flight between reading and writing is bounded in bytes ({@link FlowGate}); new files, and new
 * pieces of a file, wait while the memory governor throttles or the run is paused. Files are
 * reconciled by path and content hash: unchanged ones are skipped without embedding; a file that
 * failed is not tried again until its content changes, so no file can fail at every start; one that
 * failed only for want of Tesseract ({@link Tesseract#MISSING}) is, once Tesseract is installed.
 */
public final class IngestPipeline {

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    /**
     * @param readers      files read and chunked at once
     * @param embedBatch   chunks per model call (the embedder sorts each batch by length), and per
     *                     piece a reader hands on
     * @param queuedChunks chunks waiting between read and embed, and between embed and write
     * @param retryFailed  try files that failed before although their content is unchanged
     * @param queuedBytes  the memory bound: estimated bytes of chunks (text, heading, vector) in
     *                     flight between read and write
     */
    public record Options(
            ParseBudget budget,
            ChunkingPolicy chunking,
            int readers,
            int embedBatch,
            int queuedChunks,
            boolean retryFailed,
            long queuedBytes) {

        public Options {
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(chunking, "chunking");
            if (readers < 1 || embedBatch < 1 || queuedChunks < 1 || queuedBytes < 1) {
                throw new IllegalArgumentException(
                        "readers, embedBatch, queuedChunks and queuedBytes must be positive; got " + readers + ", "
                                + embedBatch + ", " + queuedChunks + ", " + queuedBytes);
            }
        }

        /** Options with the default byte bound. */
        public Options(
                ParseBudget budget,
                ChunkingPolicy chunking,
                int readers,
                int embedBatch,
                int queuedChunks,
                boolean retryFailed) {
            this(budget, chunking, readers, embedBatch, queuedChunks, retryFailed, defaultQueuedBytes());
        }

        /** One reader per core: while files are read the model waits (text first), so the cores are theirs. */
        public static Options defaults() {
            return new Options(
                    ParseBudget.defaults(),
                    ChunkingPolicy.DEFAULT,
                    Math.max(1, Runtime.getRuntime().availableProcessors()),
                    32,
                    2048,
                    false);
        }

        public Options withRetryFailed(boolean retry) {
            return new Options(budget, chunking, readers, embedBatch, queuedChunks, retry, queuedBytes);
        }

        public Options withReaders(int n) {
            return new Options(budget, chunking, n, embedBatch, queuedChunks, retryFailed, queuedBytes);
        }

        public Options withEmbedBatch(int n) {
            return new Options(budget, chunking, readers, n, queuedChunks, retryFailed, queuedBytes);
        }

        /** Bounds on what waits between the stages, in chunks and in bytes. */
        public Options withQueues(int chunks, long bytes) {
            return new Options(budget, chunking, readers, embedBatch, chunks, retryFailed, bytes);
        }

        /** An eighth of the heap, at most 64 MB: plenty to keep the model busy, small beside the heap. */
        static long defaultQueuedBytes() {
            return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
        }
    }

    /** Where a file is in the pipeline, for a per-document status. */
    public enum Stage {
        READING,
        WRITING
    }

    /** Receives progress about twice a second and each file's stages and result, on the pipeline's threads. */
    public interface Listener {
        default void stage(Path file, Stage stage) {}

        default void progress(IngestProgress progress) {}

        /** OCR starts reading {@code page} of {@code pages} of {@code file} (a scan, an image): progress within a file. */
        default void ocrPage(Path file, int page, int pages) {}

        default void result(IngestResult result) {}

        /** Every document of the run is stored and searchable by its words; {@link #ingest} now waits for the vectors. */
        default void textStored(IngestSummary text) {}

        /** Where the semantic index stands while {@link #ingest} waits for it, on the embedding stage's thread. */
        default void semantic(SemanticIndexer.Progress progress) {}

        Listener NONE = new Listener() {};
    }

    private final Parsers parsers;
    private final Embedder embedder;
    private final ChunkStore store;
    private final MemoryGovernor governor;
    private final Options options;
    private final Chunker chunker;
    private final SemanticIndexer semantic;
    private volatile Path storage;

    /**
     * A pipeline whose every {@link #ingest} embeds the chunks with an embedding stage of its own
     * and waits for it.
     */
    public IngestPipeline(
            Parsers parsers, Embedder embedder, ChunkStore store, MemoryGovernor governor, Options options) {
        this(parsers, embedder, store, governor, options, null);
    }

    /**
     * @param semantic the library's embedding stage, shared with whatever else adds chunks; {@code null}
     *                 for one of the pipeline's own per run
     */
    public IngestPipeline(
            Parsers parsers,
            Embedder embedder,
            ChunkStore store,
            MemoryGovernor governor,
            Options options,
            SemanticIndexer semantic) {
        this.parsers = Objects.requireNonNull(parsers);
        this.embedder = Objects.requireNonNull(embedder);
        this.store = Objects.requireNonNull(store);
        this.governor = Objects.requireNonNull(governor);
        this.options = Objects.requireNonNull(options);
        this.semantic = semantic;
        this.chunker = new Chunker(counterOf(embedder.tokenizer()), options.chunking());
    }

    /** The model's tokenizer as the chunker counts with it; each chunk's model input is kept for its embedding. */
    private static TokenCounter counterOf(ModelTokenizer tokenizer) {
        return new TokenCounter() {
            @Override
            public int count(String text) {
                return tokenizer.countTokens(text);
            }

            @Override
            public int[] tokenStarts(String text) {
                return tokenizer.tokenize(text).starts();
            }

            @Override
            public int countChunk(String text) {
                return tokenizer.countAndKeep(text);
            }
        };
    }

    /**
     * A document on its way through. Its reader creates it; from then on only the writer thread
     * touches {@link #write} and {@link #abandoned}.
     */
    private static final class Doc {
        final Path path;
        final DocumentInfo info;
        ChunkStore.DocumentWrite write;
        boolean abandoned;

        Doc(Path path, DocumentInfo info) {
            this.path = path;
            this.info = info;
        }
    }

    /** What travels from the readers to the writer, in each document's order. */
    private sealed interface Item {}

    /** The next chunks of a document. */
    private record Piece(Doc doc, List<Chunk> chunks, long bytes) implements Item {}

    /**
     * A document's last item: commit it as {@code info}, or, with a {@code failure}, roll it back
     * and record it as failed with that reason ({@code info} then says what is known of the file).
     */
    private record End(Doc doc, DocumentInfo info, String failure) implements Item {}

    /** No more items. */
    private record Stop() implements Item {}

    private static final Item STOP = new Stop();

    /** From this many files on, the library's documents are read in one query up front. */
    private static final int PREFETCH_FILES = 32;

    /**
     * Says where the database keeps its files, so that a batch stopped by a full disk says so
     * ("the disk holding DIR is full") rather than only that the database stopped answering.
     */
    public IngestPipeline storedIn(Path databaseFiles) {
        this.storage = databaseFiles;
        return this;
    }

    /**
     * Ingests the files and folders given and gives their chunks vectors; blocks until done or
     * cancelled. Each document is searchable by its words as soon as it is stored, before its vectors exist.
     */
    public IngestSummary ingest(List<Path> roots, boolean prune, IngestControl control, Listener listener)
            throws InterruptedException {
        SemanticIndexer stage =
                semantic != null ? semantic : new SemanticIndexer(store, embedder, options.embedBatch());
        long startNanos = System.nanoTime();
        long startCpu = processCpuNanos();
        try {
            IngestSummary text = ingestText(roots, prune, control, listener, stage);
            if (control.isCancelled()) {
                return text;
            }
            listener.textStored(text);
            Consumer<SemanticIndexer.Progress> forward = listener::semantic;
            stage.addListener(forward);
            try {
                SemanticIndexer.Progress done = stage.awaitComplete(control);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
                return text.withSemantic(elapsed, cpuShare(processCpuNanos() - startCpu, elapsed), done.problem());
            } finally {
                stage.removeListener(forward);
            }
        } finally {
            if (stage != semantic) {
                stage.close();
            }
        }
    }

    /**
     * Ingests the files and folders given as far as their text: returns once every document is
     * stored and searchable by its words; the pipeline's {@link SemanticIndexer} then gives the new
     * chunks their vectors in the background.
     *
     * @throws IllegalStateException when the pipeline was made without a shared embedding stage
     */
    public IngestSummary ingestText(List<Path> roots, boolean prune, IngestControl control, Listener listener)
            throws InterruptedException {
        if (semantic == null) {
            throw new IllegalStateException(
                    "This pipeline has no shared embedding stage; use ingest, which embeds too.");
        }
        return ingestText(roots, prune, control, listener, semantic);
    }

    private IngestSummary ingestText(
            List<Path> roots, boolean prune, IngestControl control, Listener listener, SemanticIndexer stage)
            throws InterruptedException {
        // The embedding stage runs alongside, below the import's priority (text first): it embeds what is
        // stored while the cores have time left, and everything that is left once the text is in.
        IngestSummary text = readAndStore(roots, prune, control, listener, stage::wake);
        stage.wake();
        return text;
    }

    private IngestSummary readAndStore(
            List<Path> roots, boolean prune, IngestControl control, Listener listener, Runnable stored)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        long startCpu = processCpuNanos();
        long throttlesBefore = governor.throttleEvents();
        FileWalker.Walk walk = FileWalker.scan(roots);
        List<Path> files = walk.files();
        PathClaims claims = store.pathClaims();
        Run run = new Run(files.size(), listener, control, stored, claims);
        for (FileWalker.NotFollowed entry : walk.notFollowed()) {
            run.report(new IngestResult.NotFollowed(entry.path(), entry.reason()));
        }
        // One query for a big run instead of one session per file: checking an unchanged library
        // is then mostly hashing (a session costs a password handshake and a server process).
        if (files.size() >= PREFETCH_FILES) {
            for (DocumentRecord doc : store.listDocuments()) {
                run.known.put(doc.path(), doc);
            }
            run.prefetched = true;
        }

        int pruned = prune ? prune(roots, files) : 0;
        int queued = Math.max(2, options.queuedChunks() / options.embedBatch());
        BlockingQueue<Item> toWrite = new LinkedBlockingQueue<>(queued);
        // Every stage runs at background priority: the window and the person's other programs come first.
        ExecutorService readers = Executors.newFixedThreadPool(
                options.readers(),
                BackgroundPriority.lowered(
                        Thread.ofPlatform().name("cairn-read-", 0).daemon().factory()));
        try (claims;
                FlowGate gate = new FlowGate(options.queuedBytes(), governor)) {
            Thread writeThread = BackgroundPriority.lowered(
                            Thread.ofPlatform().name("cairn-write").daemon().factory())
                    .newThread(() -> writeLoop(toWrite, run, gate));
            writeThread.start();
            Thread ticker =
                    Thread.ofPlatform().name("cairn-ingest-progress").daemon().start(() -> run.tickUntilDone(governor));

            // Bounded hand-off: at most two files per reader are read ahead of the writer.
            int permits = options.readers() * 2;
            Semaphore inFlight = new Semaphore(permits);
            try {
                // First every file no other import is parsing; then those it was, once it lets go of
                // each (most are found stored by then, and skipped).
                boolean waiting = false;
                for (List<Path> round : List.of(files, run.deferred)) {
                    for (Path file : round) {
                        if (!control.awaitRunning()) {
                            break;
                        }
                        governor.awaitPermit();
                        inFlight.acquire();
                        boolean wait = waiting;
                        readers.execute(() -> {
                            try {
                                read(file, toWrite, run, gate, wait);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (RuntimeException e) {
                                if (!stopIfDatabaseGone(e, run)) {
                                    log.warn("Unexpected failure reading {}", file, e);
                                    run.finish(new IngestResult.Failed(
                                            file, "Cairn could not read this file: " + e.getMessage()));
                                }
                            } finally {
                                inFlight.release();
                            }
                        });
                    }
                    inFlight.acquire(permits); // the round's reads are done: its deferred files are known
                    inFlight.release(permits);
                    waiting = true;
                }
            } finally {
                readers.close(); // waits for the reads in flight
                toWrite.put(STOP);
                writeThread.join();
                run.done.countDown();
                ticker.join();
            }
            run.peakQueuedBytes = gate.peak();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        double cpu = cpuShare(processCpuNanos() - startCpu, elapsed);
        run.emitProgress(governor);
        log.debug(
                "ingest: {} chunks in {}, at most {} bytes of chunks in flight",
                run.chunks.get(),
                elapsed,
                run.peakQueuedBytes);
        String stopped = run.stoppedBy.get();
        if (stopped != null) {
            int left = files.size() - run.finished.get();
            stopped = Character.toUpperCase(stopped.charAt(0)) + stopped.substring(1) + ". "
                    + (stopped.startsWith("the disk") ? "Free some space, then run" : "Run")
                    + " the same import again: " + left + (left == 1 ? " file is" : " files are") + " left.";
        }
        return new IngestSummary(
                run.indexed.get(),
                run.skipped.get(),
                run.failures.size(),
                pruned,
                new ArrayList<>(run.failures),
                run.chunks.get(),
                elapsed,
                governor.throttleEvents() - throttlesBefore,
                cpu,
                control.isCancelled(),
                elapsed,
                null,
                stopped,
                walk.notFollowed().stream()
                        .map(n -> new IngestResult.NotFollowed(n.path(), n.reason()))
                        .toList());
    }

    /**
     * Reads one file and hands its chunks to the writer, unless it is stored unchanged. While another
     * import parses it, the file is deferred ({@code wait} false) or waited for ({@code wait} true).
     */
    private void read(Path file, BlockingQueue<Item> toWrite, Run run, FlowGate gate, boolean wait)
            throws InterruptedException {
        if (run.control.isCancelled()) {
            return;
        }
        if (!wait) {
            run.start(file); // a deferred file was counted as started in the first round
        }
        run.listener.stage(file, Stage.READING);
        DocumentInfo info;
        try {
            info = describe(file);
        } catch (IOException e) {
            run.finish(new IngestResult.Failed(file, "Cairn could not read this file: " + e.getMessage()));
            return;
        }
        Optional<DocumentRecord> existing =
                run.prefetched ? Optional.ofNullable(run.known.get(info.path())) : store.findByPath(info.path());
        if (skipUnchanged(file, info, existing, run, "unchanged")) {
            return;
        }
        if (wait ? !run.claims.claim(info.path(), run.control::isCancelled) : !run.claims.tryClaim(info.path())) {
            if (!wait) {
                run.deferred.add(file);
            }
            return;
        }
        // Claimed: what another import stored since the look above counts, so nothing is parsed twice.
        if (skipUnchanged(file, info, store.findByPath(info.path()), run, "stored meanwhile by another import")) {
            return;
        }
        Doc doc = new Doc(file, info);
        Pieces pieces = new Pieces(doc, toWrite, run, gate);
        ParseOutcome outcome;
        try (ChunkStream stream = chunker.open(pieces)) {
            outcome = parsers.parse(
                    file, options.budget(), stream, (page, pages) -> run.listener.ocrPage(file, page, pages));
        } catch (CancellationException e) {
            outcome = new ParseOutcome.Failed(FailureReason.UNREADABLE, "The ingest was cancelled.");
        }
        if (pieces.interrupted) {
            Thread.currentThread().interrupt();
        }
        DocumentInfo failedInfo = withType(info, "application/octet-stream", null, null);
        toWrite.put(
                switch (outcome) {
                    case ParseOutcome.Failed failed -> new End(doc, failedInfo, failed.message());
                    case ParseOutcome.Parsed parsed -> {
                        DocumentInfo typed = withType(
                                info,
                                parsed.mediaType(),
                                parsed.pageCount() == 0 ? null : parsed.pageCount(),
                                parsed.title());
                        if (!pieces.flush()) {
                            yield new End(doc, failedInfo, "The ingest was cancelled.");
                        }
                        yield pieces.count == 0
                                ? new End(doc, typed, "This file has no text Cairn can index.")
                                : new End(doc, typed, null);
                    }
                });
    }

    /** True, and the file's outcome given, when {@code existing} holds the file's content already. */
    private boolean skipUnchanged(
            Path file, DocumentInfo info, Optional<DocumentRecord> existing, Run run, String why) {
        if (existing.isEmpty() || !info.contentSha256().equals(existing.get().contentSha256())) {
            return false;
        }
        DocumentRecord doc = existing.get();
        if (doc.status() == DocumentStatus.INDEXED) {
            run.finish(new IngestResult.Skipped(file, why));
            return true;
        }
        if (doc.status() == DocumentStatus.FAILED
                && !options.retryFailed()
                && !(waitedForOcr(doc) && parsers.ocrAvailable())) {
            run.finish(new IngestResult.Skipped(file, IngestResult.FAILED_BEFORE + doc.error()));
            return true;
        }
        return false;
    }

    /** A file that failed only because Tesseract was missing: read again once it is there. */
    private static boolean waitedForOcr(DocumentRecord doc) {
        return Tesseract.MISSING.equals(doc.error());
    }

    /**
     * The chunk sink of one document: hands chunks on a batch at a time, each batch taking its
     * bytes from the gate. Runs on the parser's worker thread, where waiting is back-pressure that
     * does not count against the file's time budget.
     */
    private final class Pieces implements Consumer<Chunk> {
        private final Doc doc;
        private final BlockingQueue<Item> out;
        private final Run run;
        private final FlowGate gate;
        private List<Chunk> current = new ArrayList<>();
        private long bytes;
        int count;
        volatile boolean interrupted;

        Pieces(Doc doc, BlockingQueue<Item> out, Run run, FlowGate gate) {
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
                gate.acquire(bytes);
                out.put(new Piece(doc, current, bytes));
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

    private void writeLoop(BlockingQueue<Item> in, Run run, FlowGate gate) {
        Set<Doc> open = new HashSet<>();
        try {
            for (Item item = in.take(); item != STOP; item = in.take()) {
                switch (item) {
                    case Piece piece -> {
                        try {
                            writePiece(piece, run, open);
                        } finally {
                            gate.release(piece.bytes());
                        }
                    }
                    case End end -> {
                        try {
                            endDocument(end, run, open);
                        } catch (RuntimeException e) { // recording the failure failed too: say so, go on
                            if (!stopIfDatabaseGone(e, run)) {
                                log.warn("Could not record the outcome of {}", end.doc().path, e);
                                run.finish(new IngestResult.Failed(
                                        end.doc().path, "Could not store this document: " + e.getMessage()));
                            }
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

    private void writePiece(Piece piece, Run run, Set<Doc> open) {
        Doc doc = piece.doc();
        if (doc.abandoned || run.control.isCancelled()) {
            return;
        }
        try {
            if (doc.write == null) {
                run.listener.stage(doc.path, Stage.WRITING);
                doc.write = store.beginDocument(doc.info, embedder.modelId());
                open.add(doc);
            }
            List<NewChunk> rows = new ArrayList<>(piece.chunks().size());
            for (int i = 0; i < piece.chunks().size(); i++) {
                Chunk c = piece.chunks().get(i);
                rows.add(new NewChunk(
                        c.index(),
                        c.text(),
                        c.heading().isEmpty() ? null : c.heading(),
                        c.page(),
                        Math.toIntExact(c.charStart()),
                        Math.toIntExact(c.charEnd()),
                        c.tokens(),
                        null));
            }
            doc.write.append(rows);
        } catch (RuntimeException e) {
            abandon(doc, open);
            if (!stopIfDatabaseGone(e, run)) {
                log.warn("Could not store {}", doc.path, e);
                run.finish(new IngestResult.Failed(doc.path, "Could not store this document: " + e.getMessage()));
            }
        }
    }

    private void endDocument(End end, Run run, Set<Doc> open) {
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
            run.chunks.addAndGet(rows);
            run.stored.run();
            run.finish(new IngestResult.Indexed(doc.path, rows));
        } catch (RuntimeException e) {
            abandon(doc, open);
            if (!stopIfDatabaseGone(e, run)) {
                log.warn("Could not store {}", doc.path, e);
                run.finish(new IngestResult.Failed(doc.path, "Could not store this document: " + e.getMessage()));
            }
        }
    }

    /**
     * When {@code e} means the database itself is gone (server stopped, connection refused, disk
     * full), stops the whole run: no file is reported failed for a reason that is not its own, and
     * the reason is said once, in the summary. False for a failure of one document.
     */
    private boolean stopIfDatabaseGone(RuntimeException e, Run run) {
        Optional<String> why = DatabaseUnavailable.reason(e, storage);
        if (why.isEmpty()) {
            return false;
        }
        if (run.stoppedBy.compareAndSet(null, why.get())) {
            log.error("Stopping the import: {}", why.get(), e);
        }
        run.control.cancel();
        return true;
    }

    private static void abandon(Doc doc, Set<Doc> open) {
        doc.abandoned = true;
        if (doc.write != null) {
            doc.write.close();
            open.remove(doc);
        }
    }

    private int prune(List<Path> roots, List<Path> present) {
        var keep = new java.util.HashSet<String>();
        present.forEach(p -> keep.add(p.toString()));
        int pruned = 0;
        for (DocumentRecord doc : store.listDocuments()) {
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

    static DocumentInfo describe(Path file) throws IOException {
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
        return new DocumentInfo(
                file.toString(),
                HexFormat.of().formatHex(sha.digest()),
                "application/octet-stream",
                Files.size(file),
                Files.getLastModifiedTime(file).toInstant(),
                null,
                null);
    }

    private static DocumentInfo withType(DocumentInfo info, String mediaType, Integer pages, String title) {
        return new DocumentInfo(
                info.path(), info.contentSha256(), mediaType, info.sizeBytes(), info.mtime(), pages, title);
    }

    /** CPU time as a share of all cores over {@code wall}, 0 to 1. */
    private static double cpuShare(long cpuNanos, Duration wall) {
        double share = cpuNanos
                / (double) Math.max(1, wall.toNanos())
                / Runtime.getRuntime().availableProcessors();
        return Math.min(1, Math.max(0, share));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    /** Counters of one run, and the progress reports built from them. */
    private static final class Run {
        final int total;
        final Listener listener;
        final IngestControl control;
        final Runnable stored; // a document's chunks were committed
        final PathClaims claims;
        final List<Path> deferred =
                java.util.Collections.synchronizedList(new ArrayList<>()); // another import was parsing them
        final long startNanos = System.nanoTime();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger indexed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicLong chunks = new AtomicLong();
        final ConcurrentLinkedQueue<IngestResult.Failed> failures = new ConcurrentLinkedQueue<>();
        final AtomicReference<String> current = new AtomicReference<>();
        final AtomicReference<String> stoppedBy = new AtomicReference<>();
        final java.util.Map<String, DocumentRecord> known =
                new java.util.HashMap<>(); // written before the readers start
        volatile boolean prefetched;
        volatile long peakQueuedBytes;
        final CountDownLatch done = new CountDownLatch(1);

        Run(int total, Listener listener, IngestControl control, Runnable stored, PathClaims claims) {
            this.total = total;
            this.listener = listener;
            this.control = control;
            this.stored = stored;
            this.claims = claims;
        }

        void start(Path file) {
            started.incrementAndGet();
            current.set(file.toString());
        }

        void finish(IngestResult result) {
            switch (result) {
                case IngestResult.Indexed i -> indexed.incrementAndGet();
                case IngestResult.Skipped s -> skipped.incrementAndGet();
                case IngestResult.Failed f -> failures.add(f);
                case IngestResult.NotFollowed n -> {
                    report(n);
                    return;
                }
            }
            claims.release(result.path().toString()); // its outcome is stored: another import may look
            finished.incrementAndGet();
            listener.result(result);
        }

        /** An outcome that is not one of the run's files (an entry not followed): said, not counted. */
        void report(IngestResult result) {
            listener.result(result);
        }

        void tickUntilDone(MemoryGovernor governor) {
            try {
                while (!done.await(500, TimeUnit.MILLISECONDS)) {
                    emitProgress(governor);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void emitProgress(MemoryGovernor governor) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            int doneFiles = finished.get();
            double rate = seconds > 0 ? chunks.get() / seconds : 0;
            Duration eta = doneFiles == 0 || seconds < 1
                    ? null
                    : Duration.ofMillis((long) (seconds * 1000 * (total - doneFiles) / doneFiles));
            listener.progress(new IngestProgress(
                    doneFiles,
                    total,
                    chunks.get(),
                    rate,
                    eta,
                    current.get(),
                    governor.isThrottled(),
                    control.isPaused()));
        }
    }
}
