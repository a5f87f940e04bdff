package dev.cairn.search;

import java.util.List;

/** An answer with numbered citations; the text carries {@code [n]} markers that refer to them. */
public record Answer(String text, List<Citation> citations) {

    public Answer {
        citations = List.copyOf(citations);
    }

    /** The {@code n}-th source, as the answer's {@code [n]} marker refers to it. */
    public record Citation(int n, SearchHit hit, String quote) {}

    public boolean isEmpty() {
        return citations.isEmpty();
    }
}
