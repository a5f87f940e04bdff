package dev.cairn.store;

/**
 * A chunk as stored. {@code embedding} is {@code null} after a switch to a model of another
 * dimension, until the chunk is re-embedded; {@code modelId} names the model of its vector.
 */
public record StoredChunk(
        long chunkId,
        long documentId,
        int ordinal,
        String text,
        String heading,
        Integer page,
        int charStart,
        int charEnd,
        int tokenCount,
        String modelId,
        float[] embedding) {}
