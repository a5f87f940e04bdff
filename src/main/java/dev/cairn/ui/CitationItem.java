package dev.cairn.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One source behind an answer, as a citation card shows it.
 *
 * @param number   the n of the answer's [n] marker
 * @param document the document's display name
 * @param source   the file, opened when the card is clicked
 * @param page     1-based page, or 0 when the format has no pages
 * @param snippet  the passage that matched
 * @param terms    words to highlight in the snippet (matched case-insensitively)
 * @param score    the retrieval score, higher is closer
 */
public record CitationItem(int number, String document, Path source, int page, String snippet,
                           List<String> terms, double score) {

    public CitationItem {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(snippet, "snippet");
        terms = List.copyOf(terms);
    }
}
