package dev.cairn.search;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits text into sentences with their character offsets, for extractive answers and snippets. */
public final class Sentences {

    private Sentences() {}

    /** A sentence and where it stands in the text it came from ({@code text.substring(start, end)}). */
    public record Sentence(String text, int start, int end) {}

    public static List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            int s = start;
            int e = end;
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
}
