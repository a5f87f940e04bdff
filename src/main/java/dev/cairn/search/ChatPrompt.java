package dev.cairn.search;

import dev.cairn.platform.Phrase;
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

    /**
     * What a follow-up is rewritten with: the model sees the conversation and is asked for the
     * question alone, as a search for it would need it.
     */
    static final String STANDALONE = """
            You rewrite a follow-up question from a conversation as one standalone question.
            Use the conversation only to say what the follow-up refers to (it, they, that, the other one, ...).
            Keep the follow-up's meaning and language, and do not answer it.
            Reply with the standalone question alone: no quotes, no explanation.""";

    /** How many earlier turns go with a follow-up, the most recent ones. */
    static final int PRIOR_TURNS = 4;

    /** The longest text quoted from an earlier answer, so small context windows suffice. */
    static final int PRIOR_ANSWER_CHARS = 800;

    /** The longest rewritten question taken; a longer reply is an answer, not a question. */
    private static final int MAX_STANDALONE_CHARS = 400;

    /** A label a model may put before the rewritten question ("Standalone question: ..."). */
    private static final Pattern LABEL =
            Pattern.compile("(?i)^(standalone question|rewritten question|question|query)\\s*:\\s*");

    /** Quotation marks a model may put around the rewritten question. */
    private static final String QUOTES = "\"'“”‘’«»";

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
                b.append(", ").append(Phrase.english(h.whereabouts()));
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
     * The earlier turns as a model is given them: the most recent {@link #PRIOR_TURNS}, each answer
     * without its [n] markers (they named that answer's sources, not this one's) and shortened.
     */
    static List<PriorTurn> recent(List<PriorTurn> prior) {
        List<PriorTurn> kept = new ArrayList<>();
        for (PriorTurn t : prior.subList(Math.max(0, prior.size() - PRIOR_TURNS), prior.size())) {
            String answer = tidy(MARKER.matcher(t.answer()).replaceAll("")).strip();
            if (answer.length() > PRIOR_ANSWER_CHARS) {
                answer = answer.substring(0, PRIOR_ANSWER_CHARS) + " …";
            }
            kept.add(new PriorTurn(t.question().strip(), answer));
        }
        return kept;
    }

    /** The message that asks for a follow-up as a standalone question: the conversation, then the follow-up. */
    static String standalone(List<PriorTurn> prior, String question) {
        StringBuilder b = new StringBuilder("Conversation:\n\n");
        for (PriorTurn t : recent(prior)) {
            b.append("User: ").append(t.question()).append('\n');
            b.append("Assistant: ").append(t.answer()).append("\n\n");
        }
        return b.append("Follow-up question: ")
                .append(question.strip())
                .append("\n\nStandalone question:")
                .toString();
    }

    /**
     * The standalone question in a model's reply: its first line without a label or quotes; the
     * follow-up as asked when the reply is empty or too long to be a question.
     */
    static String standaloneFrom(String reply, String question) {
        String line = reply.strip().lines().findFirst().orElse("").strip();
        line = LABEL.matcher(line).replaceFirst("").strip();
        if (line.length() >= 2
                && QUOTES.indexOf(line.charAt(0)) >= 0
                && QUOTES.indexOf(line.charAt(line.length() - 1)) >= 0) {
            line = line.substring(1, line.length() - 1).strip();
        }
        return line.isEmpty() || line.length() > MAX_STANDALONE_CHARS ? question.strip() : line;
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
        String cleaned =
                removed ? tidy(text.toString()).strip() : text.toString().strip();
        return new Answer(cleaned, List.copyOf(citations.values()));
    }

    /** A removed marker may leave "word ." or a double space behind. */
    private static String tidy(String text) {
        return text.replaceAll("[ \\t]+([.,;:!?])", "$1").replaceAll("[ \\t]{2,}", " ");
    }
}
