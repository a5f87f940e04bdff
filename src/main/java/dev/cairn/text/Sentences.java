package dev.cairn.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into sentences, each with its place in the text. One splitter, two rules, because
 * answers and chunks want different things of a sentence:
 *
 * <ul>
 *   <li>{@link Rule#BREAK_ITERATOR}: {@link BreakIterator}'s sentence rules for the root locale,
 *       which read "e.g. this" as one sentence; for answers and snippets built of whole sentences.
 *   <li>{@link Rule#PUNCTUATION}: a sentence ends after {@code . ! ?} (and any closing quotes or
 *       brackets) followed by white space, after a CJK full stop, or at a blank line; cheap and
 *       predictable, for cutting text into chunks.
 * </ul>
 */
public final class Sentences {

    private Sentences() {}

    /** Where a sentence ends. */
    public enum Rule {
        BREAK_ITERATOR,
        PUNCTUATION
    }

    /** A sentence and where it stands in the text it came from ({@code text.substring(start, end)}). */
    public record Sentence(String text, int start, int end) {}

    /** The sentences of {@code text}, each without the white space around it; blank ones are left out. */
    public static List<Sentence> split(String text, Rule rule) {
        List<Sentence> out = new ArrayList<>();
        for (Sentence tile : tile(text, rule)) {
            int s = tile.start();
            int e = tile.end();
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (e > s) {
                out.add(new Sentence(text.substring(s, e), s, e));
            }
        }
        return out;
    }

    /**
     * The sentences of {@code text} as tiles: each with the white space after it (the first also
     * with any before it), one after the other, together the whole text.
     */
    public static List<Sentence> tile(String text, Rule rule) {
        List<Sentence> out = new ArrayList<>();
        switch (rule) {
            case BREAK_ITERATOR -> {
                BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
                it.setText(text);
                int start = it.first();
                for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
                    out.add(new Sentence(text.substring(start, end), start, end));
                }
            }
            case PUNCTUATION -> {
                for (int from = 0, to; from < text.length(); from = to) {
                    to = punctuationEnd(text, from);
                    out.add(new Sentence(text.substring(from, to), from, to));
                }
            }
        }
        return out;
    }

    /** The end of the sentence starting at {@code from} by {@link Rule#PUNCTUATION}, its trailing white space included. */
    private static int punctuationEnd(String t, int from) {
        int n = t.length();
        int i = from;
        while (i < n && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        for (; i < n; i++) {
            char c = t.charAt(i);
            int end = -1;
            if (c == '.' || c == '!' || c == '?') {
                int j = i + 1;
                while (j < n && isCloser(t.charAt(j))) {
                    j++;
                }
                if (j == n || Character.isWhitespace(t.charAt(j))) {
                    end = j;
                }
            } else if (c == '。' || c == '！' || c == '？' || c == '；') {
                end = i + 1;
            } else if (c == '\n') {
                int j = i + 1;
                while (j < n && (t.charAt(j) == ' ' || t.charAt(j) == '\t' || t.charAt(j) == '\r')) {
                    j++;
                }
                if (j < n && t.charAt(j) == '\n') {
                    end = j;
                }
            }
            if (end >= 0) {
                while (end < n && Character.isWhitespace(t.charAt(end))) {
                    end++;
                }
                return end;
            }
        }
        return n;
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '»' || c == '」'
                || c == '』';
    }
}
