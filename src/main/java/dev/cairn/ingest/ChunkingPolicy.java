package dev.cairn.ingest;

/**
 * How documents are cut into chunks.
 *
 * @param maxTokens      the model's input limit, special tokens included (256 for Cairn's models)
 * @param overlap        the share of a chunk repeated at the start of the next one, 0 to 0.5
 * @param reservedTokens tokens the model adds itself ([CLS] and [SEP] for BERT-style models)
 */
public record ChunkingPolicy(int maxTokens, double overlap, int reservedTokens) {

    /** 256 tokens with [CLS]/[SEP] reserved, 10% overlap (docs/decisions/0012-boilerplate.md measured 15% and 0%). */
    public static final ChunkingPolicy DEFAULT = new ChunkingPolicy(256, 0.10);

    public ChunkingPolicy {
        if (reservedTokens < 0) {
            throw new IllegalArgumentException("reservedTokens must be >= 0; got " + reservedTokens);
        }
        if (maxTokens - reservedTokens < 16) {
            throw new IllegalArgumentException("maxTokens must leave at least 16 tokens of content after "
                    + reservedTokens + " reserved ones; got " + maxTokens);
        }
        if (!(overlap >= 0 && overlap <= 0.5)) {
            throw new IllegalArgumentException(
                    "overlap must be between 0 and 0.5 (a share of the chunk); got " + overlap);
        }
    }

    /** A policy for a model whose tokenizer adds two special tokens. */
    public ChunkingPolicy(int maxTokens, double overlap) {
        this(maxTokens, overlap, 2);
    }

    /** Tokens left for the heading and the text. */
    public int contentTokens() {
        return maxTokens - reservedTokens;
    }
}
