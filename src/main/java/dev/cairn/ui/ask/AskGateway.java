package dev.cairn.ui.ask;

import dev.cairn.store.SearchScope;
import java.util.List;
import java.util.OptionalLong;
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

    /**
     * Like {@link #ask(String, SearchScope, Consumer)}, as the next question of {@code thread} (a new
     * thread when empty): the answer is kept in the thread, and the result names it. A gateway that
     * keeps no threads answers the question alone.
     */
    default AskResult ask(OptionalLong thread, String question, SearchScope scope, Consumer<String> tokens)
            throws Exception {
        return ask(question, scope, tokens);
    }

    /** The threads kept, the most recently used first; none for a gateway that keeps none. */
    default List<ThreadItem> threads() throws Exception {
        return List.of();
    }

    /** A thread's questions and answers in the order they were asked. */
    default List<TurnItem> turns(long thread) throws Exception {
        return List.of();
    }

    /** Deletes a thread with its questions and answers. */
    default void delete(long thread) throws Exception {}
}
