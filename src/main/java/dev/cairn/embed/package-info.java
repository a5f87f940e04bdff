/**
 * The tokenizer and ONNX embedding model, the embedding cache and request coalescing.
 *
 * <ul>
 *   <li>{@link dev.cairn.embed.Embedder}: text to unit vectors; {@code embedQuery} adds the model's query instruction.</li>
 *   <li>{@link dev.cairn.embed.ModelSpec}: a model's facts (where its files are, pooling, normalisation, token limit,
 *       query and passage prefixes, dimension, batch limit, languages); {@code ModelSpec.all()} are the shipped models,
 *       {@code ModelSpec.byId(setting)} picks one, {@code ModelSpec.DEFAULT} is all-MiniLM-L6-v2.</li>
 *   <li>{@link dev.cairn.embed.AddedModels}: models the person added from a folder (model.onnx, tokenizer.json,
 *       {@link dev.cairn.embed.ModelDescriptor cairn-model.json}), checked on adding and kept as a copy.</li>
 *   <li>{@link dev.cairn.embed.ModelTokenizer}: token counts and token character ranges, without loading the model.</li>
 *   <li>{@link dev.cairn.embed.OnnxEmbedder}: the model itself, lazily loaded, batched by token length.</li>
 *   <li>{@link dev.cairn.embed.CachingEmbedder}: memory cache, then a {@link dev.cairn.embed.VectorCache}, then the model;
 *       {@link dev.cairn.embed.CacheStats} for the CLI and the UI.</li>
 *   <li>{@link dev.cairn.embed.Embedders#standard}: how the application builds all of this.</li>
 * </ul>
 */
package dev.cairn.embed;
