package dev.cairn.ingest;

import dev.cairn.ingest.parse.Block;
import dev.cairn.text.Sentences;
import dev.cairn.text.Sentences.Sentence;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Chunks one document as its blocks stream in; holds at most about three chunks' worth of text
 * (blocks are held back and tokenized a few chunks at a time, see {@link #drain()}). Use it as
 * the parser's block sink and close it after the parse to emit the last chunk. Not thread-safe.
 *
 * <p>{@linkplain Block#boilerplate() Boilerplate} blocks go into no chunk: a chunk ends before
 * one, and the next starts after it, without overlap across it (a chunk's text is one stretch of
 * the document text). A document whose text is all boilerplate is chunked as if none of it were:
 * boilerplate before the first block of content is held back (up to {@value #HELD_BOILERPLATE_CHARS}
 * characters, beyond which this document's boilerplate is chunked like content) until content shows
 * that it can go.
 */
public final class ChunkStream implements Consumer<Block>, AutoCloseable {

    /** A run of document text that stays whole inside a chunk; runs tile the document text. */
    private record Piece(String text, long start, int tokens) {}

    private final TokenCounter counter;
    private final ChunkingPolicy policy;
    private final Consumer<Chunk> sink;
    private final int maxChars;

    private boolean started;
    private String sectionHeading;
    private Integer page;
    private String heading = "";
    private int headingTokens;
    private int budget;

    /** Blocks are held back until about this many chunks' worth of characters, then tokenized in one call. */
    private static final int WINDOW_CHARS_PER_MAX_CHARS = 2;

    private final List<Block> window = new ArrayList<>();
    private int windowChars;
    private final Deque<Piece> pending = new ArrayDeque<>();
    private int pendingTokens;
    private int pendingChars;
    private boolean pendingHasNew;
    private int nextIndex;
    private boolean closed;

    /** Boilerplate is held back at most this long while no content has come, so memory stays bounded. */
    static final int HELD_BOILERPLATE_CHARS = 64 * 1024;

    private final List<Block> heldBoilerplate = new ArrayList<>();
    private int heldChars;
    private boolean contentSeen;
    private boolean boilerplateAsContent;

    ChunkStream(TokenCounter counter, ChunkingPolicy policy, Consumer<Chunk> sink) {
        this.counter = counter;
        this.policy = policy;
        this.sink = sink;
        this.maxChars = policy.contentTokens() * Chunker.MAX_CHARS_PER_TOKEN;
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
        finishSection(); // a chunk's pieces must be one stretch of text: none may run across the boilerplate
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
            finishSection();
            startSection(block.heading(), block.page());
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
        int[] starts = joined.length() > window.size() ? counter.tokenStarts(joined.toString()) : null;
        int base = 0;
        for (Block b : window) {
            String text = b.text();
            int offset = base;
            Counts counts = starts != null && text.length() <= maxChars
                    ? (from, to) -> lowerBound(starts, offset + to) - lowerBound(starts, offset + from)
                    : (from, to) -> counter.count(text.substring(from, to));
            pack(b, counts);
            base += (text.length() <= maxChars ? text.length() : 0) + 1;
        }
        window.clear();
        windowChars = 0;
    }

    /** Token counts of ranges of one block's text. */
    @FunctionalInterface
    private interface Counts {
        int of(int from, int to);
    }

    /** The index of the first token starting at or after {@code at}. */
    private static int lowerBound(int[] starts, int at) {
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void pack(Block block, Counts counts) {
        String text = block.text();
        if (text.isBlank()) {
            add(new Piece(text, block.charStart(), 0));
            return;
        }
        // Paragraph first: if it fits where the chunk stands it goes in whole; only a paragraph
        // that straddles a chunk boundary is cut into sentences.
        int n = text.length() <= maxChars ? counts.of(0, text.length()) : Integer.MAX_VALUE;
        boolean fitsAlone = n <= budget;
        boolean fitsHere = !pendingHasNew || (pendingTokens + n <= budget && pendingChars + text.length() <= maxChars);
        if (fitsAlone && fitsHere) {
            add(new Piece(text, block.charStart(), n));
            return;
        }
        for (Piece piece : pieces(block, counts)) {
            add(piece);
        }
    }

    /** Emits the last chunk. */
    @Override
    public void close() {
        if (!closed) {
            if (!contentSeen && !heldBoilerplate.isEmpty()) {
                releaseHeld(); // the document's only text: index it rather than nothing
            }
            drain();
            finishSection();
            closed = true;
        }
    }

    /** Chunks emitted so far. */
    public int chunks() {
        return nextIndex;
    }

    // ---- sections -------------------------------------------------------------------------

    private void startSection(String rawHeading, Integer newPage) {
        started = true;
        sectionHeading = rawHeading;
        page = newPage;
        String h = rawHeading.replaceAll("\\s+", " ").strip();
        int n = h.isEmpty() ? 0 : counter.count(h + "\n");
        if (n <= policy.contentTokens() / 4) { // the usual case: one call
            heading = h;
            headingTokens = n;
        } else {
            heading = fitHeading(h);
            headingTokens = heading.isEmpty() ? 0 : counter.count(heading + "\n");
        }
        budget = policy.contentTokens() - headingTokens;
    }

    private void finishSection() {
        if (pendingHasNew) {
            emit(false);
        }
        pending.clear();
        pendingTokens = 0;
        pendingChars = 0;
        pendingHasNew = false;
    }

    /** A heading may take at most a quarter of the budget; a longer one is cut at a word boundary. */
    private String fitHeading(String h) {
        int limit = policy.contentTokens() / 4;
        if (h.isEmpty() || counter.count(h) <= limit) {
            return h;
        }
        String[] words = h.split(" ");
        int lo = 0;
        int hi = words.length;
        while (lo < hi) { // the most words whose count fits
            int mid = (lo + hi + 1) >>> 1;
            if (counter.count(String.join(" ", List.of(words).subList(0, mid))) <= limit) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo == 0) {
            return h.substring(0, Math.min(h.length(), limit)); // one enormous word: keep a few characters
        }
        return String.join(" ", List.of(words).subList(0, lo));
    }

    // ---- packing --------------------------------------------------------------------------

    private void add(Piece p) {
        if (pendingHasNew
                && (pendingTokens + p.tokens() > budget
                        || pendingChars + p.text().length() > maxChars)) {
            emit(true);
        }
        while (!pending.isEmpty()
                && (pendingTokens + p.tokens() > budget
                        || pendingChars + p.text().length() > maxChars)) {
            Piece dropped = pending.removeFirst(); // only overlap is left: give it up for the new text
            pendingTokens -= dropped.tokens();
            pendingChars -= dropped.text().length();
        }
        pending.addLast(p);
        pendingTokens += p.tokens();
        pendingChars += p.text().length();
        pendingHasNew |= !p.text().isBlank();
    }

    private void emit(boolean carryOverlap) {
        List<Piece> parts = new ArrayList<>(pending);
        Deque<Piece> spill = new ArrayDeque<>();
        String text;
        long start;
        int tokens;
        while (true) {
            StringBuilder joined = new StringBuilder(pendingChars);
            for (Piece part : parts) {
                joined.append(part.text());
            }
            int lead = 0;
            while (lead < joined.length() && Character.isWhitespace(joined.charAt(lead))) {
                lead++;
            }
            int end = joined.length();
            while (end > lead && Character.isWhitespace(joined.charAt(end - 1))) {
                end--;
            }
            text = joined.substring(lead, end);
            start = parts.getFirst().start() + lead;
            if (text.isEmpty()) {
                clearPending();
                return;
            }
            tokens = counter.countChunk(Chunk.embeddingText(heading, text));
            if (tokens <= policy.contentTokens()) {
                break;
            }
            // the sum of the counts was off (a word cut in two tokenizes differently): move text to the next chunk
            if (parts.size() > 1) {
                spill.addFirst(parts.removeLast());
            } else {
                List<Piece> halves = new ArrayList<>();
                halve(parts.getFirst().text(), parts.getFirst().start(), halves);
                parts.clear();
                parts.add(halves.getFirst());
                for (int i = halves.size() - 1; i >= 1; i--) {
                    spill.addFirst(halves.get(i));
                }
            }
        }
        sink.accept(new Chunk(nextIndex++, text, heading, page, start, start + text.length(), tokens));

        clearPending();
        if (carryOverlap && policy.overlap() > 0) {
            for (Piece piece : overlap(parts, Math.max(0, tokens - headingTokens))) {
                pending.addLast(piece);
                pendingTokens += piece.tokens();
                pendingChars += piece.text().length();
            }
        }
        for (Piece piece : spill) {
            add(piece);
        }
    }

    private void clearPending() {
        pending.clear();
        pendingTokens = 0;
        pendingChars = 0;
        pendingHasNew = false;
    }

    /** The end of the chunk just emitted, about {@code overlap} of it, starting at a sentence or word boundary. */
    private List<Piece> overlap(List<Piece> parts, int chunkTokens) {
        int target = (int) Math.round(policy.overlap() * chunkTokens);
        ArrayDeque<Piece> carry = new ArrayDeque<>();
        int sum = 0;
        for (int i = parts.size() - 1; i >= 0 && sum < target; i--) {
            Piece p = parts.get(i);
            if (i > 0 && sum + p.tokens() <= target) {
                carry.addFirst(p);
                sum += p.tokens();
                continue;
            }
            Piece tail = tail(p, target - sum);
            if (tail != null) {
                carry.addFirst(tail);
            }
            break;
        }
        return new ArrayList<>(carry);
    }

    /** The last words of a piece worth about {@code tokens} tokens, or null if it has no boundary to start at. */
    private Piece tail(Piece p, int tokens) {
        if (tokens <= 0 || p.tokens() == 0) {
            return null;
        }
        String s = p.text();
        int want = (int) Math.round(s.length() * Math.min(1.0, (double) tokens / p.tokens()));
        int cut = Math.max(1, s.length() - want);
        while (cut < s.length() && !isBoundary(s, cut)) {
            cut++;
        }
        if (cut >= s.length() || s.substring(cut).isBlank()) {
            return null;
        }
        String text = s.substring(cut);
        // estimated, not counted: packing only needs it roughly, and each chunk is verified by a real count
        int estimate = (int) Math.ceil((double) p.tokens() * text.length() / s.length());
        return new Piece(text, p.start() + cut, Math.min(p.tokens(), estimate));
    }

    /** A word starts at {@code i}: after whitespace, or next to an ideograph (CJK has no spaces). */
    private static boolean isBoundary(String s, int i) {
        if (i <= 0 || i >= s.length()) {
            return true;
        }
        char before = s.charAt(i - 1);
        char at = s.charAt(i);
        if (Character.isWhitespace(at) || Character.isLowSurrogate(at)) {
            return false;
        }
        return Character.isWhitespace(before) || Character.isIdeographic(at) || Character.isIdeographic(before);
    }

    // ---- splitting ------------------------------------------------------------------------

    private List<Piece> pieces(Block block, Counts counts) {
        List<Piece> out = new ArrayList<>();
        for (Sentence s : Sentences.tile(block.text(), Sentences.Rule.PUNCTUATION)) {
            long start = block.charStart() + s.start();
            if (s.text().isBlank()) {
                out.add(new Piece(s.text(), start, 0));
            } else {
                int n = counts.of(s.start(), s.end());
                if (n <= budget && s.text().length() <= maxChars) {
                    out.add(new Piece(s.text(), start, n));
                } else {
                    splitLong(s.text(), start, n, out);
                }
            }
        }
        return out;
    }

    /** A sentence over the budget: groups of words of about a quarter chunk each, so packing stays tight. */
    private void splitLong(String s, long start, int tokens, List<Piece> out) {
        List<int[]> units = units(s);
        double charsPerToken = s.length() / (double) Math.max(1, tokens);
        int targetChars = (int) Math.max(1, Math.min(budget / 4.0 * charsPerToken, maxChars / 4.0));
        int i = 0;
        while (i < units.size()) {
            int from = units.get(i)[0];
            int j = i;
            while (units.get(j)[1] - from < targetChars && j + 1 < units.size()) {
                j++;
            }
            place(s, start, units, i, j, out);
            i = j + 1;
        }
    }

    private void place(String s, long start, List<int[]> units, int i, int j, List<Piece> out) {
        int from = units.get(i)[0];
        int to = units.get(j)[1];
        String group = s.substring(from, to);
        int n = group.isBlank() ? 0 : counter.count(group);
        if (n <= budget && group.length() <= maxChars) {
            out.add(new Piece(group, start + from, n));
        } else if (i < j) {
            int mid = (i + j) >>> 1;
            place(s, start, units, i, mid, out);
            place(s, start, units, mid + 1, j, out);
        } else {
            halve(group, start + from, out);
        }
    }

    /** Last resort for one unit that still does not fit: cut it in two at a code point boundary, recursively. */
    private void halve(String s, long start, List<Piece> out) {
        int mid = s.length() / 2;
        if (mid > 0 && Character.isLowSurrogate(s.charAt(mid))) {
            mid--;
        }
        if (mid <= 0) {
            out.add(new Piece(s, start, counter.count(s)));
            return;
        }
        int offset = 0;
        for (String part : new String[] {s.substring(0, mid), s.substring(mid)}) {
            long partStart = start + offset;
            int n = counter.count(part);
            if (n <= budget && part.length() <= maxChars) {
                out.add(new Piece(part, partStart, n));
            } else {
                halve(part, partStart, out);
            }
            offset += part.length();
        }
    }

    /**
     * Words with their trailing whitespace, tiling {@code s}; a word longer than
     * {@link Chunker#MAX_WORD_CHARS} becomes several units, cut after punctuation where possible.
     */
    static List<int[]> units(String s) {
        List<int[]> units = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int unitStart = 0;
        while (i < n) {
            int wordStart = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) {
                if (i - wordStart >= Chunker.MAX_WORD_CHARS) {
                    int cut = longWordCut(s, wordStart, i);
                    units.add(new int[] {unitStart, cut});
                    unitStart = cut;
                    wordStart = cut;
                    i = cut;
                    continue;
                }
                i++;
            }
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            units.add(new int[] {unitStart, i});
            unitStart = i;
        }
        if (units.isEmpty()) {
            units.add(new int[] {0, n});
        }
        return units;
    }

    /** Where to cut a long word that reached {@code limit}: after punctuation or at an ideograph in the last 30 chars. */
    private static int longWordCut(String s, int wordStart, int limit) {
        for (int k = limit; k > limit - 30 && k > wordStart + 1; k--) {
            char before = s.charAt(k - 1);
            if (!Character.isLetterOrDigit(before) && !Character.isHighSurrogate(before)
                    || Character.isIdeographic(before)) {
                return k;
            }
        }
        return Character.isHighSurrogate(s.charAt(limit - 1)) ? limit - 1 : limit;
    }
}
