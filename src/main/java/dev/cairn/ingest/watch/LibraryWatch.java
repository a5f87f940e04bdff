package dev.cairn.ingest.watch;

import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestResult;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.WatchLease;
import dev.cairn.store.WatchedFolder;
import dev.cairn.store.WatchedFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every folder on a library's watch list in step with it, in whichever process holds the
 * library's {@link WatchLease}: the window or {@code cairn watch run}, never both. It looks at the
 * list every few seconds, so folders added, removed, paused or resumed by any process are taken up
 * there; a {@link FolderWatcher} per folder that is not paused does the watching. A process that
 * does not hold the lease asks for it at each look and takes over when the holder stops; until then
 * it hears, through each folder's stored last change, that the holder changed documents under it.
 *
 * <p>Looks run on the injected scheduler (the folder watchers' timers share it); listeners hear on
 * the scheduler's thread or a watcher's run thread.
 */
public final class LibraryWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LibraryWatch.class);

    /**
     * @param lookEvery how often the list (and the lease) is looked at
     * @param folders   the options of each folder's watcher
     */
    public record Options(Duration lookEvery, FolderWatcher.Options folders) {
        public Options {
            if (lookEvery.isNegative() || lookEvery.isZero()) {
                throw new IllegalArgumentException("The watch list must be looked at every so often, not " + lookEvery);
            }
            Objects.requireNonNull(folders, "folders");
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(2), FolderWatcher.Options.defaults());
        }
    }

    /** What a watched folder is doing, as this process sees it. */
    public enum Activity {
        /** Its file events are followed; nothing to do right now. */
        WATCHING,
        /** A run is reading files under it ({@link Folder#files()} so far). */
        SCANNING,
        /** A person paused it: nothing under it is read until resumed. */
        PAUSED,
        /** It is gone, cannot be read, or its last run failed ({@link Folder#problem()} says why). */
        FAILED,
        /** Another Cairn process holds the watch and keeps it current. */
        ELSEWHERE
    }

    /**
     * A folder on the list and what it is doing.
     *
     * @param files   while {@link Activity#SCANNING}, the files read so far in this run
     * @param total   while scanning, the files the run has to look at; 0 until known
     * @param problem why it failed, a sentence; empty unless {@link Activity#FAILED}
     */
    public record Folder(WatchedFolder stored, Activity activity, int files, int total, String problem) {
        public Path path() {
            return stored.path();
        }
    }

    /** Hears about the watch; any thread (see the class comment). */
    public interface Listener {
        /** The list or a folder's activity changed; the whole list, by path. */
        default void folders(List<Folder> folders) {}

        /** A file's result, as the pipeline reports it. */
        default void result(IngestResult result) {}

        /** A document inside {@code file} (an e-mail's attachment), after the file's result. */
        default void part(Path file, String partOf, IngestResult result) {}

        /** A document was removed because its file is gone. */
        default void removed(Path path) {}

        /** A run of a folder's watcher ended. */
        default void ran(FolderWatcher.Run run) {}

        /** Another process's watch changed documents under {@code folder}. */
        default void changedElsewhere(Path folder) {}
    }

    private final Supplier<IngestPipeline> pipeline;
    private final ChunkStore store;
    private final WatchedFolders list;
    private final WatchLease lease;
    private final ScheduledExecutorService scheduler;
    private final Options options;
    private final Listener listener;

    private final Map<Path, WatchedFolderRun> watched = new HashMap<>(); // only on the scheduler's thread
    private final Map<Path, Instant> changesSeen = new HashMap<>(); // only on the scheduler's thread
    /** Why folders that want watching could not be watched at the last look; only on the scheduler's thread. */
    private final Map<Path, String> problems = new HashMap<>();

    private volatile List<WatchedFolder> stored = List.of();
    private volatile boolean mine;
    private volatile boolean lookedOnce;
    private List<Folder> told; // guarded by this; null until the first look told

    private ScheduledFuture<?> looking; // guarded by this
    private boolean closed; // guarded by this

    /** @param pipeline made when the first folder is watched, so a process that only lists pays nothing for it */
    public LibraryWatch(
            Supplier<IngestPipeline> pipeline,
            ChunkStore store,
            WatchedFolders list,
            WatchLease lease,
            ScheduledExecutorService scheduler,
            Options options,
            Listener listener) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.store = Objects.requireNonNull(store, "store");
        this.list = Objects.requireNonNull(list, "list");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Looks at the list now and then every {@link Options#lookEvery}. */
    public synchronized LibraryWatch start() {
        if (looking != null) {
            throw new IllegalStateException("this watch is already started");
        }
        long every = options.lookEvery().toMillis();
        looking = scheduler.scheduleWithFixedDelay(this::lookSafely, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Looks at the list again soon, e.g. after this process added, removed or paused a folder. */
    public void lookAgain() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            scheduler.execute(this::lookSafely);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /** True while this process holds the library's watch (as of the last look). */
    public boolean isWatchingHere() {
        return mine;
    }

    /** True once the list was looked at: {@link #isWatchingHere} then says who watches. */
    public boolean hasLooked() {
        return lookedOnce;
    }

    /** The folders and what they are doing, as of the last look or run. */
    public synchronized List<Folder> folders() {
        return told == null ? List.of() : told;
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) { // the database is away for a moment: the next look tries again
            log.warn("Could not look at the watch list: {}", e.getMessage());
            if (mine && !lease.held()) { // its session went with the lease: another process may take over
                mine = false;
                stopAll();
            }
        }
    }

    private void look() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        WatchLease.Look look = lease.look(list); // on the lease's own session: no connection opened per look
        List<WatchedFolder> now = look.folders();
        stored = now;
        boolean holds = look.held();
        if (!holds && !now.isEmpty() && mine) {
            log.info("This process no longer holds the watch; another Cairn process keeps the folders current");
        }
        mine = holds;
        lookedOnce = true;
        if (holds) {
            follow(now);
        } else {
            stopAll(); // with nothing to watch, the look let another process have the lease
            noticeChangesElsewhere(now);
        }
        tell();
    }

    /** Starts watchers for the folders that want one and stops those of folders paused, removed or gone. */
    private void follow(List<WatchedFolder> now) {
        Map<Path, WatchedFolder> byPath = new HashMap<>();
        now.forEach(f -> byPath.put(f.path(), f));
        for (var it = watched.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            WatchedFolder folder = byPath.get(entry.getKey());
            if (folder == null || folder.paused() || entry.getValue().dead) {
                entry.getValue().close();
                it.remove();
            }
        }
        problems.clear();
        for (WatchedFolder folder : now) {
            if (!folder.paused() && !watched.containsKey(folder.path())) {
                startWatching(folder);
            }
        }
        changesSeen.clear();
    }

    private void startWatching(WatchedFolder folder) {
        Path path = folder.path();
        String problem = problemWith(path);
        if (problem != null) {
            problem = unwatchable(problem);
        } else {
            WatchedFolderRun w = new WatchedFolderRun(path, listener, this::tellSoon);
            try {
                w.watcher = new FolderWatcher(path, pipeline.get(), store, list, scheduler, options.folders(), w);
                w.watcher.start();
                watched.put(path, w);
                log.info("Watching {}", path);
                return;
            } catch (IOException | IllegalArgumentException e) {
                w.close();
                problem = Phrase.of("watch.cannot", path, e.getMessage());
            }
        }
        problems.put(path, problem);
        if (!problem.equals(folder.error())) { // said once, not at every look
            log.warn(Phrase.english(problem));
            list.markFailed(path, problem);
        }
    }

    /** Why a folder cannot be watched now, a {@link Phrase} code of a sentence without its full stop; null when it can. */
    public static String problemWith(Path folder) {
        if (!Files.exists(folder)) {
            return Phrase.of("watch.noFolder", folder);
        }
        if (!Files.isDirectory(folder)) {
            return Phrase.of("watch.isFile", folder);
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            return Phrase.of("watch.noAccess", folder);
        }
        return null;
    }

    static String unwatchable(String problem) {
        return Phrase.of("watch.unwatchable", problem);
    }

    /** A folder whose stored last change moved since the last look: the holder changed documents under it. */
    private void noticeChangesElsewhere(List<WatchedFolder> now) {
        for (WatchedFolder folder : now) {
            boolean known = changesSeen.containsKey(folder.path());
            Instant seen = changesSeen.put(folder.path(), folder.lastChangeAt());
            if (known && !Objects.equals(seen, folder.lastChangeAt())) {
                listener.changedElsewhere(folder.path());
            }
        }
    }

    private void stopAll() {
        watched.values().forEach(WatchedFolderRun::close);
        watched.clear();
    }

    /** Tells the listener, from the scheduler's thread, once a folder's run moved on. */
    private void tellSoon() {
        try {
            scheduler.execute(this::tell);
        } catch (RejectedExecutionException closing) {
            // the watch is closing: nobody is told any more
        }
    }

    /** Tells the listener the folders' activities when they changed. */
    private void tell() {
        boolean holds = mine;
        List<Folder> folders = new ArrayList<>();
        for (WatchedFolder f : stored) {
            WatchedFolderRun w = holds ? watched.get(f.path()) : null;
            String problem = holds ? problems.get(f.path()) : null;
            folders.add(describe(f, holds, w, problem));
        }
        List<Folder> snapshot = List.copyOf(folders);
        synchronized (this) {
            if (snapshot.equals(told) || closed) {
                return;
            }
            told = snapshot;
        }
        listener.folders(snapshot);
    }

    /** @param problem why this process could not start watching it; null when it could (or did not try) */
    private static Folder describe(WatchedFolder f, boolean holds, WatchedFolderRun w, String problem) {
        if (f.paused()) {
            return new Folder(f, Activity.PAUSED, 0, 0, "");
        }
        if (w != null && w.scanning) {
            return new Folder(f, Activity.SCANNING, w.files, w.total, "");
        }
        if (problem == null && w != null) {
            problem = w.failure;
        }
        if (problem == null && f.state() == WatchedFolder.State.FAILED) {
            problem = f.error();
        }
        if (problem != null) {
            return new Folder(f, Activity.FAILED, 0, 0, problem);
        }
        return new Folder(f, holds ? Activity.WATCHING : Activity.ELSEWHERE, 0, 0, "");
    }

    /** Stops watching and lets go of the lease; another process may then take it. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (looking != null) {
                looking.cancel(false);
            }
        }
        Future<?> stopping;
        try {
            stopping = scheduler.submit(this::stopAll);
        } catch (RejectedExecutionException e) { // the scheduler is shut down already: nothing else touches the runs
            stopAll();
            lease.close();
            return;
        }
        // The runs are the scheduler thread's alone, so this thread only waits, even when interrupted.
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                stopping.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Watched folders did not all stop cleanly: {}", e.toString());
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // kept for the closing thread's caller
        }
        lease.close();
    }
}
