package dev.cairn.store;

import com.pgvector.PGvector;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The SQL that {@link ChunkSearch} runs, in pieces: the vector top-k ({@link #vectorCte}), the
 * full-text top-k ({@link #textCte}), the filter that keeps a search within its scope, and the
 * binders that fill their parameters in order.
 */
final class SearchSql {

    static final String HIT_COLUMNS = """
            c.id, c.document_id, d.path, d.title, d.media_type, d.part_of, c.heading, c.page, c.char_start, c.char_end,
            c.text""";

    /**
     * How many chunks the words a plain-words full-text query keeps may be expected to match; the
     * commoner words only weigh in the ranking ({@link #textCte}). A few milliseconds of
     * {@code ts_rank_cd} at most; measured in docs/decisions/0005-hybrid-retrieval.md.
     */
    static final int TEXT_RANK_BUDGET = 500;

    /** The most chunks a query of only common words ranks ({@link #textCte}). */
    static final int TEXT_RANK_CAP = 1000;

    /**
     * Up to this many documents in a search's scope, their chunks are ranked exactly rather than
     * through an approximate index (a few thousand distances: milliseconds).
     */
    static final int EXACT_SCOPE_DOCUMENTS = 1000;

    private SearchSql() {}

    /**
     * The active model's vector top-k, by itself in a subquery so that an HNSW or IVFFlat index can
     * serve its ORDER BY ... LIMIT; parameters: the query vector, the limit.
     */
    static String vectorCte(long[] scope) {
        if (exactScope(scope)) {
            // A few documents: their chunks ranked exactly, found through the document index (OFFSET 0
            // keeps the planner from an approximate index scan, which may stop before it reaches them).
            return """
                    v AS (SELECT id, dist FROM (SELECT c.id, c.embedding <=> ? AS dist FROM chunks c
                              WHERE c.model_id = (SELECT model_id FROM models WHERE active) AND c.embedding IS NOT NULL
                                AND c.document_id = ANY(?) OFFSET 0) s
                          ORDER BY dist LIMIT ?)
                    """;
        }
        // Many documents: the approximate index, scanning on until enough chunks pass the filter
        // (pgvector's iterative scan).
        return """
                v AS (SELECT c.id, c.embedding <=> ? AS dist FROM chunks c
                      WHERE c.model_id = (SELECT model_id FROM models WHERE active) AND c.embedding IS NOT NULL SCOPE
                      ORDER BY dist LIMIT ?)
                """.replace("SCOPE", scopeFilter(scope));
    }

    /** Whether {@link #vectorCte} ranks the scope's chunks exactly, with its documents bound as a parameter. */
    private static boolean exactScope(long[] scope) {
        return scope != null && scope.length <= EXACT_SCOPE_DOCUMENTS;
    }

    /**
     * A large scope's documents written into the statement, not bound: with a bound array the server
     * soon plans the statement once for any array, and for half the library that generic plan ranked
     * every chunk exactly (see ADR 0018). The ids are numbers, so nothing can be injected. A small
     * scope stays bound (its plan goes through the document index either way, and a long literal
     * costs planning time).
     */
    private static String scopeFilter(long[] scope) {
        if (scope == null) {
            return "";
        }
        StringBuilder ids = new StringBuilder(" AND c.document_id = ANY('{");
        for (int i = 0; i < scope.length; i++) {
            ids.append(i == 0 ? "" : ",").append(scope[i]);
        }
        return ids.append("}'::bigint[])").toString();
    }

    /**
     * CTEs {@code tq} (the query), {@code tm} (the chunks worth ranking) and {@code t} (the full-text
     * top list, {@code id} and {@code score}, best first), each but the last followed by a comma;
     * {@link #bindText} fills their parameters.
     *
     * <p>Ranking is what costs: {@code ts_rank_cd} reads every matching chunk's tsvector, and an
     * any-word query holding one common word ("way", "use", "year") matches most of the library.
     * So a plain-words query ranks only the matches of its rarer words: its lexemes are taken rarest
     * first, by the frequencies ANALYZE keeps for the tsvector column
     * ({@code pg_stats.most_common_elems}), while the chunks they are expected to match stay within
     * {@link #TEXT_RANK_BUDGET}; the rarest is always taken. A passage that holds only the common
     * words would rank low anyway, and the kept ones are still ranked by the whole query. A library
     * small enough for all its words to fit the budget ranks exactly as without it, and so does one
     * not analyzed yet (a word without a known frequency counts as rare: slow, never wrong). Only when
     * even the rarest word is known to be over the budget are its matches cut at
     * {@link #TEXT_RANK_CAP}, in no particular order: a query of only very common words ranks that
     * many of its matches, not all. Search syntax (quotes, OR, -word) keeps its meaning and its cost.
     */
    static String textCte(String query, long[] scope) {
        // A kept lexeme enters the tsquery quoted (' doubled, \ escaped): always a word, never syntax.
        String candidates = usesSearchSyntax(query)
                ? "tm AS (SELECT c.id, c.tsv FROM chunks c, tq WHERE c.tsv @@ tq.q SCOPE),\n"
                : """
                tf AS (SELECT e.w, e.f FROM pg_stats st
                       CROSS JOIN unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(w, f)
                       WHERE st.schemaname = current_schema() AND st.tablename = 'chunks' AND st.attname = 'tsv'
                         AND e.w IS NOT NULL),
                tl AS (SELECT l.w, coalesce(tf.f, 0) * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'chunks'::regclass) AS rows
                       FROM unnest(tsvector_to_array(to_tsvector('english', ?))) AS l(w) LEFT JOIN tf ON tf.w = l.w),
                tk AS (SELECT w, sum(rows) OVER (ORDER BY rows, w) AS upto, row_number() OVER (ORDER BY rows, w) AS n FROM tl),
                ts AS (SELECT string_agg('''' || replace(replace(w, chr(92), chr(92) || chr(92)), '''', '''''') || '''', ' | ')::tsquery AS rare,
                              CASE WHEN bool_and(upto > BUDGET) THEN CAP END AS cap
                       FROM tk WHERE n = 1 OR upto <= BUDGET),
                tm AS (SELECT c.id, c.tsv FROM chunks c, tq, ts WHERE c.tsv @@ ts.rare AND c.tsv @@ tq.q SCOPE LIMIT (SELECT cap FROM ts)),
                """.replace("BUDGET", Integer.toString(TEXT_RANK_BUDGET))
                        .replace("CAP", Integer.toString(TEXT_RANK_CAP));
        candidates = candidates.replace("SCOPE", scopeFilter(scope));
        return "tq AS (SELECT " + tsquery(query) + " AS q),\n" + candidates + """
                t AS (SELECT tm.id, ts_rank_cd(tm.tsv, tq.q)::float8 AS score FROM tm, tq ORDER BY score DESC, tm.id LIMIT ?)
                """;
    }

    /** Binds {@link #vectorCte}'s query vector (and a small scope's documents) from 1 on; returns the limit's index. */
    static int bindVector(PreparedStatement ps, float[] vector, long[] scope) throws SQLException {
        ps.setObject(1, new PGvector(vector));
        if (!exactScope(scope)) {
            return 2;
        }
        ps.setArray(
                2,
                ps.getConnection()
                        .createArrayOf("bigint", Arrays.stream(scope).boxed().toArray()));
        return 3;
    }

    /** Binds {@link #textCte}'s parameters from {@code index} on, the list's length last. */
    static void bindText(PreparedStatement ps, int index, String query, int limit) throws SQLException {
        int i = index;
        ps.setString(i++, query);
        if (!usesSearchSyntax(query)) {
            ps.setString(i++, query);
        }
        ps.setInt(i, limit);
    }

    private static String tsquery(String query) {
        // A question in plain words rarely has all its words in one passage: unless the user wrote
        // search syntax (quotes, OR, -word), any word may match and ranking rewards passages that
        // hold more of them, closer together. With syntax, websearch_to_tsquery's meaning stands.
        // ('simple' re-reads the already stemmed lexemes as they are.)
        return usesSearchSyntax(query)
                ? "websearch_to_tsquery('english', ?)"
                : "to_tsquery('simple', replace(websearch_to_tsquery('english', ?)::text, ' & ', ' | '))";
    }

    /** Quotes, a standalone OR, or a word negated with a leading minus. */
    static boolean usesSearchSyntax(String query) {
        return query.indexOf('"') >= 0 || query.matches("(?s).*\\sOR\\s.*") || query.matches("(?s)(.*\\s)?-\\p{L}.*");
    }
}
