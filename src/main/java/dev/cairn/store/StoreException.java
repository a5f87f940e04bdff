package dev.cairn.store;

/** A database operation failed; the message says what Cairn was doing and, where it can, what to do. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
