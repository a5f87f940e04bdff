package dev.cairn.ingest.parse;

import java.util.Objects;

/**
 * A run of a document's extracted text, as a parser streams it out.
 *
 * <p>Blocks tile the document's text: the first starts at 0 and each next one starts where the
 * previous one ended, separators included, so {@code documentText.substring(charStart, charEnd())}
 * is this block's text. For plain-text files the document text is the decoded file itself; for
 * other formats it is the text Cairn extracted (blocks joined as emitted).
 *
 * @param text     the text, separators (blank lines) at its end included
 * @param heading  the nearest heading above it, or the document's title when there is none
 * @param page     the 1-based page it is on, or {@code null} for formats without pages
 * @param charStart offset of {@code text} in the document text
 * @param boilerplate page furniture (navigation, a header or footer repeated across a site): part
 *                    of the document text, so offsets stay put, but kept out of the chunks
 */
public record Block(String text, String heading, Integer page, long charStart, boolean boilerplate) {

    public Block {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(heading, "heading");
        if (charStart < 0) {
            throw new IllegalArgumentException("charStart must be >= 0: " + charStart);
        }
    }

    /** A block of content. */
    public Block(String text, String heading, Integer page, long charStart) {
        this(text, heading, page, charStart, false);
    }

    /** This block, marked as boilerplate. */
    public Block asBoilerplate() {
        return boilerplate ? this : new Block(text, heading, page, charStart, true);
    }

    public long charEnd() {
        return charStart + text.length();
    }
}
