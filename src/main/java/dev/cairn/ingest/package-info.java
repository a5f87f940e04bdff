/**
 * The ingestion pipeline: files read, split into chunks, stored, then embedded.
 *
 * <p>Reading is {@link dev.cairn.ingest.parse}: a parser streams a file's
 * {@link dev.cairn.ingest.parse.Block}s to a sink. Watching folders is {@link dev.cairn.ingest.watch}.
 *
 * <p>Chunking: a {@link dev.cairn.ingest.Chunker} (a {@link dev.cairn.ingest.TokenCounter} and a
 * {@link dev.cairn.ingest.ChunkingPolicy}) opens a {@link dev.cairn.ingest.ChunkStream} per document,
 * which is the parser's block sink and emits {@link dev.cairn.ingest.Chunk}s (boilerplate stays in the
 * document text but goes into no chunk):
 *
 * <pre>{@code
 * try (ChunkStream chunks = chunker.open(pipeline::submit)) {
 *     outcome = parsers.parse(file, budget, chunks);
 * }   // closing emits the last chunk; on Failed, drop this file's chunks
 * }</pre>
 * A counter made with {@link dev.cairn.ingest.TokenCounter#withOffsets} also gives token offsets;
 * the stream then tokenizes a few paragraphs at once and reads each piece's count off the offsets,
 * with far fewer tokenizer calls than a count per piece (see ADR 0008).
 *
 * <p>The pipeline: {@link dev.cairn.ingest.IngestPipeline} walks the files given
 * ({@link dev.cairn.ingest.FileWalker}), reads and chunks them on several workers, stores each document
 * in a transaction of its own, and leaves the vectors to the {@link dev.cairn.ingest.SemanticIndexer}.
 */
package dev.cairn.ingest;
