-- V16's readings of a query, unchanged, in PL/pgSQL (docs/decisions/0026, addendum stop 21). A SQL function
-- that cannot be inlined (these hold subqueries) has its body parsed, rewritten and planned again each time a
-- statement calling it runs, so every search paid for planning the reading of every configuration even on a
-- library of one: about 1 ms of a 6 ms full-text half. PL/pgSQL keeps its statement's plan for the session,
-- and search sessions are kept warm.
CREATE OR REPLACE FUNCTION cairn_query_words(q text) RETURNS tsvector
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN (
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english')
                THEN to_tsvector('english', cairn_cjk_bigrams(cairn_text_forms(q)))
                ELSE (WITH r AS (SELECT cfg.name, to_tsvector(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q))) AS v
                                 FROM (SELECT name FROM text_configs UNION SELECT 'english') cfg),
                           at AS (SELECT r.name, p FROM r, unnest(r.v) AS u, unnest(u.positions) AS p),
                           stopped AS (SELECT DISTINCT a.p FROM at a, r
                                       WHERE r.name <> 'simple'
                                         AND NOT EXISTS (SELECT 1 FROM at b WHERE b.name = r.name AND b.p = a.p)),
                           kept AS (SELECT DISTINCT p FROM at WHERE p NOT IN (SELECT p FROM stopped))
                      SELECT coalesce(string_agg(
                          '''' || replace(replace(w.lexeme, chr(92), chr(92) || chr(92)), '''', '''''') || ''':'
                          || w.positions, ' '), '')::tsvector
                      FROM (SELECT u.lexeme, string_agg(DISTINCT p::text, ',') AS positions
                            FROM r, unnest(r.v) AS u, unnest(u.positions) AS p
                            WHERE p IN (SELECT p FROM kept) OR NOT EXISTS (SELECT 1 FROM kept)
                            GROUP BY u.lexeme) w)
           END);
END
$$;

CREATE OR REPLACE FUNCTION cairn_query_syntax(q text) RETURNS tsquery
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN (
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english')
                THEN websearch_to_tsquery('english', cairn_cjk_bigrams(cairn_text_forms(q)))
                ELSE (SELECT string_agg('(' || websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q)))::text || ')', ' | ')::tsquery
                      FROM (SELECT name FROM text_configs UNION SELECT 'english') cfg
                      WHERE websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q)))::text <> '')
           END);
END
$$;
