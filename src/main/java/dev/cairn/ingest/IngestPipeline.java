package dev.cairn.ingest;

import dev.cairn.embed.Embedder;
import dev.cairn.runtime.MemoryGovernor;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentInfo;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import dev.cairn.store.NewChunk;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From files to searchable chunks. Three stages run at once, joined by bounded queues, so the model
 * never waits for parsing or the database:
 *
 * <ol>
 *   <li><b>read</b> (several workers): hash the file, skip it when unchanged, parse it under its
 *       budget and cut it into chunks;</li>
 *   <li><b>embed</b> (one thread; ONNX Runtime itself uses every core): batches chunks across
 *       documents;</li>
 *   <li><b>write</b> (one thread): one transaction per document replaces its chunks by binary COPY,
 *       so a reader, or a run after a crash, never sees half a document.</li>
 * </ol>
 *
 * <p>New work waits while the memory governor throttles or the run is paused. Files are reconciled
 * by path and content hash: unchanged ones are skipped without embedding; a file that failed is not
 * tried again until its content changes, so no file can fail at every start.
 */
public final class IngestPipeline {

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    /**
     * @param readers      files read and chunked at once
     * @param embedBatch   chunks per model call (the embedder sorts each batch by length)
     * @param queuedChunks chunks waiting between read and embed, and between embed and write: the memory bound
     * @param retryFailed  try files that failed before although their content is unchanged
     */
    public record Options(ParseBudget budget, ChunkingPolicy chunking, int readers, int embedBatch, int queuedChunks,
                          boolean retryFailed) {

        public static Options defaults() {
            return new Options(ParseBudget.defaults(), ChunkingPolicy.DEFAULT,
                    Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 32, 2048, false);
        }

        public Options withRetryFailed(boolean retry) {
            return new Options(budget, chunking, readers, embedBatch, queuedChunks, retry);
        }
    }

    /** Where a file is in the pipeline, for a per-document status. */
    public enum Stage { READING, EMBEDDING, WRITING }

    /** Receives progress about twice a second and each file's stages and result, on the pipeline's threads. */
    public interface Listener {
        default void stage(Path file, Stage stage) {
        }

        default void progress(IngestProgress progress) {
        }

        default void result(IngestResult result) {
        }

        Listener NONE = new Listener() {
        };
    }

    private final Parsers parsers;
    private final Embedder embedder;
    private final ChunkStore store;
    private final MemoryGovernor governor;
    private final Options options;
    private final Chunker chunker;

    public IngestPipeline(Parsers parsers, Embedder embedder, ChunkStore store, MemoryGovernor governor, Options options) {
        this.parsers = Objects.requireNonNull(parsers);
        this.embedder = Objects.requireNonNull(embedder);
        this.store = Objects.requireNonNull(store);
        this.governor = Objects.requireNonNull(governor);
        this.options = Objects.requireNonNull(options);
        var tokenizer = embedder.tokenizer();
        this.chunker = new Chunker(TokenCounter.withOffsets(tokenizer::countTokens, text -> tokenizer.tokenize(text).starts()),
                options.chunking());
    }

    /** A document read and chunked, waiting for its vectors. */
    private record Job(Path path, DocumentInfo info, String title, List<Chunk> chunks, float[][] vectors) {
    }

    private static final Job END = new Job(null, null, null, List.of(), new float[0][]);

    /** Ingests the files and folders given; blocks until done or cancelled. */
    public IngestSummary ingest(List<Path> roots, boolean prune, IngestControl control, Listener listener)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        long startCpu = processCpuNanos();
        long throttlesBefore = governor.throttleEvents();
        List<Path> files = FileWalker.walk(roots);
        Run run = new Run(files.size(), listener, control);

        int pruned = prune ? prune(roots, files) : 0;
        BlockingQueue<Job> toEmbed = new ArrayBlockingQueue<>(Math.max(2, options.queuedChunks() / options.embedBatch()));
        BlockingQueue<Job> toWrite = new ArrayBlockingQueue<>(Math.max(2, options.queuedChunks() / options.embedBatch()));
        ExecutorService readers = Executors.newFixedThreadPool(options.readers(), Thread.ofPlatform().name("cairn-read-", 0).daemon().factory());
        Thread embedThread = Thread.ofPlatform().name("cairn-embed").daemon().unstarted(() -> embedLoop(toEmbed, toWrite, run));
        Thread writeThread = Thread.ofPlatform().name("cairn-write").daemon().unstarted(() -> writeLoop(toWrite, run));
        embedThread.start();
        writeThread.start();
        Thread ticker = Thread.ofPlatform().name("cairn-ingest-progress").daemon().start(() -> run.tickUntilDone(governor));

