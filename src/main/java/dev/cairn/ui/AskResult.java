package dev.cairn.ui;

import java.util.List;
import java.util.Objects;

/** An answer with its sources; the answer text refers to them with [n] markers. */
public record AskResult(String answer, List<CitationItem> citations) {

    public AskResult {
        Objects.requireNonNull(answer, "answer");
        citations = List.copyOf(citations);
    }
}
