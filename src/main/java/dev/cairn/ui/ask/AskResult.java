package dev.cairn.ui.ask;

import java.util.List;
import java.util.Objects;

/**
 * An answer with its sources; the answer text refers to them with [n] markers.
 *
 * @param note            what went wrong in making the answer that a person should know (e.g. the language
 *                        model could not be reached, so the answer is the passages found); empty when nothing
 * @param writer          the language model that wrote the answer; empty when it was put together from the passages
 * @param searchedFor     what retrieval searched for when it was not the question as asked (a follow-up
 *                        rewritten to stand alone); empty otherwise
 * @param thread          the thread the answer was kept in, as it is now; null when it was not kept
 * @param followUpAsGiven a follow-up asked without a language model, so searched as it was written
 */
public record AskResult(
        String answer,
        List<CitationItem> citations,
        String note,
        String writer,
        String searchedFor,
        ThreadItem thread,
        boolean followUpAsGiven) {

    public AskResult {
        Objects.requireNonNull(answer, "answer");
        citations = List.copyOf(citations);
        note = note == null ? "" : note;
        writer = writer == null ? "" : writer;
        searchedFor = searchedFor == null ? "" : searchedFor;
    }

    public AskResult(String answer, List<CitationItem> citations, String note, String writer) {
        this(answer, citations, note, writer, "", null, false);
    }

    public AskResult(String answer, List<CitationItem> citations) {
        this(answer, citations, "", "");
    }
}
