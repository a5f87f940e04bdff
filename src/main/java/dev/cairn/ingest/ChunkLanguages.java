package dev.cairn.ingest;

import dev.cairn.text.FunctionWords;
import dev.cairn.text.Languages;
import java.util.ArrayList;
import java.util.List;

/**
 * The languages of one document's chunks, told as they stream past (docs/decisions/0025-languages.md):
 * the document's language is read from its first chunks together, and a chunk keeps it unless the
 * chunk by itself says clearly that it is in another (a German chapter in an English manual, a
 * quoted passage). A short chunk or one of code and numbers takes the document's. A chunk that
 * plainly reads as its document's language (its function words say so) is not put to the detector.
 * Not thread-safe: one document's chunks come from one reader.
 */
final class ChunkLanguages {

    /** How much of the first chunks is read for the document's language. */
    private static final int DOCUMENT_SAMPLE_CHARS = 2_000;

    /** A chunk shorter than this is taken to be in its document's language. */
    private static final int OWN_GUESS_CHARS = 150;

    private boolean decided;
    private String document;

    /** Each chunk's language (ISO 639-1), or null where neither it nor its document says. */
    List<String> of(List<Chunk> chunks) {
        if (!decided && !chunks.isEmpty()) {
            decided = true;
            StringBuilder sample = new StringBuilder();
            for (Chunk c : chunks) {
                if (sample.length() >= DOCUMENT_SAMPLE_CHARS) {
                    break;
                }
                sample.append(c.text()).append('\n');
            }
            document = FunctionWords.plainLanguage(sample)
                    .or(() -> Languages.detect(sample)
                            .filter(Languages.Guess::confident)
                            .map(Languages.Guess::language))
                    .orElse(null);
        }
        List<String> out = new ArrayList<>(chunks.size());
        for (Chunk c : chunks) {
            out.add(c.text().length() < OWN_GUESS_CHARS ? document : chunkLanguage(c.text()));
        }
        return out;
    }

    private String chunkLanguage(String text) {
        if (FunctionWords.plainlyIn(text, document)) {
            return document; // what the detector says of such a passage, at a thousandth of its cost
        }
        return Languages.detect(text)
                .filter(Languages.Guess::confident)
                .map(Languages.Guess::language)
                .orElse(document);
    }

    /** The document's language as read from its first chunks, or null. */
    String document() {
        return document;
    }
}
