package dev.cairn.ingest;

import java.time.Duration;

/**
 * A moment of an ingest run, for progress bars.
 *
 * @param eta          estimated time left, {@code null} until it can be estimated
 * @param currentFile  the file most recently started, {@code null} before the first
 * @param throttled    whether the memory governor is holding back new work
 */
public record IngestProgress(
        int filesDone,
        int filesTotal,
        long chunksDone,
        double chunksPerSecond,
        Duration eta,
        String currentFile,
        boolean throttled,
        boolean paused) {

    public double fraction() {
        return filesTotal == 0 ? 1 : (double) filesDone / filesTotal;
    }
}
