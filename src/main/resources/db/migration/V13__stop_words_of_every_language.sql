-- V9's reading of a query in every configuration of the library, less the words that any of them
-- (but simple) drops as a stop word (docs/decisions/0025-languages.md, addendum). A French query's
-- "de" and "la", read in English as well, had matched every chunk of a French page that was indexed
-- as English (command listings, tables: a fifth of the French Debian Reference), whose heading says
-- "de" twice. A query of nothing but such words ("C", "À vous") is read as before. With English alone
-- (an English library) it is still exactly to_tsvector('english', ...).
CREATE OR REPLACE FUNCTION cairn_query_words(q text) RETURNS tsvector
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english')
                THEN to_tsvector('english', cairn_cjk_bigrams(q))
                ELSE (WITH r AS (SELECT cfg.name, to_tsvector(cfg.name::regconfig, cairn_cjk_bigrams(q)) AS v
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
           END
$$;
