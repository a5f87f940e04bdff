package dev.cairn.embed;

/**
 * A folder that does not hold a model Cairn can use, or a name that can't be given to one: the
 * message says what is wrong and what to do, in words for the person who chose the folder.
 */
public final class ModelFolderException extends RuntimeException {

    public ModelFolderException(String message) {
        super(message);
    }

    public ModelFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
