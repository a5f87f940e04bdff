package dev.cairn.store;

import dev.cairn.platform.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The byte ranges of {@code postgres.lock} that tie the bundled server's life to the processes
 * using it. They are POSIX record locks: the kernel drops them when a process dies, kill -9
 * included, which is what lets the watchdog notice that nobody is left.
 *
 * <ul>
 *   <li>{@link #START}, exclusive: held while a process starts the server or attaches to it, and
 *       while the last client or the watchdog stops it. Starts, attaches and stops never overlap.</li>
 *   <li>{@link #CLIENTS}, shared: held by every process that uses the server, from its start or
 *       attach until it closes. Whoever gets it exclusively knows that no client is left.</li>
 *   <li>{@link #WATCHDOG}, exclusive: held by the one watchdog of the running server.</li>
 *   <li>{@link #LEGACY_OWNER}, shared where it can be had: Cairn before 0011 took it exclusively to
 *       own the server, and stopped any server it found while it could take it as an orphan. Holding
 *       it shared tells such a version that the running server is in use, and it attaches instead.</li>
 * </ul>
 *
 * Lock order is always START before CLIENTS, so waiting for one never deadlocks on the other.
 */
final class ServerLock {

    static final String FILE = "postgres.lock";
    static final long LEGACY_OWNER = 0;
    static final long START = 1;
    static final long CLIENTS = 2;
    static final long WATCHDOG = 3;

    private ServerLock() {}

    /** Read and write access: shared locks need the first, exclusive ones the second. */
    static FileChannel open(Path dataDir) throws IOException {
        PrivateFiles.createFile(dataDir.resolve(FILE));
        return openExisting(dataDir);
    }

    /**
     * {@link #open}, but only where the file is already there (a watchdog's: the client that started it made
     * it, and a data directory removed meanwhile must not be made again); throws {@link
     * java.nio.file.NoSuchFileException} where it is not.
     */
    static FileChannel openExisting(Path dataDir) throws IOException {
        return FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
