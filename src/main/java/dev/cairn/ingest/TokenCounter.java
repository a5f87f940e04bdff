package dev.cairn.ingest;

import dev.cairn.embed.ModelTokenizer;
import dev.cairn.embed.Tokens;
import java.util.Objects;
import java.util.function.Function;

/**
 * Counts the tokens the embedding model would see for a text, without special tokens and without
 * truncation. The import counts with the model's own tokenizer ({@link #of}); tests may count with
 * any. Implementations must be thread-safe if one {@link Chunker} serves several threads.
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

    /**
     * The text's tokens with their character ranges, from one tokenization, when this counter's
     * tokenizer tokenizes each run of text between {@linkplain Tokens#isWhiteSpace white space} on
     * its own (BERT's WordPiece): then the tokens of a chunk are those of its pieces, as long as they
     * meet at white space, and the chunk's text need not be tokenized again ({@link
     * #countAssembledChunk}). Null (the default) when the counter cannot promise that.
     */
    default Tokens tokens(String text) {
        return null;
    }

    /**
     * Counts the text of a chunk about to be emitted whose tokens are known, put together from
     * {@link #tokens} of its heading and pieces; like {@link #countChunk(String)}, a counter may keep them.
     */
    default int countAssembledChunk(String text, long[] ids) {
        return ids.length;
    }

    /**
     * The model's tokenizer as the import counts with it: token offsets from one tokenization of
     * each stretch of text; each chunk's model input kept for its embedding, put together from
     * those tokens where the tokenizer allows it, else from tokenizing the chunk's text once more.
     */
    static TokenCounter of(ModelTokenizer tokenizer) {
        Objects.requireNonNull(tokenizer, "tokenizer");
        boolean assembles = tokenizer.assemblesInputs();
        return new TokenCounter() {
            @Override
            public int count(String text) {
                return tokenizer.countTokens(text);
            }

            @Override
            public int[] tokenStarts(String text) {
                return tokenizer.tokenize(text).starts();
            }

            @Override
            public int countChunk(String text) {
                return tokenizer.countAndKeep(text);
            }

            @Override
            public Tokens tokens(String text) {
                return assembles ? tokenizer.tokenize(text) : null;
            }

            @Override
            public int countAssembledChunk(String text, long[] ids) {
                return tokenizer.keepAssembled(text, ids);
            }
        };
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
