package dev.cairn.search;

import dev.cairn.text.Quotes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link LexicalRerank} looks for in a passage: the query's content words ({@link QueryTerms})
 * and its identifiers whole, lower-cased ({@code os.path.join}, {@code read_timeout},
 * {@code --dry-run}, {@code TimedRotatingFileHandler}).
 *
 * @param identifiers each identifier as its dotted parts ({@code os.path.join} -> os, path, join)
 * @param onlyIdentifiers whether the query is nothing but identifiers ({@code abc.ABCMeta}, {@code --dry-run})
 */
record QueryWords(List<String> terms, List<List<String>> identifiers, boolean onlyIdentifiers) {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_.:-]+");

    /** Names with an underscore, a dot or {@code ::} between parts, a camel hump, or a leading {@code --}. */
    private static final Pattern IDENTIFIER =
            Pattern.compile("--\\p{L}.*|.*\\w[._]\\w.*|.*\\w::\\w.*|.*\\p{Ll}\\p{Lu}.*|.*\\p{Lu}{2}\\p{Ll}.*");

    /** A word the query leaves out with a leading minus, outside quotes ({@code python -snake}); not {@code --flag}. */
    private static final Pattern EXCLUDED = Pattern.compile("(?:^|\\s)-(?!-)([^\\s\"]+)");

    static QueryWords of(String query) {
        String kept = withoutExcludedWords(query);
        Set<List<String>> identifiers = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(kept);
        boolean onlyIdentifiers = true;
        while (m.find()) {
            String token = trimEnds(m.group());
            boolean identifier = IDENTIFIER.matcher(token).matches();
            onlyIdentifiers &= identifier || token.isEmpty();
            if (identifier) {
                List<String> parts = new ArrayList<>();
                for (String part :
                        token.toLowerCase(Locale.ROOT).replace("::", ".").split("\\.")) {
                    if (!part.isEmpty()) {
                        parts.add(part);
                    }
                }
                identifiers.add(List.copyOf(parts));
            }
        }
        return new QueryWords(
                QueryTerms.of(kept), new ArrayList<>(identifiers), onlyIdentifiers && !identifiers.isEmpty());
    }

    /**
     * The query without the words it excludes: a passage holding one must not be lifted for it
     * (the full-text half leaves such passages out; a vector hit may still hold one).
     */
    private static String withoutExcludedWords(String query) {
        if (query.indexOf('-') < 0) {
            return query;
        }
        return Quotes.outside(query, part -> EXCLUDED.matcher(part).replaceAll(" "));
    }

    boolean isEmpty() {
        return terms.isEmpty() && identifiers.isEmpty();
    }

    /** A token without the dots and colons that end a sentence or start a path. */
    private static String trimEnds(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && (token.charAt(from) == '.' || token.charAt(from) == ':')) {
            from++;
        }
        while (to > from && ".:-".indexOf(token.charAt(to - 1)) >= 0) {
            to--;
        }
        return token.substring(from, to);
    }
}
