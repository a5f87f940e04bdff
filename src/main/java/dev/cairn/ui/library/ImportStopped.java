package dev.cairn.ui.library;

/**
 * An import stopped by something that is not any file's fault (the library's database went away,
 * its disk is full); the message says what happened and what to do, in words.
 */
public final class ImportStopped extends Exception {

    public ImportStopped(String message) {
        super(message);
    }
}
