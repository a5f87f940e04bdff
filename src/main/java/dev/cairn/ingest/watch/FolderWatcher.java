package dev.cairn.ingest.watch;

import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestProgress;
import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.WatchedFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one folder in step with the library: new, changed and deleted files under it are picked
 * up on their own.
 *
 * <p>The folder's file events come settled from {@link FolderEvents}: a path is handed on only after
 * it has been quiet for the quiet period, so a file still being written is not read half-written.
 * Changed paths go to
 * {@link IngestPipeline#ingest} (which skips unchanged content by hash); a gone path has its
 * documents removed. Events can be lost (the kernel's queue overflows, the watcher was not
 * running), so a full reconcile, {@code ingest(folder, prune = true)}, runs at start, after an
 * overflow and periodically as the safety net.
 *
 * <p>Only one run at a time: paths that settle while a run is going on are gathered and handed on
 * together in the next one. Timers run on the injected scheduler, runs on a thread of the watcher's own.
 */
public final class FolderWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);

    /**
     * @param quietPeriod how long a path must see no event before it is handed on
     * @param reconcileEvery how often the whole folder is reconciled; zero for only at start and after overflows
     */
    public record Options(Duration quietPeriod, Duration reconcileEvery) {

        public Options {
            if (quietPeriod.isNegative() || reconcileEvery.isNegative()) {
                throw new IllegalArgumentException("The quiet period and the reconcile interval cannot be negative.");
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofMillis(1500), Duration.ofMinutes(10));
        }
    }

    /**
     * One run of the watcher.
     *
     * @param reconcile true for a full pass over the folder, false for a set of changed paths
     * @param changed   the paths handed to the pipeline (for a reconcile: the folder)
     * @param removed   documents removed because their files are gone
     */
    public record Run(boolean reconcile, List<Path> changed, int removed, IngestSummary summary) {}

    /** Hears about the watcher's work, on its run thread. */
    public interface Listener {
        /** A run begins: a full pass over the folder, or the changed paths. */
        default void running(boolean reconcile) {}

        /** How far the run has come, as the pipeline reports it (about twice a second). */
        default void progress(IngestProgress progress) {}

        /** Each file's result, as the pipeline reports it. */
        default void result(IngestResult result) {}

        /** A document inside {@code file} (an e-mail's attachment), after the file's result, as the pipeline reports it. */
        default void part(Path file, String partOf, IngestResult result) {}

        /** A document was removed because its file is gone. */
        default void removed(Path path) {}

        /** A run ended. */
        default void ran(Run run) {}

        /** The watch or a run failed; {@code message} is a sentence a person can act on. */
        default void failed(String message) {}

        Listener NONE = new Listener() {};
    }

    private final Path root;
    private final IngestPipeline pipeline;
    private final ChunkStore store;
    private final WatchedFolders folders;
    private final ScheduledExecutorService scheduler;
    private final Options options;
    private final Listener listener;

    private final FolderEvents events;
    private final Set<Path> ready = new LinkedHashSet<>(); // guarded by this
    private boolean reconcileWanted; // guarded by this
    private boolean runScheduled; // guarded by this
    private volatile IngestControl current;
    private volatile boolean closed;
    private final ExecutorService runner;
    private boolean started;
    private ScheduledFuture<?> periodic;

    /**
     * @param folders where the outcome of each reconcile is recorded (last reconciled, or the error)
     */
    public FolderWatcher(
            Path folder,
            IngestPipeline pipeline,
            ChunkStore store,
            WatchedFolders folders,
            ScheduledExecutorService scheduler,
            Options options,
            Listener listener)
            throws IOException {
        this.root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Cannot watch " + folder + ": it is not a folder (or it is gone).");
        }
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.store = Objects.requireNonNull(store, "store");
        this.folders = Objects.requireNonNull(folders, "folders");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.events = new FolderEvents(root, scheduler, options.quietPeriod(), new FolderEvents.Sink() {
            @Override
            public void settled(Path path) {
                synchronized (FolderWatcher.this) {
                    ready.add(path);
                }
                scheduleRun();
            }

            @Override
            public void overflowed() {
                requestReconcile();
            }

            @Override
            public void gone() {
                fail(Phrase.of("watch.gone", root));
            }
        });
        this.runner = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("cairn-watch-run").daemon().factory());
    }

    public Path folder() {
        return root;
    }

    /** Registers the folder tree, then reconciles it once to catch up on changes made while nobody watched. */
    public synchronized FolderWatcher start() throws IOException {
        if (started) {
            throw new IllegalStateException("this watcher is already started");
        }
        events.start();
        started = true;
        if (!options.reconcileEvery().isZero()) {
            long every = options.reconcileEvery().toMillis();
            periodic = scheduler.scheduleWithFixedDelay(this::requestReconcile, every, every, TimeUnit.MILLISECONDS);
        }
        requestReconcile();
        return this;
    }

    /** Asks for a full pass over the folder as soon as the current run, if any, ends. */
    public void requestReconcile() {
        synchronized (this) {
            reconcileWanted = true;
        }
        scheduleRun();
    }

    // ---- runs -----------------------------------------------------------------------------

    private void scheduleRun() {
        synchronized (this) {
            if (runScheduled || closed) {
                return;
            }
            runScheduled = true;
        }
        runner.execute(this::runWhileWanted);
    }

    /** Runs until nothing is wanted; everything that settled meanwhile goes into the next run. */
    private void runWhileWanted() {
        while (true) {
            boolean reconcile;
            List<Path> paths;
            synchronized (this) {
                if (closed || !reconcileWanted && ready.isEmpty()) {
                    runScheduled = false;
                    return;
                }
                reconcile = reconcileWanted;
                paths = new ArrayList<>(ready);
                reconcileWanted = false;
                ready.clear();
            }
            listener.running(reconcile);
            try {
                if (reconcile) {
                    reconcile(); // a full pass covers the changed paths too
                } else {
                    applyChanges(paths);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    runScheduled = false;
                }
                return;
            } catch (RuntimeException e) {
                log.warn("A watch run over {} failed", root, e);
                fail(Phrase.of("watch.updateFailed", root, e.getMessage()));
            }
        }
    }

    private void reconcile() throws InterruptedException {
        if (!Files.isDirectory(root)) {
            fail(Phrase.of("watch.gone", root));
            return;
        }
        IngestSummary summary = ingest(List.of(root), true);
        if (!summary.cancelled()) {
            folders.markReconciled(root);
        }
        markIfChanged(summary, summary.pruned());
        listener.ran(new Run(true, List.of(root), summary.pruned(), summary));
    }

    private void applyChanges(List<Path> paths) throws InterruptedException {
        List<Path> present = new ArrayList<>();
        int removed = 0;
        for (Path path : paths) {
            if (Files.exists(path)) {
                present.add(path);
            } else {
                removed += removeDocumentsAt(path);
            }
        }
        IngestSummary summary;
        try {
            summary = present.isEmpty() ? null : ingest(present, false);
        } catch (IllegalArgumentException goneMeanwhile) { // a path vanished between the check and the walk
            requestReconcile();
            return;
        }
        markIfChanged(summary, removed);
        if (summary != null || removed > 0) {
            listener.ran(new Run(false, List.copyOf(paths), removed, summary));
        }
    }

    /** Stamps the folder's last change when a run indexed, failed or removed anything. */
    private void markIfChanged(IngestSummary summary, int removed) {
        if (removed > 0 || summary != null && summary.indexed() + summary.failed() > 0) {
            folders.markChanged(root);
        }
    }

    private IngestSummary ingest(List<Path> paths, boolean prune) throws InterruptedException {
        IngestControl control = new IngestControl();
        current = control;
        try {
            IngestPipeline.Listener forward = new IngestPipeline.Listener() {
                @Override
                public void progress(IngestProgress progress) {
                    listener.progress(progress);
                }

                @Override
                public void result(IngestResult result) {
                    listener.result(result);
                }

                @Override
                public void part(Path file, String partOf, IngestResult result) {
                    listener.part(file, partOf, result);
                }
            };
            // With the library's embedding stage, a run ends once the text is stored (searchable by its words)
            // and the vectors follow in the background: the next change need not wait for them.
            return pipeline.embedsInBackground()
                    ? pipeline.ingestText(paths, prune, control, forward)
                    : pipeline.ingest(paths, prune, control, forward);
        } finally {
            current = null;
        }
    }

    /** The document at a gone path, or, if the path was a folder, every document under it whose file is gone. */
    private int removeDocumentsAt(Path path) {
        if (store.deleteByPath(path.toString())) {
            listener.removed(path);
            return 1;
        }
        int removed = 0;
        for (DocumentRecord doc : store.listDocuments()) {
            Path p = Path.of(doc.path());
            // an attachment has no file: it goes with its message's document
            if (!doc.isPart() && p.startsWith(path) && !Files.exists(p) && store.deleteDocument(doc.id())) {
                listener.removed(p);
                removed++;
            }
        }
        return removed;
    }

    private void fail(String message) {
        log.warn(Phrase.english(message));
        try {
            folders.markFailed(root, message);
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of the watch on {}", root, e);
        }
        listener.failed(message);
    }

    /** Stops watching: cancels the timers and a run in progress, and waits briefly for it to end. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (periodic != null) {
                periodic.cancel(false);
            }
        }
        events.close();
        IngestControl run = current;
        if (run != null) {
            run.cancel();
        }
        runner.shutdown();
        try {
            if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A watch run over {} did not stop within 30 s; leaving it to finish on its own", root);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
