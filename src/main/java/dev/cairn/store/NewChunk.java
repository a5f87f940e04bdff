package dev.cairn.store;

import dev.cairn.text.Languages;
import java.util.Objects;

/**
 * A chunk to store, with its embedding from the active model, or {@code null} when the vector
 * follows later (progressive indexing: the chunk is searchable by its text at once).
 *
 * @param ordinal   position in the document, from 0, unique within it
 * @param heading   the nearest heading above the chunk, kept apart from the text; may be {@code null}
 * @param page      1-based page where the chunk starts; {@code null} where the format has no pages
 * @param charStart offset of the chunk's first character in the extracted document text
 * @param charEnd   offset just past its last character
 * @param language  the chunk's language (ISO 639-1), which chooses the text-search configuration its
 *                  words are indexed with ({@link Languages#textConfig}); {@code null} where none was detected
 */
public record NewChunk(
        int ordinal,
        String text,
        String heading,
        Integer page,
        int charStart,
        int charEnd,
        int tokenCount,
        float[] embedding,
        String language) {

    public NewChunk {
        Objects.requireNonNull(text, "text");
        if (ordinal < 0 || charStart < 0 || charEnd < charStart || tokenCount < 0 || (page != null && page < 1)) {
            throw new IllegalArgumentException("chunk " + ordinal + " has an impossible position: chars " + charStart
                    + ".." + charEnd + ", page " + page + ", " + tokenCount + " tokens");
        }
    }

    /** A chunk in no detected language: indexed as English, as every chunk was before languages were told apart. */
    public NewChunk(
            int ordinal,
            String text,
            String heading,
            Integer page,
            int charStart,
            int charEnd,
            int tokenCount,
            float[] embedding) {
        this(ordinal, text, heading, page, charStart, charEnd, tokenCount, embedding, null);
    }

    /** The text-search configuration the chunk's words are read with. */
    public String textConfig() {
        return Languages.textConfig(language);
    }
}
