package dev.cairn.search;

import dev.cairn.store.ChunkHit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a query's words stand in one passage: which are in its text, which only in its heading, how
 * close together the text holds them, and how much of each identifier it names whole. Computed by
 * {@link LexicalRerank} for each candidate it reorders.
 */
final class PassageWords {

    /** A heading word counts for this much of a text word: a heading names a topic, the text holds the answer. */
    static final double HEADING_SHARE = 0.3;
    /** The weight of the words standing together (an exact phrase 1, a short window less). */
    static final double TOGETHER_SHARE = 0.5;
    /** How many other words may stand between two query words that still read as the query's phrase. */
    private static final int PHRASE_GAP = 2;

    private final boolean[] inText;
    private final boolean[] inHeading;
    private final double together;
    private final double identifiers;

    private PassageWords(boolean[] inText, boolean[] inHeading, double together, double identifiers) {
        this.inText = inText;
        this.inHeading = inHeading;
        this.together = together;
        this.identifiers = identifiers;
    }

    /** Reads {@code hit}'s heading and text for {@code words}; {@code normalised} caches word forms across passages. */
    static PassageWords of(ChunkHit hit, QueryWords words, Map<String, String> normalised) {
        Map<String, Integer> index = new HashMap<>();
        for (int t = 0; t < words.terms().size(); t++) {
            index.put(words.terms().get(t), t);
        }
        int terms = words.terms().size();
        boolean[] inHeading = new boolean[terms];
        String heading = hit.heading() == null ? "" : hit.heading();
        for (int[] m : matches(heading, index, normalised)) {
            inHeading[m[1]] = true;
        }
        boolean[] inText = new boolean[terms];
        String text = hit.text() == null ? "" : hit.text();
        List<int[]> found = matches(text, index, normalised);
        for (int[] m : found) {
            inText[m[1]] = true;
        }
        return new PassageWords(
                inText, inHeading, together(found, inText, terms), identifiers(words.identifiers(), heading, text));
    }

    boolean inText(int term) {
        return inText[term];
    }

    boolean inHeading(int term) {
        return inHeading[term];
    }

    /**
     * The lexical score: the rarity-weighted share of the query's words in the text, the share only
     * in the heading at {@link #HEADING_SHARE}, the words together at {@link #TOGETHER_SHARE}, and the
     * identifiers named whole (0 to 1 each).
     */
    double score(double[] rarity) {
        double all = 0;
        double text = 0;
        double heading = 0;
        for (int t = 0; t < rarity.length; t++) {
            all += rarity[t];
            text += inText[t] ? rarity[t] : 0;
            heading += !inText[t] && inHeading[t] ? rarity[t] : 0;
        }
        double words01 = all == 0 ? 0 : (text + HEADING_SHARE * heading) / all;
        return words01 + TOGETHER_SHARE * together + identifiers;
    }

