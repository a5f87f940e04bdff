package dev.cairn.embed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns text into unit-length vectors with one model. Implementations are thread-safe.
 *
 * <p>Documents and chunks go through {@link #embed}/{@link #embedAll}; search queries through
 * {@link #embedQuery}, which adds the model's query instruction where it has one.
 */
public interface Embedder extends AutoCloseable {

    /** The model's facts: id, dimension, pooling, token limit, query prefix. */
    ModelSpec model();

    default String modelId() {
        return model().id();
    }

    default int dimension() {
        return model().dimension();
    }

    /** The vector of one text. Blank text gives the model's vector of an empty input. */
    float[] embed(String text);

    /** The vectors of many texts, in the order given. */
    List<float[]> embedAll(List<String> texts);

    /** The vector of a search query: the model's query prefix, then the query. */
    default float[] embedQuery(String query) {
        return embed(model().queryText(query));
    }

    /** The model's tokenizer; loading it does not load the ONNX model. */
    ModelTokenizer tokenizer();

    /**
     * What the model has computed so far: the texts' tokens, and the positions the model ran
     * (tokens plus padding). Zero for an embedder that computes nothing itself.
     */
    default TokenCount tokenCount() {
        return TokenCount.NONE;
    }

    /**
     * @param tokens    tokens of the texts embedded, special tokens included
     * @param positions positions computed, padding included
     */
    record TokenCount(long tokens, long positions) {
        public static final TokenCount NONE = new TokenCount(0, 0);

        public TokenCount minus(TokenCount earlier) {
            return new TokenCount(tokens - earlier.tokens, positions - earlier.positions);
        }
    }

    /** How long loading the model took, once it has been loaded. */
    Optional<Duration> loadTime();

    @Override
    void close();
}
