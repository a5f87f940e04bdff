package dev.cairn.search;

import dev.cairn.embed.VectorMath;
import dev.cairn.text.Sentences;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers without a language model: picks the sentences of the top hits that are most related to
 * the question (embedding similarity plus the share of the question's words they hold, rarer words
 * counting more) and joins them with {@code [n]} markers.
 * It never writes a word that is not in the sources, so every claim is checkable one click away.
 */
public final class ExtractiveAnswerer {

    /** How many hits are read for sentences, how many sentences make an answer, and the weights. */
    public record Policy(
            int hitsToRead,
            int maxSentences,
            double similarityWeight,
            double overlapWeight,
            double minScore,
            double relativeFloor) {
        /**
         * Up to 3 sentences; after the first, only those scoring at least 75% of the best one. The
         * weights were measured on the SQuAD kit (docs/decisions/0026).
         */
        public static final Policy DEFAULT = new Policy(5, 3, 0.6, 0.4, 0.25, 0.75);
    }

    private final Function<List<String>, List<float[]>> encoder;
    private final Policy policy;

    /** @param encoder embeds sentences as the query was embedded (same model, unit vectors) */
    public ExtractiveAnswerer(Function<List<String>, List<float[]>> encoder, Policy policy) {
        this.encoder = encoder;
        this.policy = policy;
    }

    private record Candidate(int hitIndex, Sentences.Sentence sentence, double score) {}

    public Answer answer(String question, float[] queryVector, List<SearchHit> hits) {
        List<String> terms = QueryTerms.of(question);
        List<Candidate> candidates = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<int[]> where = new ArrayList<>();
        List<List<Sentences.Sentence>> sentencesByHit = new ArrayList<>();
        int read = Math.min(policy.hitsToRead(), hits.size());
        for (int h = 0; h < read; h++) {
            List<Sentences.Sentence> sentences = Sentences.split(hits.get(h).text(), Sentences.Rule.BREAK_ITERATOR);
            sentencesByHit.add(sentences);
            for (int s = 0; s < sentences.size(); s++) {
                if (sentences.get(s).text().split("\\s+").length >= 3) {
                    texts.add(sentences.get(s).text());
                    where.add(new int[] {h, s});
                }
            }
        }
        if (texts.isEmpty()) {
            return new Answer("", List.of());
        }
        List<float[]> vectors = encoder.apply(texts);
        Map<String, Double> weights = rarity(terms, sentencesByHit);
        double allTerms =
                weights.values().stream().mapToDouble(Double::doubleValue).sum();
        for (int i = 0; i < texts.size(); i++) {
            int h = where.get(i)[0];
            Sentences.Sentence sentence = sentencesByHit.get(h).get(where.get(i)[1]);
            double similarity =
                    VectorMath.cosine(queryVector, vectors.get(i)); // an added model may keep its vectors unscaled
            double overlap = allTerms == 0
                    ? 0
                    : wordsOf(sentence.text(), terms).stream()
                                    .mapToDouble(weights::get)
                                    .sum()
                            / allTerms;
            // A slight preference for better-ranked hits breaks ties between similar sentences.
            double prior = 0.02 / (h + 1);
            candidates.add(new Candidate(
                    h, sentence, policy.similarityWeight() * similarity + policy.overlapWeight() * overlap + prior));
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());

        List<Candidate> chosen = new ArrayList<>();
        for (Candidate c : candidates) {
            if (chosen.size() >= policy.maxSentences()) {
                break;
            }
            // Below the floor a sentence is only the least unrelated one: saying nothing is better.
            // Far below the best one, it drifts off the question.
            if (c.score() < policy.minScore()
                    || (!chosen.isEmpty()
                            && c.score()
                                    < policy.relativeFloor() * chosen.getFirst().score())) {
                break;
            }
            boolean duplicate = chosen.stream()
                    .anyMatch(o ->
                            o.sentence().text().equalsIgnoreCase(c.sentence().text()));
            if (!duplicate) {
                chosen.add(c);
            }
        }
        // Citations are numbered in the order the answer first uses each hit.
        Map<Integer, Answer.Citation> citations = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (Candidate c : chosen) {
            Answer.Citation citation = citations.computeIfAbsent(
                    c.hitIndex(),
                    h -> new Answer.Citation(
                            citations.size() + 1, hits.get(h), c.sentence().text()));
            if (!text.isEmpty()) {
                text.append(' ');
            }
            // Line breaks inside a sentence belong to the source's layout, not to the answer.
            text.append(c.sentence().text().replaceAll("\\s+", " "))
                    .append(" [")
                    .append(citation.n())
                    .append(']');
        }
        return new Answer(text.toString(), new ArrayList<>(citations.values()));
    }

    /**
     * How much each query term says, by how few of the sentences read hold it ({@code ln(1 + N /
     * (1 + n))}): the rare words of a question ("Rollo", "treaty") pick its sentence out, the ones
     * every passage repeats ("Normans") do not.
     */
    private static Map<String, Double> rarity(List<String> terms, List<List<Sentences.Sentence>> sentencesByHit) {
        Map<String, Integer> holding = new java.util.HashMap<>();
        int sentences = 0;
        for (List<Sentences.Sentence> hit : sentencesByHit) {
            for (Sentences.Sentence s : hit) {
                sentences++;
                for (String t : wordsOf(s.text(), terms)) {
                    holding.merge(t, 1, Integer::sum);
                }
            }
        }
        Map<String, Double> weights = new java.util.HashMap<>();
        for (String t : terms) {
            weights.put(t, Math.log(1 + (double) sentences / (1 + holding.getOrDefault(t, 0))));
        }
        return weights;
    }

    /** The query terms that {@code text} holds. */
    private static java.util.Set<String> wordsOf(String text, List<String> terms) {
        java.util.Set<String> found = new java.util.HashSet<>();
        for (var span : QueryTerms.find(text, terms)) {
            found.add(QueryTerms.normalise(text.substring(span.start(), span.end())));
        }
        return found;
    }
}
