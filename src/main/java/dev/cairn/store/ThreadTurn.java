package dev.cairn.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One question of a thread with its answer and the passages the answer cites.
 *
 * @param searchedFor what retrieval searched for: the question itself, or a follow-up rewritten to stand alone
 * @param writer      the language model that wrote the answer; empty when it was put together from the passages
 * @param note        what a person should know about how the answer was made; empty when nothing
 * @param askedAt     when it was asked; null for a turn not stored yet (the store sets it)
 */
public record ThreadTurn(
        String question,
        String searchedFor,
        String answer,
        String writer,
        String note,
        List<Citation> citations,
        Instant askedAt) {

    public ThreadTurn {
        Objects.requireNonNull(question, "question");
        searchedFor = searchedFor == null || searchedFor.isBlank() ? question : searchedFor;
        answer = answer == null ? "" : answer;
        writer = writer == null ? "" : writer;
        note = note == null ? "" : note;
        citations = List.copyOf(citations);
    }

    /** Whether retrieval searched for something other than the question as asked (a rewritten follow-up). */
    public boolean rewritten() {
        return !searchedFor.equals(question);
    }

    /**
     * A passage an answer cites, copied so that the thread stays readable after its document is
     * re-indexed or removed.
     *
     * @param n         the n of the answer's [n] marker
     * @param title     the document's title; null when it has none
     * @param page      1-based page; null when the format has no pages
     * @param passage   the whole cited chunk
     * @param charStart offset of the chunk in the document's text, or -1 when unknown
     */
    public record Citation(
            int n,
            String path,
            String title,
            Integer page,
            String snippet,
            String passage,
            int charStart,
            int charEnd,
            double score,
            String place) {

        public Citation {
            place = place == null ? "" : place;
            Objects.requireNonNull(path, "path");
            snippet = snippet == null ? "" : snippet;
            passage = passage == null ? snippet : passage;
        }
    }
}
