package dev.cairn.ui.jobs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How one path of an import ended, as the Jobs page tells it: indexed, skipped because unchanged,
 * failed, or not followed (a link or device in a dropped folder).
 *
 * @param reason why it failed, was skipped or was not followed, in words; may be empty when indexed
 */
public record PathOutcome(Path path, Kind kind, String reason) {

    public enum Kind {
        INDEXED,
        UNCHANGED,
        FAILED,
        NOT_FOLLOWED;

        /** Whether the path is listed with its reason (the others are only counted). */
        public boolean listed() {
            return this == FAILED || this == NOT_FOLLOWED;
        }
    }

    public PathOutcome {
        path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
        Objects.requireNonNull(kind, "kind");
        reason = reason == null ? "" : reason;
    }
}
