package dev.cairn.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A folder on the watch list.
 *
 * @param lastReconciledAt when a full pass over the folder last finished; null until the first
 * @param error why the last pass failed, a sentence; null when {@link State#ACTIVE}
 * @param paused true while a person paused the watch: nothing under the folder is read until resumed
 * @param lastChangeAt when the watch last changed the library from this folder; null until it first did
 */
public record WatchedFolder(
        Path path,
        Instant addedAt,
        Instant lastReconciledAt,
        State state,
        String error,
        boolean paused,
        Instant lastChangeAt) {

    public enum State {
        ACTIVE,
        FAILED
    }
}
