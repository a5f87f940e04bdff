package dev.cairn.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The content words of a query, for highlighting and term overlap (stop words dropped, light stemming). */
public final class QueryTerms {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’_-]*");
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Set<String> STOP = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "did", "do", "does", "for", "from", "had", "has", "have",
            "how", "i", "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "this", "to", "was",
            "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will", "with", "you", "your",
            "can", "could", "would", "should", "into", "than", "then", "them", "they", "he", "she", "his", "her", "we",
            "our", "not", "no", "so", "if", "about", "many", "much");

    private QueryTerms() {}

    /** Distinct normalised terms of the query, in order of first appearance. */
    public static List<String> of(String query) {
        Set<String> terms = new LinkedHashSet<>();
        Matcher m = WORD.matcher(query);
        while (m.find()) {
            String t = normalise(m.group());
            if (!t.isEmpty() && !STOP.contains(t)) {
                terms.add(t);
            }
        }
        return new ArrayList<>(terms);
    }

    /** Lower case, accents folded, possessives and a plural "s" trimmed: a match key, not a linguistic stem. */
    public static String normalise(String word) {
        // Most words are plain ASCII: no accents to fold, no decomposition to make (snippets
        // and the rerank normalise every word of their passages, docs/decisions/0026 and 0027).
        String w = isAscii(word)
                ? word.toLowerCase(Locale.ROOT)
                : MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD))
                        .replaceAll("")
                        .toLowerCase(Locale.ROOT);
        w = w.replace('’', '\'');
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Spans of {@code text} whose words match one of the terms. */
    public static List<Snippet.Span> find(String text, List<String> terms) {
        List<Snippet.Span> spans = new ArrayList<>();
        if (terms.isEmpty()) {
            return spans;
        }
        Set<String> wanted = Set.copyOf(terms);
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            if (wanted.contains(normalise(m.group()))) {
                spans.add(new Snippet.Span(m.start(), m.end()));
            }
        }
        return spans;
    }
}
