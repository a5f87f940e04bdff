package dev.cairn.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A folder on the watch list.
 *
 * @param lastReconciledAt when a full pass over the folder last finished; null until the first
 * @param error why the last pass failed, a sentence; null when {@link State#ACTIVE}
 */
public record WatchedFolder(Path path, Instant addedAt, Instant lastReconciledAt, State state, String error) {

    public enum State {
        ACTIVE,
        FAILED
    }
}
