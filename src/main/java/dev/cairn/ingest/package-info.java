/**
 * Parsing files, splitting them into chunks, and the ingestion pipeline.
 *
 * <p>Reading: {@link dev.cairn.ingest.parse.Parsers#parse(java.nio.file.Path, dev.cairn.ingest.parse.ParseBudget,
 * java.util.function.Consumer)} sniffs the type from the content, runs the right parser on a worker
 * thread under a {@link dev.cairn.ingest.parse.ParseBudget}, and streams {@link dev.cairn.ingest.parse.Block}s
 * (text, nearest heading, page, offset, and whether it is boilerplate: navigation by markup, or text
 * its folder's documents repeat at their edges) to a sink; it answers with a
 * {@link dev.cairn.ingest.parse.ParseOutcome}: {@code Parsed} (title, media type, pages) or {@code Failed}
 * ({@link dev.cairn.ingest.parse.FailureReason} and a sentence for people).
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
 * the stream then tokenizes a few paragraphs at once and reads each piece's count off the offsets
 * (about 1.2 tokenizer calls per chunk instead of about 10).
 *
 * <p>Watching: a {@link dev.cairn.ingest.watch.FolderWatcher} keeps one folder in step with the library
 * (debounced file events to {@link dev.cairn.ingest.IngestPipeline}, removals, and a full reconcile
 * at start, after an overflow and every ten minutes); the watch list lives in
 * {@link dev.cairn.store.WatchedFolders}.
 */
package dev.cairn.ingest;
