package dev.cairn.ingest;

import dev.cairn.ingest.parse.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts a document's blocks into chunks that fit the embedding model.
 *
 * <p>Each block is split into sentences and each sentence is tokenized once; chunks are packed
 * from those counts (for WordPiece tokenizers, pieces cut at whitespace add up exactly), then each
 * chunk's embedding text (heading + text) is counted once for real and trimmed if it is over. A
 * sentence longer than a chunk is cut at word boundaries; a chunk never ends inside a word, with
 * one exception: a "word" longer than {@value #MAX_WORD_CHARS} characters (a URL, base64, a hash
 * run) is cut into runs of at most that many characters, preferably after punctuation, because the
 * model's WordPiece gives up on such words anyway ([UNK]) and a chunk must stay bounded. Chunks
 * also hold at most {@value #MAX_CHARS_PER_TOKEN} characters per token of budget, so junk without
 * tokens cannot make huge chunks.
 *
 * <p>Chunks never span two sections (a heading change) or two pages, so each keeps one heading
 * and one page for its citation. Consecutive chunks of a section overlap by about the policy's
 * share, the overlap starting at a sentence or word boundary.
 *
 * <p>A {@code Chunker} is immutable and thread-safe when its {@link TokenCounter} is; the
 * {@link ChunkStream} it opens for each document is not (one document, one thread).
 */
public final class Chunker {

    /** Words longer than this are cut; matches the 100-character word limit of BERT's WordPiece. */
    public static final int MAX_WORD_CHARS = 100;
    /** A chunk holds at most this many characters per token of its budget. */
    public static final int MAX_CHARS_PER_TOKEN = 10;

    private final TokenCounter counter;
    private final ChunkingPolicy policy;

    public Chunker(TokenCounter counter, ChunkingPolicy policy) {
        this.counter = Objects.requireNonNull(counter, "counter");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public ChunkingPolicy policy() {
        return policy;
    }

    /** Starts chunking one document: feed it the document's blocks in order, then close it. */
    public ChunkStream open(Consumer<Chunk> sink) {
        return new ChunkStream(counter, policy, Objects.requireNonNull(sink, "sink"));
    }

    /** Chunks a whole document held in memory (tests, small documents). */
    public List<Chunk> chunk(Iterable<Block> blocks) {
        List<Chunk> chunks = new ArrayList<>();
        try (ChunkStream stream = open(chunks::add)) {
            blocks.forEach(stream);
        }
        return chunks;
    }
}
