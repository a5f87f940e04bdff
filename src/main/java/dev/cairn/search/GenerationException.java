package dev.cairn.search;

/**
 * A written answer could not be had from the language model. The message says what went wrong and
 * what to change, in words a person can act on; {@link #reason()} lets a face choose how to show it.
 */
public final class GenerationException extends RuntimeException {

    /** What kind of failure, so the desktop app can offer the right fix (start the server, fix the model name). */
    public enum Reason {
        UNREACHABLE,
        REJECTED,
        MODEL_NOT_FOUND,
        SERVER_ERROR,
        TIMEOUT,
        MALFORMED,
        CANCELLED
    }

    private final Reason reason;

    GenerationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
