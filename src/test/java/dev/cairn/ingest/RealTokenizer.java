package dev.cairn.ingest;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The all-MiniLM-L6-v2 tokenizer from the model jar, counting without special tokens, truncation or padding. */
final class RealTokenizer {

    /** The tokenizer.json pads and truncates to 128 by default: counting must switch both off. */
    static final HuggingFaceTokenizer TOKENIZER = load();

    static final TokenCounter COUNTER = text -> TOKENIZER.encode(text, false, false).getIds().length;

    private RealTokenizer() {
    }

    private static HuggingFaceTokenizer load() {
        try (InputStream in = RealTokenizer.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            if (in == null) {
                throw new IllegalStateException("all-minilm-l6-v2-tokenizer.json is not on the class path");
            }
            return HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
