package dev.cairn.ingest;

import dev.cairn.ingest.parse.Block;
import java.util.Objects;

/**
 * A piece of a document small enough for the embedding model, with what a citation needs.
 *
 * @param index     0-based position of the chunk in its document
 * @param text      the chunk's text, exactly {@code documentText.substring(charStart, charEnd)}
 * @param heading   the nearest heading (or the title): given to the model, shown apart from the text
 * @param page      the 1-based page the chunk is on, or {@code null} for formats without pages
 * @param charStart where the text starts in the document text (see {@link Block})
 * @param charEnd   where it ends, exclusive
 * @param tokens    tokens of {@link #embeddingText()}, special tokens not included
 */
public record Chunk(int index, String text, String heading, Integer page, long charStart, long charEnd, int tokens) {

    public Chunk {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(heading, "heading");
        if (charEnd - charStart != text.length()) {
            throw new IllegalArgumentException(
                    "offsets " + charStart + ".." + charEnd + " do not span the text's " + text.length() + " chars");
        }
    }

    /** What the model embeds: the heading as context, then the text. Fits the policy's token limit. */
    public String embeddingText() {
        return embeddingText(heading, text);
    }

    static String embeddingText(String heading, String text) {
        return heading.isEmpty() ? text : heading + "\n" + text;
    }
}
