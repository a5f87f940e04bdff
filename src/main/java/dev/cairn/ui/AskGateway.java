package dev.cairn.ui;

/**
 * The one seam between the Ask view and search/answering. The search adapter implements it once the
 * core lands; until then the Ask view has none and says that search arrives with indexing.
 *
 * <p>Called on a background thread from a {@link javafx.concurrent.Task}; it may block.
 */
@FunctionalInterface
public interface AskGateway {

    AskResult ask(String question) throws Exception;
}
