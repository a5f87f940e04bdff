package dev.cairn.ui.ask;

import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.Words;
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
 * @param passage  the whole cited chunk, found on the page or in the text by the source viewer
 * @param charStart offset of the chunk in the document's extracted text, or -1 when unknown
 * @param charEnd  end offset (exclusive) of the chunk, or -1 when unknown
 * @param place    where the passage is, named by the document's kind ("p. 4", "slide 4", "sheet
 *                 Budget, rows 2-40", "chapter II", with "· attachment of 'Budget'" for an e-mail's
 *                 attachment); empty when the document has no places
 */
public record CitationItem(
        int number,
        String document,
        Path source,
        int page,
        String snippet,
        List<String> terms,
        double score,
        String passage,
        int charStart,
        int charEnd,
        String place) {

    public CitationItem {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(snippet, "snippet");
        terms = List.copyOf(terms);
        passage = passage == null ? snippet : passage;
        place = place == null ? "" : Phrase.show(place);
    }

    /** A citation known only by its snippet: the viewer looks for the snippet, with no offsets. */
    public CitationItem(
            int number, String document, Path source, int page, String snippet, List<String> terms, double score) {
        this(
                number,
                document,
                source,
                page,
                snippet,
                terms,
                score,
                snippet,
                -1,
                -1,
                page > 0 ? Words.get("ask.page", page) : "");
    }

    /** Whether the citation knows where its chunk is in the document's text. */
    public boolean hasRange() {
        return charStart >= 0 && charEnd > charStart;
    }
}