    /**
     * Each match of a query word in {@code s}: its word position and the query word's index. Words are
     * what {@link QueryTerms} reads ({@code [\p{L}\p{N}][\p{L}\p{N}'’_-]*}), found without a regular
     * expression, and a plain ASCII word that cannot normalise to a query word (its first letter or its
     * length is none of theirs) is passed over without being copied: the rerank reads every word of 40
     * passages, and copying each cost more than the rest of it (docs/decisions/0026).
     */
    private static List<int[]> matches(String s, Map<String, Integer> index, Map<String, String> normalised) {
        List<int[]> out = new ArrayList<>();
        if (index.isEmpty()) {
            return out;
        }
        long firsts = 0;
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (String term : index.keySet()) {
            char c = term.charAt(0);
            firsts |= c < 64 ? 1L << c : c < 128 ? 1L << (c - 64) : 0;
            shortest = Math.min(shortest, term.length());
            longest = Math.max(longest, term.length());
        }
        int position = 0;
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = s.codePointAt(i);
            if (!letterOrNumber(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            boolean ascii = true;
            for (i += Character.charCount(cp); i < n; ) {
                int c = s.codePointAt(i);
                if (!letterOrNumber(c) && c != '\'' && c != '’' && c != '_' && c != '-') {
                    break;
                }
                ascii &= c < 128;
                i += Character.charCount(c);
            }
            // normalise() of an ASCII word is its lower case less at most three letters at the end ("cats's").
            char first = Character.toLowerCase(s.charAt(start));
            boolean possible = !ascii
                    || cp >= 128
                    || ((first < 64 ? firsts >>> first : firsts >>> (first - 64)) & 1) != 0
                            && i - start >= shortest
                            && i - start <= longest + 3;
            if (possible) {
                Integer t = index.get(normalised.computeIfAbsent(s.substring(start, i), QueryTerms::normalise));
                if (t != null) {
                    out.add(new int[] {position, t});
                }
            }
            position++;
        }
        return out;
    }

    /** {@code \p{L}} or {@code \p{N}}, as a regular expression reads them. */
    private static boolean letterOrNumber(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /**
     * 1 when the text holds all the query's words in its order, each within {@link #PHRASE_GAP}
     * words of the one before; else the words found over the shortest span of text holding them all,
     * scaled by the share of the query found. 0 for a query of one word.
     */
    private static double together(List<int[]> found, boolean[] inText, int terms) {
        int distinct = 0;
        for (boolean b : inText) {
            distinct += b ? 1 : 0;
        }
        if (terms < 2 || distinct < 2) {
            return 0;
        }
        if (distinct == terms && phrase(found, terms)) {
            return 1;
        }
        int[] counts = new int[terms];
        int covered = 0;
        int shortest = Integer.MAX_VALUE;
        for (int from = 0, to = 0; to < found.size(); to++) {
            if (counts[found.get(to)[1]]++ == 0) {
                covered++;
            }
            while (covered == distinct) {
                shortest = Math.min(shortest, found.get(to)[0] - found.get(from)[0] + 1);
                if (--counts[found.get(from)[1]] == 0) {
                    covered--;
                }
                from++;
            }
        }
        return (double) (distinct - 1) / (shortest - 1) * distinct / terms;
    }

    /** Whether the matches hold the query's words 0, 1, ... in order, each close after the one before. */
    private static boolean phrase(List<int[]> found, int terms) {
        for (int start = 0; start < found.size(); start++) {
            if (found.get(start)[1] != 0) {
                continue;
            }
            int next = 1;
            int at = found.get(start)[0];
            for (int i = start + 1; i < found.size() && next < terms; i++) {
                int[] m = found.get(i);
                if (m[0] - at > PHRASE_GAP + 1) {
                    break;
                }
                if (m[1] == next) {
                    next++;
                    at = m[0];
                }
            }
            if (next == terms) {
                return true;
            }
        }
        return false;
    }

    /**
     * The mean over the query's identifiers of the longest tail of each that the heading or text names
     * whole ({@code os.path.join} 1, {@code path.join} 2/3; a last part alone only when it is itself
     * an identifier, like {@code get_loop}).
     */
    private static double identifiers(List<List<String>> identifiers, String heading, String text) {
        if (identifiers.isEmpty()) {
            return 0;
        }
        String lower = (heading + "\n" + text).toLowerCase(Locale.ROOT);
        double sum = 0;
        for (List<String> parts : identifiers) {
            int n = parts.size();
            for (int from = 0; from < n; from++) {
                boolean single = from == n - 1;
                if (single && n > 1 && parts.get(from).indexOf('_') < 0) {
                    break;
                }
                if (namesWhole(lower, String.join(".", parts.subList(from, n)))) {
                    sum += (double) (n - from) / n;
                    break;
                }
            }
        }
        return sum / identifiers.size();
    }

    /** Whether {@code name} stands in {@code lower} with no letter, digit or underscore right before or after it. */
    private static boolean namesWhole(String lower, String name) {
        for (int at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
            int end = at + name.length();
            if ((at == 0 || !wordChar(lower.charAt(at - 1)))
                    && (end == lower.length() || !wordChar(lower.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
