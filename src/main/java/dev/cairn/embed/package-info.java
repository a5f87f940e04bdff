/** The tokenizer and ONNX embedding model, the embedding cache and request coalescing. */
package dev.cairn.embed;
