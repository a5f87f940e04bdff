package dev.cairn.embed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns text into vectors with one model, of unit length unless the model says otherwise
 * ({@link ModelSpec#normalize()}). Implementations are thread-safe.
 *
 * <p>Documents and chunks go through {@link #embed}/{@link #embedAll}, which add the model's passage
 * prefix where it has one; search queries through {@link #embedQuery}, which adds its query
 * instruction. Both end in {@link #embedInputs}, so a cache keyed on the model input never mixes a
 * query's vector with a passage's.
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

    /**
     * The vectors of model inputs, in the order given: texts exactly as the model reads them, its
     * query or passage prefix already put before them. The one method an embedder computes with;
     * the others say which prefix a text gets.
     */
    List<float[]> embedInputs(List<String> inputs);

    /** The vector of one passage. Blank text gives the model's vector of an empty passage. */
    default float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /** The vectors of many passages (chunks, sentences), in the order given, each with the model's passage prefix. */
    default List<float[]> embedAll(List<String> texts) {
        ModelSpec model = model();
        if (model.passagePrefix().isEmpty()) {
            return embedInputs(texts);
        }
        List<String> inputs = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException(
                        "Text " + i + " of " + texts.size() + " is null; pass \"\" for no text.");
            }
            inputs.add(model.passageText(text));
        }
        return embedInputs(inputs);
    }

    /** The vector of a search query: the model's query prefix, then the query. */
    default float[] embedQuery(String query) {
        return embedInputs(List.of(model().queryText(query))).getFirst();
    }

    /**
     * {@link #embedQuery}, computed by the model even where a cache holds the query's vector, and not
     * remembered: a warm-up's run, which must load and run the model (docs/decisions/0026, stop 22).
     */
    default float[] embedQueryAfresh(String query) {
        return embedQuery(query);
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
