package dev.cairn.ingest;

import java.util.Objects;
import java.util.function.Function;

/**
 * Counts the tokens the embedding model would see for a text, without special tokens and without
 * truncation. Keeps the chunker independent of the embed package; the embedder supplies the real
 * tokenizer. Implementations must be thread-safe if one {@link Chunker} serves several threads.
 */
@FunctionalInterface
public interface TokenCounter {

    int count(String text);

    /**
     * Where each of the text's tokens starts (a UTF-16 index into the text, ascending), from one
     * tokenization; or null when this counter cannot tell. With it the chunker counts every
     * paragraph and sentence of a stretch of text with a single tokenizer call instead of one call
     * each: tokenizing is the expensive part of chunking, and chunking shares the cores with the model.
     */
    default int[] tokenStarts(String text) {
        return null;
    }

    /**
     * Counts the text of a chunk about to be emitted, like {@link #count}. A counter backed by the
     * model's tokenizer may keep what it computed, so that the chunk is not tokenized again when it
     * is embedded.
     */
    default int countChunk(String text) {
        return count(text);
    }

    /** A counter that also knows token offsets, e.g. {@code withOffsets(t::countTokens, s -> t.tokenize(s).starts())}. */
    static TokenCounter withOffsets(TokenCounter counter, Function<String, int[]> tokenStarts) {
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(tokenStarts, "tokenStarts");
        return new TokenCounter() {
            @Override
            public int count(String text) {
                return counter.count(text);
            }

            @Override
            public int[] tokenStarts(String text) {
                return tokenStarts.apply(text);
            }
        };
    }
}
