package dev.cairn.ingest;

import dev.cairn.embed.Tokens;
import dev.cairn.ingest.parse.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Chunks one document as its blocks stream in; holds at most about three chunks' worth of text
 * (blocks are held back and tokenized a few chunks at a time, see {@link #drain()}). Use it as
 * the parser's block sink and close it after the parse to emit the last chunk. Not thread-safe.
 * The stream sorts blocks into sections and counts their tokens; a {@link ChunkPacker} packs
 * each section into chunks.
 *
 * <p>{@linkplain Block#boilerplate() Boilerplate} blocks go into no chunk: a chunk ends before
 * one, and the next starts after it, without overlap across it (a chunk's text is one stretch of
 * the document text). A document whose text is all boilerplate is chunked as if none of it were:
 * boilerplate before the first block of content is held back (up to {@value #HELD_BOILERPLATE_CHARS}
 * characters, beyond which this document's boilerplate is chunked like content) until content shows
 * that it can go.
 */
public final class ChunkStream implements Consumer<Block>, AutoCloseable {

    private final TokenCounter counter;
    private final ChunkPacker packer;
    private final int maxChars;

    private boolean started;
    private String sectionHeading;
    private Integer page;

    /** Blocks are held back until about this many chunks' worth of characters, then tokenized in one call. */
    private static final int WINDOW_CHARS_PER_MAX_CHARS = 2;

    private final List<Block> window = new ArrayList<>();
    private int windowChars;
    private boolean closed;

    /** Boilerplate is held back at most this long while no content has come, so memory stays bounded. */
    static final int HELD_BOILERPLATE_CHARS = 64 * 1024;

    private final List<Block> heldBoilerplate = new ArrayList<>();
    private int heldChars;
    private boolean contentSeen;
    private boolean boilerplateAsContent;

    ChunkStream(TokenCounter counter, ChunkingPolicy policy, Consumer<Chunk> sink) {
        this.counter = counter;
        this.maxChars = policy.contentTokens() * Chunker.MAX_CHARS_PER_TOKEN;
        this.packer = new ChunkPacker(counter, policy, maxChars, sink);
    }

    @Override
    public void accept(Block block) {
        if (closed) {
            throw new IllegalStateException("this chunk stream is closed");
        }
        if (!boilerplateAsContent) {
            if (block.boilerplate()) {
                skip(block);
                return;
            }
            if (!contentSeen && !heldBoilerplate.isEmpty() && block.text().isBlank()) {
                hold(block); // between held blocks: they must come back in one piece if they are indexed after all
                return;
            }
        }
        if (!contentSeen && !block.text().isBlank()) {
            contentSeen = true;
            heldBoilerplate.clear();
            heldChars = 0;
        }
        take(block);
    }

    /** Boilerplate ends the chunk in progress; before any content it is held in case no content comes. */
    private void skip(Block block) {
        drain();
        packer.finishSection(); // a chunk's pieces must be one stretch of text: none may run across the boilerplate
        if (!contentSeen) {
            hold(block);
        }
    }

    private void hold(Block block) {
        heldBoilerplate.add(block);
        heldChars += block.text().length();
        if (heldChars > HELD_BOILERPLATE_CHARS) {
            releaseHeld();
        }
    }

    /** From now on this document's boilerplate is chunked like content, what was held first. */
    private void releaseHeld() {
        boilerplateAsContent = true;
        for (Block held : heldBoilerplate) {
            take(held);
        }
        heldBoilerplate.clear();
        heldChars = 0;
    }

    private void take(Block block) {
        if (!started || !Objects.equals(block.heading(), sectionHeading) || !Objects.equals(block.page(), page)) {
            drain();
            packer.finishSection();
            started = true;
            sectionHeading = block.heading();
            page = block.page();
            packer.startSection(block.heading(), block.page());
        }
        window.add(block);
        windowChars += block.text().length();
        if (windowChars >= WINDOW_CHARS_PER_MAX_CHARS * maxChars) {
            drain();
        }
    }

    /**
     * Packs the blocks held back so far. They are tokenized together, once, separated by a newline
     * (so no token crosses from one block into the next); each block's and each sentence's count is
     * then read off the token offsets. For a WordPiece tokenizer that equals counting each alone;
     * for any other it is close, and every chunk is counted for real before it is emitted anyway.
     * Where the counter gives the tokens themselves ({@link TokenCounter#tokens}), each block keeps
     * its share, so that its chunks' token ids are read off too ({@link BlockTokens}).
     */
    private void drain() {
        if (window.isEmpty()) {
            return;
        }
        StringBuilder joined = new StringBuilder(windowChars + window.size());
        for (Block b : window) {
            if (b.text().length() <= maxChars) { // longer blocks are counted sentence by sentence, bounding memory
                joined.append(b.text());
            }
            joined.append('\n');
        }
        Tokens tokens = null;
        int[] starts = null;
        if (joined.length() > window.size()) {
            String stretch = joined.toString();
            tokens = counter.tokens(stretch);
            starts = tokens != null ? tokens.starts() : counter.tokenStarts(stretch);
        }
        int base = 0;
        for (Block b : window) {
            String text = b.text();
            int offset = base;
            boolean counted = starts != null && text.length() <= maxChars;
            int[] at = starts;
            PieceCutter.Counts counts = counted
                    ? (from, to) -> BlockTokens.lowerBound(at, offset + to) - BlockTokens.lowerBound(at, offset + from)
                    : (from, to) -> counter.count(text.substring(from, to));
            packer.pack(
                    b, counts, counted && tokens != null ? new BlockTokens(tokens, offset, text, b.charStart()) : null);
            base += (text.length() <= maxChars ? text.length() : 0) + 1;
        }
        window.clear();
        windowChars = 0;
    }

    /** Emits the last chunk. */
    @Override
    public void close() {
        if (!closed) {
            if (!contentSeen && !heldBoilerplate.isEmpty()) {
                releaseHeld(); // the document's only text: index it rather than nothing
            }
            drain();
            packer.finishSection();
            closed = true;
        }
    }

    /** Chunks emitted so far. */
    public int chunks() {
        return packer.chunks();
    }
}
