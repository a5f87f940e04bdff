package dev.cairn.search;

import dev.cairn.platform.Phrase;
import dev.cairn.store.ChunkHit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured language model judges the first {@link #DEPTH} candidates: it reads the query and
 * the numbered passages and names the numbers of those that answer it, best first; they move to
 * the top in that order, the others follow in the order they had. Before the model, {@code first}
 * (the lexical rerank) orders the candidates, and its order stands when the model cannot be asked
 * or answers with no usable number: a search never fails because the model did.
 *
 * <p>A round trip to a model per search costs seconds on a local server, so this is a choice
 * ({@code search.rerank = model}), never the default; docs/decisions/0027-rerank.md.
 */
final class ModelRerank implements Reranker {

    /** How many candidates the model reads: the top 20, as issue 18 asks. */
    static final int DEPTH = 20;

    /** The most characters of a passage's text the model reads: its opening says what it is about. */
    static final int PASSAGE_CHARS = 400;

    static final String SYSTEM = """
            You rank search results. You get a search query and numbered passages. Reply with the numbers \
            of the passages that answer the query or are about it, most useful first, separated by commas, \
            and nothing else. Leave out passages that do not help. If none helps, reply 0.""";

    private static final Logger log = LoggerFactory.getLogger(ModelRerank.class);
    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}");

    private final ChatGenerator generator;
    private final Reranker first;

    ModelRerank(ChatGenerator generator, Reranker first) {
        this.generator = Objects.requireNonNull(generator);
        this.first = Objects.requireNonNull(first);
    }

    @Override
    public List<ChunkHit> rerank(String query, List<ChunkHit> ranked) {
        List<ChunkHit> ordered = first.rerank(query, ranked);
        int n = Math.min(DEPTH, ordered.size());
        if (n < 2) {
            return ordered;
        }
        String reply;
        try {
            reply = generator.reply(SYSTEM, prompt(query, ordered.subList(0, n)));
        } catch (GenerationException e) {
            log.warn(
                    "The language model did not judge the results for '{}'; they keep the lexical order: {}",
                    query,
                    Phrase.english(e.getMessage()));
            return ordered;
        }
        Set<Integer> chosen = chosen(reply, n);
        if (chosen.isEmpty()) {
            return ordered;
        }
        List<ChunkHit> out = new ArrayList<>(ordered.size());
        for (int i : chosen) {
            out.add(ordered.get(i));
        }
        for (int i = 0; i < ordered.size(); i++) {
            if (!chosen.contains(i)) {
                out.add(ordered.get(i));
            }
        }
        // Each place keeps the score the place had, so scores still fall down the list.
        for (int i = 0; i < out.size(); i++) {
            out.set(i, out.get(i).withScore(ordered.get(i).score()));
        }
        return out;
    }

    /** The query, then each passage numbered from 1: its heading and the opening of its text. */
    static String prompt(String query, List<ChunkHit> passages) {
        StringBuilder p = new StringBuilder("Query: ").append(query.strip()).append("\n\nPassages:\n");
        for (int i = 0; i < passages.size(); i++) {
            ChunkHit h = passages.get(i);
            String text = h.text() == null ? "" : h.text().strip().replaceAll("\\s+", " ");
            p.append('[').append(i + 1).append("] ");
            if (h.heading() != null && !h.heading().isBlank()) {
                p.append(h.heading().strip()).append(": ");
            }
            p.append(text, 0, Math.min(text.length(), PASSAGE_CHARS)).append('\n');
        }
        return p.append("\nNumbers, most useful first:").toString();
    }

    /** The 0-based indices the reply names, in its order, each once; numbers outside 1..n are ignored. */
    static Set<Integer> chosen(String reply, int n) {
        Set<Integer> chosen = new LinkedHashSet<>();
        Matcher m = NUMBER.matcher(reply == null ? "" : reply);
        while (m.find()) {
            int k = Integer.parseInt(m.group());
            if (k >= 1 && k <= n) {
                chosen.add(k - 1);
            }
        }
        return chosen;
    }
}
