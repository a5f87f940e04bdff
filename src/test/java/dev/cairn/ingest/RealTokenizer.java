package dev.cairn.ingest;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The all-MiniLM-L6-v2 tokenizer from the model jar, counting without special tokens, truncation or padding. */
public final class RealTokenizer {

    /** The tokenizer.json pads and truncates to 128 by default: counting must switch both off. */
    static final HuggingFaceTokenizer TOKENIZER = load();

    public static final TokenCounter COUNTER = TokenCounter.withOffsets(
            text -> TOKENIZER.encode(text, false, false).getIds().length, RealTokenizer::tokenStarts);

    /** ASCII test texts only: the tokenizer's offsets are code points, equal to UTF-16 indices there. */
    private static int[] tokenStarts(String text) {
        if (text.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            return null; // let the chunker count piece by piece rather than convert offsets here
        }
        var spans = TOKENIZER.encode(text, false, false).getCharTokenSpans();
        int[] starts = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            starts[i] = spans[i] == null ? 0 : spans[i].getStart();
        }
        return starts;
    }

    private RealTokenizer() {}

    private static HuggingFaceTokenizer load() {
        try (InputStream in =
                RealTokenizer.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            if (in == null) {
                throw new IllegalStateException("all-minilm-l6-v2-tokenizer.json is not on the class path");
            }
            return HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
