package dev.cairn.ui.jobs;

import dev.cairn.ui.library.DocumentUpdate;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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

    /** The outcome a pipeline's last word on a file implies, when it is one (indexed or failed). */
    public static Optional<PathOutcome> of(DocumentUpdate update) {
        return switch (update.status()) {
            case INDEXED -> Optional.of(new PathOutcome(update.file(), Kind.INDEXED, ""));
            case FAILED -> Optional.of(new PathOutcome(update.file(), Kind.FAILED, update.reason()));
            default -> Optional.empty();
        };
    }
}
