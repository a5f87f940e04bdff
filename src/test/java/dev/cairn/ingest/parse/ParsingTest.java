package dev.cairn.ingest.parse;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class that parses real files: one {@link Parsers} made for its tests, and a fresh folder for each test. */
abstract class ParsingTest {

    static Parsers parsers;

    @TempDir
    Path dir;

    @BeforeAll
    static void startParsers() {
        parsers = Parsers.create();
    }

    @AfterAll
    static void stopParsers() {
        parsers.close();
    }

    /** The file parsed under the default budget, with every block it gave. */
    Collected parse(Path file) throws InterruptedException {
        return Collected.parse(parsers, file, ParseBudget.defaults());
    }

    /** The first block that holds {@code words}. */
    static Block blockWith(Collected c, String words) {
        return c.blocks().stream()
                .filter(b -> b.text().contains(words))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no block holds \"" + words + "\" in " + c.blocks()));
    }
}
