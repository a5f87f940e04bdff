package dev.cairn.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A short passage of a chunk around the query's terms, with the spans to highlight. Spans are offsets
 * into {@link #text()}, so each face renders them its own way (bold runs in the desktop app, markers
 * on a terminal).
 */
public record Snippet(String text, List<Span> highlights) {

    /** A highlighted range {@code [start, end)} of the snippet text. */
    public record Span(int start, int end) {}

    public Snippet {
        highlights = List.copyOf(highlights);
    }

    /**
     * The window of at most {@code maxChars} characters of {@code text} holding the most query terms,
     * widened to word boundaries, with an ellipsis where it was cut.
     */
    public static Snippet of(String text, List<String> terms, int maxChars) {
        List<Span> all = QueryTerms.find(text, terms);
        if (text.length() <= maxChars) {
            return new Snippet(text, all);
        }
        // Candidate windows start a little before each term; keep the one that holds the most terms.
        int bestStart = 0;
        int bestCount = 0;
        for (Span candidate : all) {
            int start = Math.max(0, candidate.start() - maxChars / 4);
            int count = (int) all.stream()
                    .filter(s -> s.start() >= start && s.end() <= start + maxChars)
                    .count();
            if (count > bestCount) {
                bestCount = count;
                bestStart = start;
            }
        }
        int start = wordStart(text, bestStart);
        int end = Math.min(text.length(), start + maxChars);
        end = wordEnd(text, end);
        String prefix = start > 0 ? "…" : "";
        String suffix = end < text.length() ? "…" : "";
        String body = text.substring(start, end).strip();
        int lead = text.substring(start, end).indexOf(body);
        int shift = prefix.length() - start - Math.max(lead, 0);
        List<Span> spans = new ArrayList<>();
        for (Span s : all) {
            if (s.start() >= start + Math.max(lead, 0) && s.end() <= start + Math.max(lead, 0) + body.length()) {
                spans.add(new Span(s.start() + shift, s.end() + shift));
            }
        }
        return new Snippet(prefix + body + suffix, spans);
    }

    /** The snippet with each highlight wrapped in the given markers, e.g. for a terminal. */
    public String marked(String open, String close) {
        StringBuilder sb = new StringBuilder(text.length() + highlights.size() * (open.length() + close.length()));
        int at = 0;
        for (Span s : highlights) {
            sb.append(text, at, s.start())
                    .append(open)
                    .append(text, s.start(), s.end())
                    .append(close);
            at = s.end();
        }
        return sb.append(text, at, text.length()).toString();
    }

    private static int wordStart(String text, int i) {
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static int wordEnd(String text, int i) {
        int limit = Math.min(text.length(), i + 40);
        while (i < limit && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
