package dev.cairn.ingest;

/**
 * Counts the tokens the embedding model would see for a text, without special tokens and without
 * truncation. Keeps the chunker independent of the embed package; the embedder supplies the real
 * tokenizer. Implementations must be thread-safe if one {@link Chunker} serves several threads.
 */
@FunctionalInterface
public interface TokenCounter {

    int count(String text);
}
