package dev.cairn.store;

import com.pgvector.PGvector;
import dev.cairn.text.Quotes;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL that {@link ChunkSearch} runs, in pieces: the vector top-k ({@link #vectorCte}), the
 * full-text top-k ({@link #textCte}), the filter that keeps a search within its scope, and the
 * binders that fill their parameters in order.
 */
final class SearchSql {

    static final String HIT_COLUMNS = """
            c.id, c.document_id, d.path, d.title, d.media_type, d.part_of, c.heading, c.page, c.char_start, c.char_end,
            c.text, d.language, c.ts_config""";

    /**
     * How many chunks the words a plain-words full-text query keeps may be expected to match; the
     * commoner words only weigh in the ranking ({@link #textCte}). A few milliseconds of
     * {@code ts_rank_cd} at most; measured in docs/decisions/0005-hybrid-retrieval.md. 350 rather than 500: a
     * quarter less of the full-text half's server time on the bench library's questions, and the eval sets
     * as they were within a question or two (docs/decisions/0026, addendum of stop 24).
     */
    static final int TEXT_RANK_BUDGET = 350;

    /**
     * The order of {@link #textCte}'s list, joined to its chunks {@code c} and their documents {@code d}: its
     * ranking words' score, then the query's other words' ({@code tie}), then path and ordinal.
     */
    static final String TEXT_ORDER = "t.score DESC, t.tie DESC, d.path, c.ordinal, c.id";

    /** The most chunks a query of only common words ranks ({@link #textCte}). */
    static final int TEXT_RANK_CAP = 1000;

    /**
     * A plain-words query ranks by its words held by at most this many times as many chunks as its rarest
     * word (a word: all its readings, one per language of the library); the commoner ones only find
     * chunks and count in the word pairs ({@link #textCte}). "La commande top" ranks by "top", not by the
     * "commande" of every other page; measured in docs/decisions/0025-languages.md (addendum stop 20).
     */
    static final int TEXT_RANK_SPREAD = 10;

    /**
     * A plain-words query's ranking words each add {@code r / (r + TEXT_RANK_SATURATION)}, {@code r} the word's
     * own {@code ts_rank_cd} in the chunk: a word said once in a body (weight 0.1) earns half of the most it
     * can, said again it earns less each time. So a chunk holding more of the query's words outranks one saying
     * one of them in every line ("intérprete de órdenes" in the shell chapter); measured in
     * docs/decisions/0025-languages.md (addendum stop 22, lang8).
     */
    static final double TEXT_RANK_SATURATION = 0.1;

    /**
     * {@code ts_rank_cd}'s weights of lexemes labelled D, C, B and A, which migration V4 gives to body
     * words, nothing, whole identifiers and headings. PostgreSQL's own defaults, written out because
     * the labels are Cairn's; other values measured no better (docs/decisions/0020).
     */
    private static final String RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'";

    private static final Pattern QUOTED = Pattern.compile("QUOTED\\((\\w+)\\)");

    /**
     * Up to this many documents in a search's scope, their chunks are ranked exactly rather than
     * through an approximate index (a few thousand distances: milliseconds).
     */
    static final int EXACT_SCOPE_DOCUMENTS = 1000;

    /** Up to this many documents, a scoped full-text search's second step reads the scope's chunks by document. */
    static final int FEW_DOCUMENTS = 100;

    private SearchSql() {}

    /**
     * The active model's vector top-{@code limit}, by itself in a subquery so that an HNSW or IVFFlat
     * index can serve its ORDER BY ... LIMIT; parameter: the query vector ({@link #bindVector}).
     *
     * <p>The limit is written into the statement, not bound: a search of the whole library runs one
     * generic plan (docs/decisions/0026), and for a bound limit that plan expects a tenth of the
     * table, so it hashed every document to join 50 rows, half of the vector half's time.
     */
    static String vectorCte(long[] scope, int limit) {
        if (exactScope(scope)) {
            // A few documents: their chunks ranked exactly, found through the document index (OFFSET 0
            // keeps the planner from an approximate index scan, which may stop before it reaches them).
            return """
                    v AS (SELECT id, dist FROM (SELECT c.id, c.embedding <=> ? AS dist FROM chunks c
                              WHERE c.model_id = (SELECT model_id FROM models WHERE active) AND c.embedding IS NOT NULL
                                AND c.document_id = ANY(?) OFFSET 0) s
                          ORDER BY dist LIMIT LIMIT_ROWS)
                    """.replace("LIMIT_ROWS", Integer.toString(limit));
        }
        // Many documents: the approximate index, scanning on until enough chunks pass the filter
        // (pgvector's iterative scan).
        return """
                v AS (SELECT c.id, c.embedding <=> ? AS dist FROM chunks c
                      WHERE c.model_id = (SELECT model_id FROM models WHERE active) AND c.embedding IS NOT NULL SCOPE
                      ORDER BY dist LIMIT LIMIT_ROWS)
                """.replace("SCOPE", scopeFilter(scope)).replace("LIMIT_ROWS", Integer.toString(limit));
    }

    /** Whether {@link #vectorCte} ranks the scope's chunks exactly, with its documents bound as a parameter. */
    private static boolean exactScope(long[] scope) {
        return scope != null && scope.length <= EXACT_SCOPE_DOCUMENTS;
    }

    /**
     * A scope's documents written into the statement, not bound: with a bound array the server soon
     * plans the statement once for any array, and for half the library that generic plan ranked every
     * chunk exactly (see ADR 0018). The ids are numbers, so nothing can be injected. A small scope's
     * exact vector list binds them instead ({@link #vectorCte}: its plan goes through the document
     * index either way).
     */
    private static String scopeFilter(long[] scope) {
        return scopeFilter(scope, false);
    }

    /**
     * {@link #scopeFilter(long[])}, or with {@code byDocument} the plain column, which the document index can serve:
     * for a few documents that is cheaper than matching a common word across the library, and cheap to plan.
     */
    private static String scopeFilter(long[] scope, boolean byDocument) {
        if (scope == null) {
            return "";
        }
        // "+ 0": the planner has no statistics for the sum, so it estimates the filter in one step instead
        // of looking up each id among the column's most common values, once per path it costs (the
        // document index's among them); for half of a 10k-chunk library that took planning from about
        // 1 ms to 10-20 ms, more than the search itself (ADR 0018). The filter is still one hash lookup a
        // row, and a large scope has no use for the document index.
        StringBuilder ids =
                new StringBuilder(byDocument ? " AND c.document_id = ANY('{" : " AND (c.document_id + 0) = ANY('{");
        for (int i = 0; i < scope.length; i++) {
            ids.append(i == 0 ? "" : ",").append(scope[i]);
        }
        return ids.append("}'::bigint[])").toString();
    }

    /**
     * CTEs {@code tq} (the query), {@code tm} (the chunks worth ranking) and {@code t} (the full-text
     * top list: {@code id}, {@code score} and {@code tie}), each but the last followed by a comma;
     * {@link #bindText} fills their parameters.
     *
     * <p>The query is read as the chunks were indexed (migration V4): its identifiers spelled as
     * words and, in a plain-words query, taken whole as well ({@code cairn_identifier_lexemes}), so
     * {@code os.path.join} finds the chunks saying {@code os.path.join} before those saying "os",
     * "path" and "join" apart. A plain-words query is any-word (a question rarely has all its words
     * in one passage) and is ranked twice over by {@code ts_rank_cd}: once by its words, each
     * occurrence weighted by where it stands ({@link #RANK_WEIGHTS}), and once by its neighbouring
     * words standing together as in the query ({@code near}), so the exact phrase and its word
     * pairs count. With search syntax (quotes, OR, -word) {@code websearch_to_tsquery}'s meaning stands.
     *
     * <p>Ranking is what costs: {@code ts_rank_cd} reads every matching chunk's tsvector, and an
     * any-word query holding one common word ("way", "use", "year") matches most of the library.
     * So a plain-words query ranks only the matches of its rarer words: its lexemes are taken rarest
     * first, by how many chunks hold each (Cairn's own exact count, {@code lexeme_counts}, migration
     * V15: the same library picks the same words whether or when it was analysed), while the chunks
     * they may match stay within {@link #TEXT_RANK_BUDGET}; the rarest the library holds is always taken
     * (a word in no chunk, a typo or a word the library never uses, matches nothing and is left out,
     * so that it does not stand in for the others). A passage
     * that holds only the common words would rank low anyway, and the kept ones are still ranked by
     * the query's words (below; matching the rarer words implies matching the query, so only they are
     * matched: the index then reads no common word's postings). A library small enough for all its
     * words to fit the budget ranks exactly as without it. Only when even the rarest word is over the
     * budget are its matches cut at {@link #TEXT_RANK_CAP}, in no particular order: a query of only
     * very common words ranks that many of its matches, not all. Search syntax keeps its meaning and
     * its cost.
     *
     * <p>The ranking itself ({@code words}, each word's own ts_rank_cd saturated by {@link
     * #TEXT_RANK_SATURATION} and summed, so that a chunk holding more of the words outranks one repeating
     * one of them) weighs the query's words alike, however common: ts_rank_cd knows no rarity. So it
     * takes only the words held by at most {@link #TEXT_RANK_SPREAD} times as many chunks as
     * the rarest word the library holds ({@code tp}: a word's readings at its place in the query, {@code
     * tpc}: the most chunks any of them is in, so that the English reading of a French word, held by a
     * handful of chunks, does not count as a rare word). A query of equally common words ranks by all of
     * them, as before; the word pairs ({@code near}) keep every word. A query naming an identifier
     * ({@code tf}: a lexeme at no place of the query is a whole identifier) ranks by all its words too,
     * so that "pathlib.PosixPath" keeps "pathlib" beside the rarer "posixpath". The words left out ({@code
     * rest}) break the ranking's ties ({@code tie}, after {@code score}): a chunk holding none of the ranking
     * words scores nothing by them, and "Limpieza del contenido de los archivos", whose "limpieza" is in one
     * chunk, listed every other chunk by path, not by "contenido" and "archivos" (docs/decisions/0025-languages.md,
     * addendum stop 21).
     *
     * <p>With {@code perDocument} above 0 the list keeps at most that many chunks of one document
     * ({@code tr} ranks, {@code t} keeps each document's best), so that one or two long documents rich
     * in a common word do not fill it and end it after themselves (docs/decisions/0025-languages.md);
     * 0 keeps every chunk.
     *
     * <p>{@code t} holds the best {@code limit} chunks by {@code score} and then {@code tie}, of those tied with
     * the last place the first by document path and chunk ordinal, in no order: the statement around it joins them to {@code chunks c}
     * and {@code documents d} and orders them by {@link #TEXT_ORDER}, so that equal scores are listed by
     * path and ordinal and two imports of the same files list the same chunks in the same order. The limit
     * is written into the statement, like {@link #vectorCte}'s.
     */
    static String textCte(String query, long[] scope, int perDocument, int limit) {
        if (perDocument < 0) {
            throw new IllegalArgumentException("perDocument must be 0 (no cap) or more, not " + perDocument);
        }
        String candidates = usesSearchSyntax(query)
                ? """
                tq AS (SELECT cairn_query_syntax(cairn_split_identifiers(?)) AS q, NULL::tsquery AS near, NULL::tsquery AS rest),
                tm AS (SELECT c.id, c.document_id, c.ordinal, c.tsv FROM chunks c, tq WHERE c.tsv @@ tq.q SCOPE),
                """
                : """
                tx AS (SELECT s, cairn_query_words(cairn_split_identifiers(s)) AS words FROM (SELECT ?::text AS s) x),
                tw AS (SELECT unnest(tsvector_to_array(tx.words || cairn_identifier_lexemes(tx.s))) AS w FROM tx),
                tn AS (SELECT u.lexeme AS w, lead(u.lexeme) OVER (ORDER BY p, u.lexeme) AS w2,
                              lead(p) OVER (ORDER BY p, u.lexeme) - p AS gap
                       FROM tx, unnest(tx.words) AS u, unnest(u.positions) AS p),
                tl AS (SELECT tw.w, coalesce((SELECT sum(lc.chunks) FROM lexeme_counts lc WHERE lc.lexeme = tw.w), 0) AS rows FROM tw),
                tp AS (SELECT u.lexeme AS w, p FROM tx, unnest(tx.words) AS u, unnest(u.positions) AS p),
                tpc AS (SELECT tp.p, max(tl.rows) AS rows FROM tp JOIN tl USING (w) GROUP BY tp.p),
                tf AS (SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM tl WHERE NOT EXISTS (SELECT 1 FROM tp WHERE tp.w = tl.w))
                                   THEN SPREAD * min(rows) END AS most FROM tpc WHERE rows > 0),
                tv AS (SELECT tl.w, tf.most IS NULL
                                    OR CASE WHEN EXISTS (SELECT 1 FROM tp WHERE tp.w = tl.w)
                                            THEN EXISTS (SELECT 1 FROM tp JOIN tpc USING (p) WHERE tp.w = tl.w AND tpc.rows <= tf.most)
                                            ELSE tl.rows <= tf.most END AS ranks
                       FROM tl, tf),
                tq AS MATERIALIZED (SELECT (SELECT array_agg(QUOTED(w)::tsquery) FROM tv WHERE ranks) AS words,
                              (SELECT string_agg(QUOTED(w) || ' <' || gap || '> ' || QUOTED(w2), ' | ')
                               FROM tn WHERE w2 IS NOT NULL)::tsquery AS near,
                              (SELECT string_agg(QUOTED(w), ' | ') FROM tv WHERE NOT ranks)::tsquery AS rest),
                tk AS (SELECT w, sum(rows) OVER (ORDER BY rows, w) AS upto, row_number() OVER (ORDER BY rows, w) AS n FROM tl WHERE rows > 0),
                ts AS (SELECT string_agg(QUOTED(w), ' | ')::tsquery AS rare, CASE WHEN bool_and(upto > BUDGET) THEN CAP END AS cap
                       FROM tk WHERE n = 1 OR upto <= BUDGET),
                CANDIDATES
                """.replace("CANDIDATES", scope == null ? RARE_CANDIDATES : RARE_CANDIDATES_IN_SCOPE)
                        .replace("SPREAD", Integer.toString(TEXT_RANK_SPREAD))
                        .replace("BUDGET", Integer.toString(TEXT_RANK_BUDGET))
                        .replace("CAP", Integer.toString(TEXT_RANK_CAP));
        // tq is MATERIALIZED: referenced once, it would be inlined into t and its text parsed into a tsquery
        // for every chunk ranked (server CPU per text half 6.9 -> 7.8 ms, docs/decisions/0026).
        // The word pairs are ranked only in a chunk that holds one of them: elsewhere their ts_rank_cd is 0
        // (0 of 161,768 chunks ranked for 400 questions said otherwise), and the match is far cheaper than
        // the ranking, which cost a fifth of the text half (docs/decisions/0026). For a query without word
        // pairs (near is null) neither is evaluated.
        // A plain-words query's ranking words count each by itself, saturated (TEXT_RANK_SATURATION); search
        // syntax keeps ts_rank_cd's reading of its whole query. A chunk of tm may hold none of the ranking words
        // (a word within the budget but over the spread): 0. One call a chunk gives the figure a correlated
        // subquery over unnest(tq.words) gave, to the bit, without the subquery's rescans: a tenth of the text
        // half's server CPU as PL/pgSQL (migration V18, docs/decisions/0026, addendum stop 23); on the bundled
        // server it is C (V19, packaging/pgvector/cairn_rank), which sums a word's positions itself instead of
        // calling ts_rank_cd (addendum stop 26).
        String ranked = usesSearchSyntax(query)
                ? "ts_rank_cd(WEIGHTS, tm.tsv, tq.q)"
                : "cairn_word_ranks(tm.tsv, tq.words, WEIGHTS, SATURATION)"
                        .replace("SATURATION", Double.toString(TEXT_RANK_SATURATION));
        String score = """
                (RANKED
                 + CASE WHEN tm.tsv @@ tq.near THEN ts_rank_cd(WEIGHTS, tm.tsv, tq.near) ELSE 0 END)::float8 AS score,
                CASE WHEN tm.tsv @@ tq.rest THEN ts_rank_cd(WEIGHTS, tm.tsv, tq.rest) ELSE 0 END::float8 AS tie""".replace("RANKED", ranked).replace("WEIGHTS", RANK_WEIGHTS);
        // Equal scores are common (short passages holding the same query words as often), so the order among
        // them must not be the row ids', which two imports of the same files hand out in whatever order their
        // documents finished. tt keeps the chunks tied with the list's last place (WITH TIES); only when they
        // overflow it does each of them look up its document's path to decide which stay; the statement
        // around t orders the kept ones by path and ordinal (TEXT_ORDER) where it joins their documents anyway.
        // Looking up the path of every tied chunk read a fifth more buffers, joining the whole overflow a
        // tenth (docs/decisions/0026).
        String kept = perDocument == 0 ? "tr" : """
                (SELECT id, document_id, ordinal, score, tie FROM (SELECT tr.*, row_number() OVER (PARTITION BY document_id
                                                                ORDER BY score DESC, tie DESC, ordinal) AS n FROM tr) r
                 WHERE n <= PER_DOCUMENT) r""".replace("PER_DOCUMENT", Integer.toString(perDocument));
        String list = """
                tr AS (SELECT tm.id, tm.document_id, tm.ordinal, SCORE FROM tm, tq),
                tt AS (SELECT id, document_id, ordinal, score, tie FROM KEPT ORDER BY score DESC, tie DESC FETCH FIRST LIMIT_ROWS ROWS WITH TIES),
                t AS (SELECT id, score, tie FROM (SELECT tt.*, count(*) OVER () AS listed, min(score) OVER () AS last FROM tt) x
                      ORDER BY score DESC, tie DESC,
                               CASE WHEN listed > LIMIT_ROWS AND score = last
                                    THEN (SELECT d.path FROM documents d WHERE d.id = x.document_id) END,
                               ordinal, id
                      LIMIT LIMIT_ROWS)
                """.replace("SCORE", score).replace("KEPT", kept).replace("LIMIT_ROWS", Integer.toString(limit));
        return quoteLexemes(candidates
                        .replace("BY_DOCUMENT", scopeFilter(scope, scope != null && scope.length <= FEW_DOCUMENTS))
                        .replace("SCOPE", scopeFilter(scope)))
                + list;
    }

    /** {@link #textCte}'s candidates of a plain-words query: the chunks its rarer words match. */
    private static final String RARE_CANDIDATES =
            "tm AS (SELECT c.id, c.document_id, c.ordinal, c.tsv FROM chunks c, ts WHERE c.tsv @@ ts.rare SCOPE LIMIT (SELECT cap FROM ts)),";

    /**
     * {@link #RARE_CANDIDATES} within a scope. The words are chosen by the whole library's counts, so the rarer ones
     * may be held only outside the scope; then the scope's chunks that any word the library holds matches are
     * taken instead, at most {@link #TEXT_RANK_CAP} of them in no particular order, as for a query of only common words.
     * Over the whole library the rarer words always match a chunk, so its statement has no such second step. A scope
     * of at most {@link #FEW_DOCUMENTS} documents is read through the document index there: a common word's matches
     * across the library cost twice as much as the scope's own chunks (docs/decisions/0026, addendum of stop 30).
     */
    private static final String RARE_CANDIDATES_IN_SCOPE = """
            tm0 AS MATERIALIZED (SELECT c.id, c.document_id, c.ordinal, c.tsv FROM chunks c, ts WHERE c.tsv @@ ts.rare SCOPE LIMIT (SELECT cap FROM ts)),
            tm AS (SELECT id, document_id, ordinal, tsv FROM tm0
                   UNION ALL
                   (SELECT c.id, c.document_id, c.ordinal, c.tsv FROM chunks c
                    WHERE NOT EXISTS (SELECT 1 FROM tm0)
                      AND c.tsv @@ (SELECT string_agg(QUOTED(w), ' | ')::tsquery FROM tl WHERE rows > 0) BY_DOCUMENT
                    LIMIT CAP)),""";

    /**
     * Writes out {@code QUOTED(column)}: the lexeme in the column as a tsquery's text, quoted (' doubled,
     * \ escaped), so that it is always a word, never syntax.
     */
    private static String quoteLexemes(String sql) {
        return QUOTED.matcher(sql)
                .replaceAll(m -> Matcher.quoteReplacement("('''' || replace(replace(" + m.group(1)
                        + ", chr(92), chr(92) || chr(92)), '''', '''''') || '''')"));
    }

    /** Binds {@link #vectorCte}'s query vector (and a small scope's documents) from 1 on. */
    static void bindVector(PreparedStatement ps, float[] vector, long[] scope) throws SQLException {
        ps.setObject(1, new PGvector(vector));
        if (exactScope(scope)) {
            ps.setArray(
                    2,
                    ps.getConnection()
                            .createArrayOf(
                                    "bigint", Arrays.stream(scope).boxed().toArray()));
        }
    }

    /** Binds {@link #textCte}'s one parameter, the query, at {@code index}. */
    static void bindText(PreparedStatement ps, int index, String query) throws SQLException {
        ps.setString(index, usesSearchSyntax(query) ? quoteExcludedIdentifiers(query) : query);
    }

    /**
     * An identifier excluded with a leading minus, quoted: spelled as words it would otherwise
     * exclude only its first part and require the others ({@code -os.path.join} read as "not os,
     * and path, and join"); quoted, the whole identifier is the phrase left out.
     */
    static String quoteExcludedIdentifiers(String query) {
        // Only outside quotes: inside a phrase the minus is a word's, and the phrase stays as written.
        return Quotes.outside(query, part -> EXCLUDED_IDENTIFIER.matcher(part).replaceAll("$1-\"$2\""));
    }

    /** A minus before a word holding a dot, "::", "_" or a camel hump. */
    private static final Pattern EXCLUDED_IDENTIFIER =
            Pattern.compile("(^|\\s)-((?=[^\\s\"]*(?:[._]|::|\\p{Ll}\\p{Lu}))[^\\s\"]+)");

    /**
     * A standalone OR, a word negated with a leading minus, or quotes written as syntax: a query of nothing but
     * quoted phrases, "or" between them at most. Quoted words inside a sentence or a heading (What does
     * "idempotent" mean?, Top level "Release" file) are read with the rest of its words, any of them, their
     * neighbours ranked together as in any query: read as syntax they made every other word required too
     * (docs/decisions/0025-languages.md).
     */
    static boolean usesSearchSyntax(String query) {
        if (query.matches("(?s).*\\sOR\\s.*") || query.matches("(?s)(.*\\s)?-\\p{L}.*")) {
            return true;
        }
        if (query.indexOf('"') < 0) {
            return false;
        }
        StringBuilder outside = new StringBuilder();
        Quotes.outside(query, part -> {
            outside.append(part).append(' ');
            return part;
        });
        List<String> words =
                WORD.matcher(outside).results().map(MatchResult::group).toList();
        return words.stream().allMatch(w -> w.equalsIgnoreCase("or"));
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
}
