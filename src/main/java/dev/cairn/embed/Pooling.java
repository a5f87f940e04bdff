package dev.cairn.embed;

/** How a model's token vectors become one text vector. */
public enum Pooling {
    /** The mean of the token vectors the attention mask keeps (sentence-transformers style). */
    MEAN,
    /** The vector of the first token, {@code [CLS]} (BGE style). */
    CLS
}
