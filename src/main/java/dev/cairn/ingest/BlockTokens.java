package dev.cairn.ingest;

import dev.cairn.embed.Tokens;
import java.util.Arrays;
import java.util.List;

/**
 * One block's share of the tokens of the stretch of text it was tokenized in ({@link ChunkStream}
 * tokenizes a few chunks' worth of blocks at once, a newline between blocks), so that a chunk's
 * token ids can be read off instead of tokenizing the chunk again. Only for a counter whose
 * tokenizer tokenizes each run between white space on its own ({@link TokenCounter#tokens}): a run
 * of text that starts and ends at white space (or at its block's edge) has the same tokens alone as
 * in any context. A cut inside a word (a long sentence split in halves, a word over {@link
 * Chunker#MAX_WORD_CHARS}), or next to a character the tokenizer deletes rather than treats as white
 * space, gives no ids, and the chunk is tokenized as before.
 *
 * @param tokens the stretch's tokens
 * @param base where the block's text starts in the stretch
 * @param text the block's text
 * @param charStart where the block's text starts in the document
 */
record BlockTokens(Tokens tokens, int base, String text, long charStart) {

    /**
     * The token ids of a chunk's text (not its heading), put together from its parts' blocks, or
     * null where they cannot be told without tokenizing it.
     *
     * @param parts the pieces the chunk was joined from, in order
     * @param start where the chunk's text starts in the document (after white space trimmed off)
     * @param text the chunk's text
     */
    static long[] of(List<Piece> parts, long start, String text) {
        long end = start + text.length();
        long[][] runs = new long[parts.size()][];
        int n = 0;
        int total = 0;
        BlockTokens current = null;
        long from = 0;
        long to = 0;
        for (Piece piece : parts) {
            long pieceFrom = Math.max(piece.start(), start);
            long pieceTo = Math.min(piece.start() + piece.text().length(), end);
            if (pieceFrom >= pieceTo) {
                continue; // trimmed off: white space only
            }
            if (piece.source() == null) {
                return null;
            }
            if (piece.source() == current && pieceFrom == to) {
                to = pieceTo;
                continue;
            }
            if (current != null) {
                long[] ids = current.ids(from, to);
                // the two runs meet in the chunk without the context either was tokenized in
                if (ids == null || !atWhiteSpace(text, (int) (to - start))) {
                    return null;
                }
                runs[n++] = ids;
                total += ids.length;
            }
            current = piece.source();
            from = pieceFrom;
            to = pieceTo;
        }
        if (current == null) {
            return new long[0];
        }
        long[] ids = current.ids(from, to);
        if (ids == null) {
            return null;
        }
        runs[n++] = ids;
        total += ids.length;
        long[] joined = new long[total];
        int at = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(runs[i], 0, joined, at, runs[i].length);
            at += runs[i].length;
        }
        return joined;
    }

    /** The ids of the tokens of the document's text between {@code from} and {@code to}, or null if either is inside a word. */
    long[] ids(long from, long to) {
        int a = (int) (from - charStart);
        int b = (int) (to - charStart);
        if (!atWordEdge(a) || !atWordEdge(b)) {
            return null;
        }
        int[] starts = tokens.starts();
        int[] ends = tokens.ends();
        int lo = lowerBound(starts, base + a);
        int hi = lowerBound(starts, base + b);
        if (lo > 0 && ends[lo - 1] > base + a || hi > lo && ends[hi - 1] > base + b) {
            return null; // a token runs across the edge
        }
        return Arrays.copyOfRange(tokens.ids(), lo, hi);
    }

    /** At the block's edge (a newline beside it where it was tokenized), or beside white space. */
    private boolean atWordEdge(int at) {
        return at <= 0 || at >= text.length() || atWhiteSpace(text, at);
    }

    private static boolean atWhiteSpace(String s, int at) {
        return Tokens.isWhiteSpace(s.charAt(at - 1)) || Tokens.isWhiteSpace(s.charAt(at));
    }

    /** The index of the first token starting at or after {@code at}. */
    static int lowerBound(int[] starts, int at) {
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
}
