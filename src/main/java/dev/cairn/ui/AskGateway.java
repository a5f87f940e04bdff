package dev.cairn.ui;

import java.util.function.Consumer;

/**
 * The one seam between the Ask view and search/answering. The search adapter implements it once the
 * core lands; until then the Ask view has none and says that search arrives with indexing.
 *
 * <p>Called on a background thread from a {@link javafx.concurrent.Task}; it may block.
 */
@FunctionalInterface
public interface AskGateway {

    AskResult ask(String question) throws Exception;

    /**
     * Like {@link #ask(String)}, handing the answer's text to {@code tokens} piece by piece as a
     * language model writes it (on the calling thread). Answers found without a model arrive whole.
     */
    default AskResult ask(String question, Consumer<String> tokens) throws Exception {
        return ask(question);
    }
}
