-- Two costs of every full-text search that bought nothing (docs/decisions/0026, addendum stop 23, qpath8).
-- Readings and ranks are unchanged.
--
-- V17's readings of a query, with the test for a library of English only taken out of the one statement each
-- ran. PL/pgSQL runs a statement holding a subquery through the whole executor, which set up every node of
-- the several-languages branch (a dozen CTEs) on each call, though only the English one ran: 0.30 ms a call,
-- against 0.012 ms now. The several-languages branch is V17's (V16's) statement unchanged.
CREATE OR REPLACE FUNCTION cairn_query_words(q text) RETURNS tsvector
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english') THEN
        RETURN to_tsvector('english', cairn_cjk_bigrams(cairn_text_forms(q)));
    END IF;
    RETURN (WITH r AS (SELECT cfg.name, to_tsvector(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q))) AS v
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
                  GROUP BY u.lexeme) w);
END
$$;

CREATE OR REPLACE FUNCTION cairn_query_syntax(q text) RETURNS tsquery
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english') THEN
        RETURN websearch_to_tsquery('english', cairn_cjk_bigrams(cairn_text_forms(q)));
    END IF;
    RETURN (SELECT string_agg('(' || websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q)))::text || ')', ' | ')::tsquery
            FROM (SELECT name FROM text_configs UNION SELECT 'english') cfg
            WHERE websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q)))::text <> '');
END
$$;

-- A plain-words query's ranking words in one chunk: each word's ts_rank_cd r in the chunk's words, where the
-- chunk holds it, counted as r / (r + saturation) and summed in the words' order; 0 where it holds none or
-- there are none. The same figure, to the bit, as the correlated subquery SearchSql ran for every chunk ranked
-- (a sum over unnest(words)), whose rescans cost about a quarter of the ranking: a search ranks 300-500 chunks.
CREATE FUNCTION cairn_word_ranks(v tsvector, words tsquery[], weights real[], saturation float8) RETURNS float8
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    w tsquery;
    r real;
    s float8 := 0;
BEGIN
    IF words IS NULL THEN
        RETURN 0;
    END IF;
    FOREACH w IN ARRAY words LOOP
        IF v @@ w THEN
            r := ts_rank_cd(weights, v, w);
            s := s + r / (r + saturation);
        END IF;
    END LOOP;
    RETURN s;
END
$$;
