package dev.cairn.store;

/**
 * What {@link ModelRegistry#activate} did.
 *
 * @param previousModelId the model active before, {@code null} on a fresh database
 * @param staleChunks     chunks whose vectors belong to another model and wait to be re-embedded
 * @param columnResized   the vector column changed dimension, which cleared every stored vector
 */
public record Activation(EmbeddingModel model, String previousModelId, long staleChunks, boolean columnResized) {

    /** Whether stored chunks must be re-embedded before vector search covers them again. */
    public boolean reembedNeeded() {
        return staleChunks > 0;
    }
}
