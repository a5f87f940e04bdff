package dev.cairn.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a text plainly reads as a given language, told by its function words ("the", "of", "und",
 * "le"): a check costing a few microseconds, where the language detector costs about a millisecond.
 * Ingest asks it first and runs the detector only on a passage that does not plainly read as its
 * document's language (docs/decisions/0013-progressive-indexing.md, addendum text-stage CPU). The
 * lists are Snowball's, as PostgreSQL ships them; a language without one never reads plainly, so its
 * passages always go to the detector. Thread-safe.
 */
public final class FunctionWords {

    /** How much of a text is read: the same span as the detector reads. */
    private static final int SAMPLE_CHARS = 600;

    /** At least this many of the text's words must be the language's function words... */
    private static final int MIN_HITS = 8;

    /** ...and at least this share of all its words (running English prose: about 0.4). */
    private static final double MIN_SHARE = 0.25;

    /** Another language's own function words at a quarter of the language's or more make a passage mixed. */
    private static final int OTHER_RATIO = 4;

    /** Each language with a list, and its bit in {@link #WORDS}. */
    private static final Map<String, Integer> LIST = new HashMap<>();

    /** Each function word, and the lists it is in, one bit a language. */
    private static final Map<String, Long> WORDS = load();

    private FunctionWords() {}

    /**
     * True when the start of {@code text} has many of {@code language}'s function words, as running
     * prose in that language does; false for code, lists of names, another language, or a language
     * without a list.
     */
    public static boolean plainlyIn(CharSequence text, String language) {
        Integer own = language == null ? null : LIST.get(language);
        return own != null && plain(count(text), own);
    }

    /**
     * The language {@code text} plainly reads as, when one does and no other comes close (Danish
     * and Norwegian share most of their function words: such a text is left to the detector).
     */
    public static Optional<String> plainLanguage(CharSequence text) {
        int[] counts = count(text);
        int best = -1;
        int second = 0;
        for (int l = 0; l < LIST.size(); l++) {
            if (best < 0 || counts[l] > counts[best]) {
                second = best < 0 ? 0 : Math.max(second, counts[best]);
                best = l;
            } else {
                second = Math.max(second, counts[l]);
            }
        }
        if (best < 0 || second * 2 >= counts[best] || !plain(counts, best)) {
            return Optional.empty();
        }
        int found = best;
        return LIST.entrySet().stream()
                .filter(e -> e.getValue() == found)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Whether the counts say plainly the language of bit {@code own}, and no other's own words come near. */
    private static boolean plain(int[] counts, int own) {
        int hits = counts[own];
        if (hits < MIN_HITS || hits < MIN_SHARE * counts[LIST.size()]) {
            return false;
        }
        for (int l = 0; l < LIST.size(); l++) {
            int othersOwn = counts[LIST.size() + 1 + l * LIST.size() + own];
            if (l != own && othersOwn * OTHER_RATIO >= hits) {
                return false; // words of another language too: a mixed passage, for the detector to judge
            }
        }
        return true;
    }

    /**
     * The words at the start of {@code text}, counted: [l] those in the list of language l, [n] all
     * of them (n languages), [n + 1 + l * n + m] those in l's list and not in m's.
     */
    private static int[] count(CharSequence text) {
        int n = LIST.size();
        int[] counts = new int[n + 1 + n * n];
        int end = Math.min(text.length(), SAMPLE_CHARS);
        StringBuilder word = new StringBuilder(16);
        for (int i = 0; i <= end; i++) {
            char c = i < end ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                word.append(Character.toLowerCase(c));
                continue;
            }
            if (c == '-' && !word.isEmpty() && i + 1 < end && Character.isLetter(text.charAt(i + 1))) {
                word.append(c); // a hyphenated word is one word: the "non" of "non-reserved" is no Italian
                continue;
            }
            if (word.length() > 1) { // single letters are as often hex digits, initials or list marks
                counts[n]++;
                long lists = WORDS.getOrDefault(word.toString(), 0L);
                for (long l = lists; l != 0; l &= l - 1) {
                    int lang = Long.numberOfTrailingZeros(l);
                    counts[lang]++;
                    for (int m = 0; m < n; m++) {
                        if ((lists & (1L << m)) == 0) {
                            counts[n + 1 + lang * n + m]++;
                        }
                    }
                }
            }
            word.setLength(0);
        }
        return counts;
    }

    private static Map<String, Long> load() {
        InputStream in = FunctionWords.class.getResourceAsStream("function-words.txt");
        if (in == null) {
            throw new IllegalStateException("function-words.txt is missing from Cairn's classes; the build is broken");
        }
        Map<String, Long> map = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.strip().toLowerCase(Locale.ROOT).split("\\s+");
                int bit = LIST.size();
                LIST.put(fields[0], bit);
                for (int i = 1; i < fields.length; i++) {
                    map.merge(fields[i], 1L << bit, (a, b) -> a | b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("function-words.txt could not be read: " + e.getMessage(), e);
        }
        return Map.copyOf(map);
    }
}
