package dev.cairn.ingest.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.cairn.ingest.parse.DocumentTypes;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file events under a watched folder, settled. Every non-hidden folder under the root is
 * registered with a {@link WatchService}, new ones as they appear; a path is handed on only after
 * it has been quiet for the quiet period, so a file still being written is not read half-written.
 * Timers run on the injected scheduler, events on a thread of their own.
 */
final class FolderEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FolderEvents.class);

    /** Where the events go: on the scheduler's thread ({@link #settled}) or the event thread. */
    interface Sink {
        /** A path saw no event for the quiet period. */
        void settled(Path path);

        /** Events were lost (the kernel's queue overflowed): only a look at the whole folder can tell what changed. */
        void overflowed();

        /** The watched folder itself is gone or can no longer be read. */
        void gone();
    }

    private final Path root;
    private final ScheduledExecutorService scheduler;
    private final Duration quietPeriod;
    private final Sink sink;
    private final WatchService watchService;
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private final Map<Path, ScheduledFuture<?>> settling = new HashMap<>(); // guarded by this
    private volatile boolean closed;

    FolderEvents(Path root, ScheduledExecutorService scheduler, Duration quietPeriod, Sink sink) throws IOException {
        this.root = root;
        this.scheduler = scheduler;
        this.quietPeriod = quietPeriod;
        this.sink = sink;
        this.watchService = root.getFileSystem().newWatchService();
    }

    /** Registers the folder tree and starts taking its events. */
    void start() throws IOException {
        register(root);
        Thread.ofPlatform().name("cairn-watch-events").daemon().start(this::eventLoop);
    }

    private void register(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(root) && DocumentTypes.isHidden(d)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                keys.put(d.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable entry is left out; the reconcile reports files
            }
        });
    }

    private void eventLoop() {
        try {
            while (!closed) {
                WatchKey key = watchService.take();
                Path dir = keys.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == OVERFLOW) {
                        log.info("Too many changes at once under {}: reconciling the whole folder", root);
                        sink.overflowed();
                    } else if (dir != null) {
                        onEvent(event.kind(), dir.resolve((Path) event.context()));
                    }
                }
                if (!key.reset()) {
                    keys.remove(key);
                    if (root.equals(dir)) {
                        sink.gone();
                        return;
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closing
        }
    }

    private void onEvent(WatchEvent.Kind<?> kind, Path path) {
        if (isHiddenUnderRoot(path)) {
            return;
        }
        if (kind == ENTRY_CREATE && Files.isDirectory(path)) {
            try {
                register(path); // files may already be inside: the folder itself is handed on below
            } catch (IOException e) {
                log.warn("Could not watch the new folder {}: {}", path, e.getMessage());
            }
        } else if (kind == ENTRY_MODIFY && Files.isDirectory(path)) {
            return; // a folder's own timestamps changed; its files report for themselves
        }
        settle(path);
    }

    /** (Re)starts the path's quiet period; when it ends quietly, the path goes to the sink. */
    private synchronized void settle(Path path) {
        if (closed) {
            return;
        }
        ScheduledFuture<?> before = settling.get(path);
        if (before != null) {
            before.cancel(false);
        }
        settling.put(
                path,
                scheduler.schedule(
                        () -> {
                            synchronized (this) {
                                settling.remove(path);
                            }
                            sink.settled(path);
                        },
                        quietPeriod.toMillis(),
                        TimeUnit.MILLISECONDS));
    }

    private boolean isHiddenUnderRoot(Path path) {
        for (Path part : root.relativize(path)) {
            if (DocumentTypes.isHidden(part)) {
                return true;
            }
        }
        return false;
    }

    /** Stops: the quiet periods under way are cancelled and the event thread ends. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            settling.values().forEach(f -> f.cancel(false));
            settling.clear();
        }
        try {
            watchService.close();
        } catch (IOException e) {
            log.debug("Closing the watch service of {}", root, e);
        }
    }
}
