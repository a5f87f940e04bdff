/**
 * Reading files: from a path to a stream of blocks of text.
 *
 * <p>{@link dev.cairn.ingest.parse.Parsers#parse(java.nio.file.Path, dev.cairn.ingest.parse.ParseBudget,
 * java.util.function.Consumer)} sniffs the type from the content, runs the right parser on a worker
 * thread under a {@link dev.cairn.ingest.parse.ParseBudget}, and streams {@link dev.cairn.ingest.parse.Block}s
 * (text, nearest heading, page, offset, and whether it is boilerplate: navigation by markup, or text
 * its folder's documents repeat at their edges) to a sink; it answers with a
 * {@link dev.cairn.ingest.parse.ParseOutcome}: {@code Parsed} (title, media type, pages) or {@code Failed}
 * ({@link dev.cairn.ingest.parse.FailureReason} and a sentence for people). The formats Cairn reads are
 * listed once, in {@link dev.cairn.ingest.parse.DocumentTypes}; {@link dev.cairn.ingest.parse.SourcePassages}
 * takes a reader back to a cited passage. Depends on nothing else of the pipeline.
 */
package dev.cairn.ingest.parse;
