package dev.cairn.store;

import java.util.Objects;

/** An embedding model as the store knows it: its id and the dimension of its vectors. */
public record EmbeddingModel(String modelId, int dimension) {

    /** pgvector's limit for a {@code vector} column. */
    public static final int MAX_DIMENSION = 16_000;

    public EmbeddingModel {
        Objects.requireNonNull(modelId, "modelId");
        if (modelId.isBlank() || modelId.length() > 200) {
            throw new IllegalArgumentException("a model id must be 1 to 200 characters, got '" + modelId + "'");
        }
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException(
                    "model " + modelId + ": dimension must be 1.." + MAX_DIMENSION + ", got " + dimension);
        }
    }

    /** Throws unless {@code vector} has this model's dimension; {@code what} names the vector in the message. */
    void requireDimension(float[] vector, String what) {
        if (vector == null || vector.length != dimension) {
            throw new IllegalArgumentException(what + " has " + (vector == null ? "no" : vector.length)
                    + " dimensions, but model " + modelId + " has " + dimension);
        }
    }
}
