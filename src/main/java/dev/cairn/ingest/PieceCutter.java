package dev.cairn.ingest;

import dev.cairn.ingest.parse.Block;
import dev.cairn.text.Sentences;
import dev.cairn.text.Sentences.Sentence;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a paragraph that does not fit where the chunk stands into pieces that do: sentences first;
 * a sentence over the budget into groups of words; a word over {@link Chunker#MAX_WORD_CHARS}
 * after punctuation; and, last, anything still too long in halves.
 */
final class PieceCutter {

    /** Token counts of ranges of one block's text. */
    @FunctionalInterface
    interface Counts {
        int of(int from, int to);
    }

    private final TokenCounter counter;
    private final int maxChars;

    PieceCutter(TokenCounter counter, int maxChars) {
        this.counter = counter;
        this.maxChars = maxChars;
    }

    /** The block's text as pieces of at most {@code budget} tokens, tiling it. */
    List<Piece> pieces(Block block, Counts counts, int budget) {
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
                    splitLong(s.text(), start, n, budget, out);
                }
            }
        }
        return out;
    }

    /** A sentence over the budget: groups of words of about a quarter chunk each, so packing stays tight. */
    private void splitLong(String s, long start, int tokens, int budget, List<Piece> out) {
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
            place(s, start, units, i, j, budget, out);
            i = j + 1;
        }
    }

    private void place(String s, long start, List<int[]> units, int i, int j, int budget, List<Piece> out) {
        int from = units.get(i)[0];
        int to = units.get(j)[1];
        String group = s.substring(from, to);
        int n = group.isBlank() ? 0 : counter.count(group);
        if (n <= budget && group.length() <= maxChars) {
            out.add(new Piece(group, start + from, n));
        } else if (i < j) {
            int mid = (i + j) >>> 1;
            place(s, start, units, i, mid, budget, out);
            place(s, start, units, mid + 1, j, budget, out);
        } else {
            halve(group, start + from, budget, out);
        }
    }

    /** Last resort for one unit that still does not fit: cut it in two at a code point boundary, recursively. */
    void halve(String s, long start, int budget, List<Piece> out) {
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
                halve(part, partStart, budget, out);
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