        // Bounded hand-off: at most two files per reader are read ahead of the embedder.
        Semaphore inFlight = new Semaphore(options.readers() * 2);
        try {
            for (Path file : files) {
                if (!control.awaitRunning()) {
                    break;
                }
                governor.awaitPermit();
                inFlight.acquire();
                readers.execute(() -> {
                    try {
                        read(file, toEmbed, run);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        log.warn("Unexpected failure reading {}", file, e);
                        run.finish(new IngestResult.Failed(file, "Cairn could not read this file: " + e.getMessage()));
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } finally {
            readers.close(); // waits for the reads in flight
            toEmbed.put(END);
            embedThread.join();
            writeThread.join();
            run.done.countDown();
            ticker.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        double cpu = (processCpuNanos() - startCpu) / (double) elapsed.toNanos() / Runtime.getRuntime().availableProcessors();
        run.emitProgress(governor);
        return new IngestSummary(run.indexed.get(), run.skipped.get(), run.failures.size(), pruned,
                new ArrayList<>(run.failures), run.chunks.get(), elapsed, governor.throttleEvents() - throttlesBefore,
                Math.min(1, Math.max(0, cpu)), control.isCancelled());
    }

    private void read(Path file, BlockingQueue<Job> toEmbed, Run run) throws InterruptedException {
        if (run.control.isCancelled()) {
            return;
        }
        run.start(file);
        run.listener.stage(file, Stage.READING);
        DocumentInfo info;
        try {
            info = describe(file);
        } catch (IOException e) {
            run.finish(new IngestResult.Failed(file, "Cairn could not read this file: " + e.getMessage()));
            return;
        }
        Optional<DocumentRecord> existing = store.findByPath(info.path());
        if (existing.isPresent() && info.contentSha256().equals(existing.get().contentSha256())) {
            DocumentRecord doc = existing.get();
            if (doc.status() == DocumentStatus.INDEXED) {
                run.finish(new IngestResult.Skipped(file, "unchanged"));
                return;
            }
            if (doc.status() == DocumentStatus.FAILED && !options.retryFailed()) {
                run.finish(new IngestResult.Skipped(file, "failed before and unchanged: " + doc.error()));
                return;
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        ParseOutcome outcome;
        try (ChunkStream stream = chunker.open(chunks::add)) {
            outcome = parsers.parse(file, options.budget(), stream);
        }
        switch (outcome) {
            case ParseOutcome.Failed failed -> {
                store.markFailed(withType(info, "application/octet-stream", null, null), failed.message());
                run.finish(new IngestResult.Failed(file, failed.message()));
            }
            case ParseOutcome.Parsed parsed -> {
                if (chunks.isEmpty()) {
                    String why = "This file has no text Cairn can index.";
                    store.markFailed(withType(info, parsed.mediaType(), parsed.pageCount(), parsed.title()), why);
                    run.finish(new IngestResult.Failed(file, why));
                    return;
                }
                DocumentInfo typed = withType(info, parsed.mediaType(), parsed.pageCount() == 0 ? null : parsed.pageCount(), parsed.title());
                run.listener.stage(file, Stage.EMBEDDING);
                toEmbed.put(new Job(file, typed, parsed.title(), chunks, new float[chunks.size()][]));
            }
        }
    }

    /** Batches chunks across documents: a batch is cut when full or when no more work is waiting. */
    private void embedLoop(BlockingQueue<Job> in, BlockingQueue<Job> out, Run run) {
        List<Job> jobs = new ArrayList<>();
        List<int[]> refs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try {
            boolean ended = false;
            while (!ended || !texts.isEmpty()) {
                Job job = texts.isEmpty() && !ended ? in.take() : in.poll();
                if (job == END) {
                    ended = true;
                } else if (job != null) {
                    jobs.add(job);
                    for (int i = 0; i < job.chunks().size(); i++) {
                        texts.add(job.chunks().get(i).embeddingText());
                        refs.add(new int[] {jobs.size() - 1, i});
                    }
                }
                boolean full = texts.size() >= options.embedBatch();
                if (!texts.isEmpty() && (full || job == null || ended)) {
                    int n = Math.min(options.embedBatch(), texts.size());
                    if (!run.control.awaitRunning()) {
                        break;
                    }
                    List<float[]> vectors = embedder.embedAll(texts.subList(0, n));
                    for (int i = 0; i < n; i++) {
                        int[] ref = refs.get(i);
                        jobs.get(ref[0]).vectors()[ref[1]] = vectors.get(i);
                    }
                    texts.subList(0, n).clear();
                    refs.subList(0, n).clear();
                    run.embedded.addAndGet(n);
                    // Hand on every leading job whose chunks are all embedded, in order.
                    int firstPending = refs.isEmpty() ? jobs.size() : refs.get(0)[0];
                    for (int j = 0; j < firstPending; j++) {
                        out.put(jobs.get(j));
                    }
                    jobs.subList(0, firstPending).clear();
                    for (int[] ref : refs) {
                        ref[0] -= firstPending;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The embedding stage failed", e);
            for (Job job : jobs) {
                run.finish(new IngestResult.Failed(job.path(), "Embedding failed: " + e.getMessage()));
            }
            run.control.cancel();
        } finally {
            try {
                out.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeLoop(BlockingQueue<Job> in, Run run) {
        try {
            for (Job job = in.take(); job != END; job = in.take()) {
                if (run.control.isCancelled()) {
                    continue;
                }
                try {
                    run.listener.stage(job.path(), Stage.WRITING);
                    DocumentRecord doc = store.upsertDocument(job.info());
                    List<NewChunk> rows = new ArrayList<>(job.chunks().size());
                    for (int i = 0; i < job.chunks().size(); i++) {
                        Chunk c = job.chunks().get(i);
                        rows.add(new NewChunk(c.index(), c.text(), c.heading().isEmpty() ? null : c.heading(), c.page(),
                                Math.toIntExact(c.charStart()), Math.toIntExact(c.charEnd()), c.tokens(), job.vectors()[i]));
                    }
                    store.replaceChunks(doc.id(), embedder.modelId(), rows);
                    run.chunks.addAndGet(rows.size());
                    run.finish(new IngestResult.Indexed(job.path(), rows.size()));
                } catch (RuntimeException e) {
                    log.warn("Could not store {}", job.path(), e);
                    run.finish(new IngestResult.Failed(job.path(), "Could not store this document: " + e.getMessage()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int prune(List<Path> roots, List<Path> present) {
        var keep = new java.util.HashSet<String>();
        present.forEach(p -> keep.add(p.toString()));
        int pruned = 0;
        for (DocumentRecord doc : store.listDocuments()) {
            Path p = Path.of(doc.path());
            boolean under = roots.stream().map(r -> r.toAbsolutePath().normalize()).anyMatch(p::startsWith);
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
        return new DocumentInfo(file.toString(), HexFormat.of().formatHex(sha.digest()), "application/octet-stream",
                Files.size(file), Files.getLastModifiedTime(file).toInstant(), null, null);
    }

    private static DocumentInfo withType(DocumentInfo info, String mediaType, Integer pages, String title) {
        return new DocumentInfo(info.path(), info.contentSha256(), mediaType, info.sizeBytes(), info.mtime(), pages, title);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Counters of one run, and the progress reports built from them. */
    private static final class Run {
        final int total;
        final Listener listener;
        final IngestControl control;
        final long startNanos = System.nanoTime();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger indexed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicLong chunks = new AtomicLong();
        final AtomicLong embedded = new AtomicLong();
        final ConcurrentLinkedQueue<IngestResult.Failed> failures = new ConcurrentLinkedQueue<>();
        final AtomicReference<String> current = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);

        Run(int total, Listener listener, IngestControl control) {
            this.total = total;
            this.listener = listener;
            this.control = control;
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
            }
            finished.incrementAndGet();
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
            Duration eta = doneFiles == 0 || seconds < 1 ? null
                    : Duration.ofMillis((long) (seconds * 1000 * (total - doneFiles) / doneFiles));
            listener.progress(new IngestProgress(doneFiles, total, chunks.get(), rate, eta, current.get(),
                    governor.isThrottled(), control.isPaused()));
        }
    }
}
