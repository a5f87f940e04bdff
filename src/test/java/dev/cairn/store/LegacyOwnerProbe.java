package dev.cairn.store;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A child process for tests: what a Cairn before 0011 saw, namely whether it could own the server of a data directory. */
public final class LegacyOwnerProbe {

    private LegacyOwnerProbe() {}

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(
                        Path.of(args[0]).resolve(ServerLock.FILE),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock owner = channel.tryLock(ServerLock.LEGACY_OWNER, 1, false)) {
            System.out.println(owner == null ? "in use" : "free to own");
        }
    }
}
