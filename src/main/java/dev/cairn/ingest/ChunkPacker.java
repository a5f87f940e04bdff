package dev.cairn.ingest;

import dev.cairn.embed.Tokens;
import dev.cairn.ingest.parse.Block;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Packs one section's pieces into chunks, one section at a time: a chunk is emitted when the next
 * piece would take it over its budget in tokens or characters, and the next one starts with the
 * end of it as overlap. Every chunk is counted for real before it goes out, and trimmed when the
 * counts it was packed by were off.
 */
final class ChunkPacker {

    private final TokenCounter counter;
    private final ChunkingPolicy policy;
    private final Consumer<Chunk> sink;
    private final int maxChars;
    private final PieceCutter cutter;

    private Integer page;
    private String heading = "";
    private int headingTokens;
    // the heading's token ids, when the counter gives tokens; null otherwise
    private long[] headingIds;
    private final Map<String, Heading> headings = new HashMap<>();
    private int budget;

    private final Deque<Piece> pending = new ArrayDeque<>();
    private int pendingTokens;
    private int pendingChars;
    private boolean pendingHasNew;
    private int nextIndex;

    ChunkPacker(TokenCounter counter, ChunkingPolicy policy, int maxChars, Consumer<Chunk> sink) {
        this.counter = counter;
        this.policy = policy;
        this.sink = sink;
        this.maxChars = maxChars;
        this.cutter = new PieceCutter(counter, maxChars);
    }

    /** Chunks emitted so far. */
    int chunks() {
        return nextIndex;
    }

    // ---- sections -------------------------------------------------------------------------

    void startSection(String rawHeading, Integer newPage) {
        page = newPage;
        String h = rawHeading.replaceAll("\\s+", " ").strip();
        Heading fitted = headings.computeIfAbsent(h, this::fit); // each page of a PDF starts a section
        heading = fitted.text();
        headingTokens = fitted.tokens();
        headingIds = fitted.ids();
        budget = policy.contentTokens() - headingTokens;
    }

    /** A section's heading as chunks carry it, its tokens and, where the counter gives them, their ids. */
    private record Heading(String text, int tokens, long[] ids) {}

    private Heading fit(String h) {
        if (h.isEmpty()) {
            return new Heading(h, 0, new long[0]);
        }
        Tokens tokens = counter.tokens(h);
        int n = tokens != null ? tokens.size() : counter.count(h + "\n");
        if (n <= policy.contentTokens() / 4) { // the usual case: one call
            return new Heading(h, n, tokens == null ? null : tokens.ids());
        }
        String fitted = fitHeading(h);
        if (fitted.isEmpty()) {
            return new Heading(fitted, 0, new long[0]);
        }
        Tokens fittedTokens = counter.tokens(fitted);
        return fittedTokens != null
                ? new Heading(fitted, fittedTokens.size(), fittedTokens.ids())
                : new Heading(fitted, counter.count(fitted + "\n"), null);
    }

    void finishSection() {
        if (pendingHasNew) {
            emit(false);
        }
        clearPending();
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

    /** Packs one block; {@code source} is its share of the tokens of its stretch, or null. */
    void pack(Block block, PieceCutter.Counts counts, BlockTokens source) {
        String text = block.text();
        if (text.isBlank()) {
            add(new Piece(text, block.charStart(), 0, source));
            return;
        }
        // Paragraph first: if it fits where the chunk stands it goes in whole; only a paragraph
        // that straddles a chunk boundary is cut into sentences.
        int n = text.length() <= maxChars ? counts.of(0, text.length()) : Integer.MAX_VALUE;
        boolean fitsAlone = n <= budget;
        boolean fitsHere = !pendingHasNew || (pendingTokens + n <= budget && pendingChars + text.length() <= maxChars);
        if (fitsAlone && fitsHere) {
            add(new Piece(text, block.charStart(), n, source));
            return;
        }
        for (Piece piece : cutter.pieces(block, counts, budget)) {
            add(piece.of(source));
        }
    }

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
            tokens = count(parts, start, text);
            if (tokens <= policy.contentTokens()) {
                break;
            }
            // the sum of the counts was off (a word cut in two tokenizes differently): move text to the next chunk
            if (parts.size() > 1) {
                spill.addFirst(parts.removeLast());
            } else {
                List<Piece> halves = new ArrayList<>();
                Piece whole = parts.getFirst();
                cutter.halve(whole.text(), whole.start(), budget, halves);
                parts.clear();
                parts.add(halves.getFirst().of(whole.source()));
                for (int i = halves.size() - 1; i >= 1; i--) {
                    spill.addFirst(halves.get(i).of(whole.source()));
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

    /**
     * Counts a chunk's embedding text for real, and has the counter keep its model input: put
     * together from the tokens the chunk's pieces were counted with where they allow it, so that
     * the text is not tokenized a second time.
     */
    private int count(List<Piece> parts, long start, String text) {
        String embeddingText = Chunk.embeddingText(heading, text);
        long[] textIds = headingIds == null ? null : BlockTokens.of(parts, start, text);
        if (textIds == null) {
            return counter.countChunk(embeddingText);
        }
        int n = headingIds.length + textIds.length;
        if (n > policy.contentTokens()) {
            return n; // over: the chunk is cut shorter and counted again, so nothing is kept for this text
        }
        long[] ids = Arrays.copyOf(headingIds, n);
        System.arraycopy(textIds, 0, ids, headingIds.length, textIds.length);
        return counter.countAssembledChunk(embeddingText, ids);
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
    private static Piece tail(Piece p, int tokens) {
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
        return new Piece(text, p.start() + cut, Math.min(p.tokens(), estimate), p.source());
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
}
