package dev.cairn.ingest.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A parse's outcome with every block the sink received. */
public record Collected(ParseOutcome outcome, List<Block> blocks) {

    static Collected parse(Parsers parsers, Path file, ParseBudget budget) throws InterruptedException {
        List<Block> blocks = new ArrayList<>();
        Consumer<Block> sink = blocks::add;
        ParseOutcome outcome = parsers.parse(file, budget, sink);
        return new Collected(outcome, blocks);
    }

    /** The document text: the blocks joined in order. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        blocks.forEach(b -> sb.append(b.text()));
        return sb.toString();
    }

    ParseOutcome.Parsed parsed() {
        if (outcome instanceof ParseOutcome.Parsed p) {
            return p;
        }
        throw new AssertionError("expected the file to be read, but: " + outcome);
    }

    ParseOutcome.Failed failed() {
        if (outcome instanceof ParseOutcome.Failed f) {
            return f;
        }
        throw new AssertionError("expected a failure, but: " + outcome);
    }
}
