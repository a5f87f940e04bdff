-- French, Italian and others elide with a typographic apostrophe (docs/decisions/0025-languages.md,
-- addendum). PostgreSQL's parser splits words at the ASCII apostrophe (l'interface -> l, interface)
-- but not at U+2019: "l’interface" was one lexeme, found only by the same article before the same
-- noun. Chunks and queries both pass through cairn_split_identifiers (V4), which now reads U+2019
-- as the ASCII apostrophe; otherwise the same as V4's.
CREATE OR REPLACE FUNCTION cairn_split_identifiers(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(regexp_replace(translate(t, '’', ''''),
        '([A-Za-z0-9_])(\.|::)(?=[A-Za-z_])', '\1 ', 'g'),
        '([A-Za-z][a-z])(?=[A-Z][A-Za-z])', '\1 ', 'g'),
        '([A-Z]{2})(?=[A-Z][a-z])', '\1 ', 'g')
$$;

-- V9's reading of a query in every configuration of the library, less the words that any of them
-- (but simple) drops as a stop word: a French query's "de" and "la", read in English as well, had
-- matched every chunk of a French page that was indexed as English (command listings, tables), whose
-- heading says "de" twice. With English alone (an English library) it is still exactly
-- to_tsvector('english', ...).
CREATE OR REPLACE FUNCTION cairn_query_words(q text) RETURNS tsvector
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english')
                THEN to_tsvector('english', cairn_cjk_bigrams(q))
                ELSE (WITH r AS (SELECT cfg.name, to_tsvector(cfg.name::regconfig, cairn_cjk_bigrams(q)) AS v
                                 FROM (SELECT name FROM text_configs UNION SELECT 'english') cfg),
                           at AS (SELECT r.name, p FROM r, unnest(r.v) AS u, unnest(u.positions) AS p),
                           stopped AS (SELECT DISTINCT a.p FROM at a, r
                                       WHERE r.name <> 'simple'
                                         AND NOT EXISTS (SELECT 1 FROM at b WHERE b.name = r.name AND b.p = a.p))
                      SELECT coalesce(string_agg(
                          '''' || replace(replace(w.lexeme, chr(92), chr(92) || chr(92)), '''', '''''') || ''':'
                          || w.positions, ' '), '')::tsvector
                      FROM (SELECT u.lexeme, string_agg(DISTINCT p::text, ',') AS positions
                            FROM r, unnest(r.v) AS u, unnest(u.positions) AS p
                            WHERE p NOT IN (SELECT p FROM stopped)
                            GROUP BY u.lexeme) w)
           END
$$;

-- Chunks holding the typographic apostrophe are indexed again (the trigger of V4 fires on ts_config).
UPDATE chunks SET ts_config = ts_config WHERE strpos(text, '’') > 0 OR strpos(heading, '’') > 0;
