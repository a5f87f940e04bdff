package dev.cairn.ui.ask;

import java.util.List;
import java.util.Objects;

/**
 * An answer with its sources; the answer text refers to them with [n] markers.
 *
 * @param note   what went wrong in making the answer that a person should know (e.g. the language
 *               model could not be reached, so the answer is the passages found); empty when nothing
 * @param writer the language model that wrote the answer; empty when it was put together from the passages
 */
public record AskResult(String answer, List<CitationItem> citations, String note, String writer) {

    public AskResult {
        Objects.requireNonNull(answer, "answer");
        citations = List.copyOf(citations);
        note = note == null ? "" : note;
        writer = writer == null ? "" : writer;
    }

    public AskResult(String answer, List<CitationItem> citations) {
        this(answer, citations, "", "");
    }
}
