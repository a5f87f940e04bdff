package dev.cairn.ingest;

import dev.cairn.embed.Embedder;
import dev.cairn.ingest.parse.ParseBudget;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.BackgroundPriority;
import dev.cairn.platform.MemoryGovernor;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.PathClaims;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From files to searchable chunks, in two steps (docs/decisions/0013-progressive-indexing.md):
 * first every document's text, so it is found by its words within seconds, then the vectors.
 *
 * <ol>
 *   <li><b>read</b> (several workers, {@link DocumentReader}): hash the file, skip it when unchanged, parse it under its
 *       budget and cut it into chunks, handed on a batch at a time as the parser streams;</li>
 *   <li><b>write</b> (one thread, {@link DocumentWriter}): each document streams into its own transaction (old chunks
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

        /**
         * A document inside {@code file} (an e-mail's attachment, {@code partOf} "attachment of
         * 'Budget'") was stored with it, or recorded as not read; after {@code file}'s own result.
         */
        default void part(Path file, String partOf, IngestResult result) {}

        /** Every document of the run is stored and searchable by its words; {@link #ingest} now waits for the vectors. */
        default void textStored(IngestSummary text) {}

        /** Where the semantic index stands while {@link #ingest} waits for it, on the embedding stage's thread. */
        default void semantic(SemanticIndexer.Progress progress) {}

        Listener NONE = new Listener() {};
    }

    private final Embedder embedder;
    private final ChunkStore store;
    private final MemoryGovernor governor;
    private final Options options;
    private final DocumentReader reader;
    private final DocumentWriter writer;
    private final SemanticIndexer semantic;
    private volatile StatisticsUpkeep statistics;
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
        Objects.requireNonNull(parsers);
        this.embedder = Objects.requireNonNull(embedder);
        this.store = Objects.requireNonNull(store);
        this.governor = Objects.requireNonNull(governor);
        this.options = Objects.requireNonNull(options);
        this.semantic = semantic;
        this.reader = new DocumentReader(parsers, store, embedder.tokenizer(), options);
        this.writer = new DocumentWriter(store, embedder);
        this.statistics = new StatisticsUpkeep(store);
    }

    /**
     * Shares the library's statistics upkeep ({@link ChunkStore#refreshStatistics} once the runs
     * changed enough), which its owner closes, instead of one of the pipeline's own.
     */
    public IngestPipeline upkeepWith(StatisticsUpkeep upkeep) {
        this.statistics = Objects.requireNonNull(upkeep, "upkeep");
        return this;
    }

    /** From this many files on, the library's documents are read in one query up front. */
    private static final int PREFETCH_FILES = 32;

    /** True when the pipeline was given the library's embedding stage: {@link #ingestText} may then be used. */
    public boolean embedsInBackground() {
        return semantic != null;
    }

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
        RunClock clock = new RunClock();
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
                Duration elapsed = clock.elapsed();
                return text.withSemantic(elapsed, clock.cpuShare(elapsed), done.problem());
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
        statistics.afterRun(text);
        return text;
    }

    private IngestSummary readAndStore(
            List<Path> roots, boolean prune, IngestControl control, Listener listener, Runnable stored)
            throws InterruptedException {
        RunClock clock = new RunClock();
        long throttlesBefore = governor.throttleEvents();
        FileWalker.Walk walk = FileWalker.scan(roots);
        List<Path> files = walk.files();
        PathClaims claims = store.pathClaims();
        IngestRun run = new IngestRun(files.size(), listener, control, stored, claims, storage);
        for (FileWalker.NotFollowed entry : walk.notFollowed()) {
            run.report(new IngestResult.NotFollowed(entry.path(), entry.reason()));
        }
        // One query for a big run instead of one session per file: checking an unchanged library
        // is then mostly hashing (a session costs a password handshake and a server process).
        if (files.size() >= PREFETCH_FILES) {
            for (DocumentRecord doc : store.listDocuments()) {
                run.known.put(doc.path(), doc);
                if (doc.isPart() && DocumentReader.waitedForOcr(doc)) {
                    run.partsWaitingForOcr.add(doc.parentId());
                }
            }
            run.prefetched = true;
        }

        int pruned = prune ? Pruning.removeMissing(store, roots, files) : 0;
        int queued = Math.max(2, options.queuedChunks() / options.embedBatch());
        BlockingQueue<DocumentWriter.Item> toWrite = new LinkedBlockingQueue<>(queued);
        // Every stage runs at background priority: the window and the person's other programs come first.
        ExecutorService readers = Executors.newFixedThreadPool(
                options.readers(),
                BackgroundPriority.lowered(
                        Thread.ofPlatform().name("cairn-read-", 0).daemon().factory()));
        try (claims;
                FlowGate gate = new FlowGate(options.queuedBytes(), governor)) {
            Thread writeThread = BackgroundPriority.lowered(
                            Thread.ofPlatform().name("cairn-write").daemon().factory())
                    .newThread(() -> writer.writeLoop(toWrite, run, gate));
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
                                reader.read(file, toWrite, run, gate, wait);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (RuntimeException e) {
                                if (!run.stopIfDatabaseGone(e)) {
                                    log.warn("Unexpected failure reading {}", file, e);
                                    run.finish(new IngestResult.Failed(
                                            file, Phrase.of("parse.couldNotRead", e.getMessage())));
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
                toWrite.put(DocumentWriter.STOP);
                writeThread.join();
                run.done.countDown();
                ticker.join();
            }
            run.peakQueuedBytes = gate.peak();
        }
        Duration elapsed = clock.elapsed();
        double cpu = clock.cpuShare(elapsed);
        run.emitProgress(governor);
        log.debug(
                "ingest: {} chunks in {}, at most {} bytes of chunks in flight",
                run.chunks.get(),
                elapsed,
                run.peakQueuedBytes);
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
                run.stopped(),
                walk.notFollowed().stream()
                        .map(n -> new IngestResult.NotFollowed(n.path(), n.reason()))
                        .toList());
    }
}
