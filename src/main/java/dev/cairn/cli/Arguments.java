package dev.cairn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks of command-line arguments that several commands share. */
final class Arguments {

    private Arguments() {}

    /** Fails with a sentence for people when one of {@code paths} does not exist; {@code verb} says what they are for. */
    static void requireExisting(List<Path> paths, String verb) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(p + " does not exist; give a folder of documents to " + verb + ".");
            }
        }
    }
}
