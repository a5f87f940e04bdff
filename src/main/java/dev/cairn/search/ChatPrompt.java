package dev.cairn.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt sent to a chat model and the reading of its reply: sources are numbered {@code [1]..[k]}
 * in rank order, and the reply's {@code [n]} markers are mapped back to those hits.
 */
final class ChatPrompt {

    static final String SYSTEM = """
            You answer questions using only the numbered sources the user gives you.
            After every claim, cite the source it comes from with its number in square brackets, like [1] or [2][3].
            Do not use anything you know that is not in the sources.
            If the sources do not answer the question, say that you don't know from these documents.
            Answer briefly, in the language of the question.""";

    /** One marker: {@code [2]} or a list {@code [1, 3]}. */
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

    private ChatPrompt() {}

    /** The user message: each source as {@code [n] title, p. 4:} (or slide 4, sheet Budget, ...) and its text, then the question. */
    static String user(String question, List<SearchHit> sources, int maxSourceChars) {
        StringBuilder b = new StringBuilder("Sources:\n\n");
        for (int i = 0; i < sources.size(); i++) {
            SearchHit h = sources.get(i);
            String name = h.title() == null || h.title().isBlank() ? h.path() : h.title();
            b.append('[').append(i + 1).append("] ").append(name);
            if (!h.whereabouts().isEmpty()) {
                b.append(", ").append(h.whereabouts());
            }
            String text = h.text().strip();
            if (text.length() > maxSourceChars) {
                text = text.substring(0, maxSourceChars) + " …";
            }
            b.append(":\n").append(text).append("\n\n");
        }
        return b.append("Question: ").append(question.strip()).toString();
    }

    /**
     * The answer from a model's reply: citations are the sources its markers name, keeping the
     * prompt's numbers (so text already streamed to the reader still matches); sources never named
     * are dropped, and markers naming no source are removed from the text.
     */
    static Answer answer(String reply, List<SearchHit> sources) {
        TreeSet<Integer> cited = new TreeSet<>();
        Matcher m = MARKER.matcher(reply);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            List<String> valid = new ArrayList<>();
            for (String part : m.group(1).split(",")) {
                int n = Integer.parseInt(part.strip());
                if (n >= 1 && n <= sources.size()) {
                    cited.add(n);
                    valid.add(Integer.toString(n));
                }
            }
            m.appendReplacement(
                    text, valid.isEmpty() ? "" : Matcher.quoteReplacement("[" + String.join(", ", valid) + "]"));
        }
        m.appendTail(text);
        boolean removed = text.length() != reply.length();
        Map<Integer, Answer.Citation> citations = new LinkedHashMap<>();
        for (int n : cited) {
            SearchHit hit = sources.get(n - 1);
            citations.put(
                    n,
                    new Answer.Citation(
                            n,
                            hit,
                            hit.snippet() == null ? hit.text() : hit.snippet().text()));
        }
        // A removed marker may leave "word ." or a double space behind.
        String cleaned = !removed
                ? text.toString().strip()
                : text.toString()
                        .replaceAll("[ \\t]+([.,;:!?])", "$1")
                        .replaceAll("[ \\t]{2,}", " ")
                        .strip();
        return new Answer(cleaned, List.copyOf(citations.values()));
    }
}
