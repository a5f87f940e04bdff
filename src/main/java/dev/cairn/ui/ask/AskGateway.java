package dev.cairn.ui.ask;

import dev.cairn.store.SearchScope;
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

    /**
     * Like {@link #ask(String, Consumer)}, searching only {@code scope}'s part of the library. A
     * gateway that cannot search part of it answers for the whole library only.
     */
    default AskResult ask(String question, SearchScope scope, Consumer<String> tokens) throws Exception {
        if (!scope.isAll()) {
            throw new UnsupportedOperationException("This answerer searches the whole library only.");
        }
        return ask(question, tokens);
    }
}
