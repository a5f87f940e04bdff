-- One spelling of the same text, for the index and the query alike (docs/decisions/0025-languages.md,
-- addendum stop 20). PostgreSQL's parser takes a no-break space (French writes one before ? ! : ; and
-- inside « »), a typographic apostrophe and the half-width and full-width forms as letters, and in the
-- bundled server's C.UTF-8 cluster its dictionaries lower only ASCII letters: "système ?" was indexed
-- as the lexeme 'système ' (with the space), "« hostname »" as one lexeme, "Écho" apart from "écho",
-- "l’interface" apart from "interface" and "user’s" as 'user’'. Text holding any non-ASCII character is
-- read in its compatibility form (NFKC: no-break and thin spaces become spaces, ｶﾅ kana and ＡＢＣ
-- letters the usual ones), with ’ and ʼ as the ASCII apostrophe, and lowered whole (lower() follows
-- Unicode here). ASCII text is returned unchanged after one test, so it is indexed and read as before.
CREATE FUNCTION cairn_text_forms(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '[^\x01-\x7f]'
                THEN lower(translate(normalize(t, NFKC), E'\u2019\u02bc', ''''''))
                ELSE t END
$$;

-- V9's chunk lexemes, read in one spelling. Identifiers are split before (their camel humps need the
-- capitals) and taken whole from the text as written.
CREATE OR REPLACE FUNCTION cairn_tsv(config regconfig, heading text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(config, cairn_cjk_bigrams(cairn_text_forms(cairn_split_identifiers(coalesce(heading, '')))))
                     || cairn_identifier_lexemes(coalesce(heading, '')), 'A')
        || to_tsvector(config, cairn_cjk_bigrams(cairn_text_forms(cairn_split_identifiers(body))))
        || setweight(cairn_identifier_lexemes(body), 'B')
$$;

-- V13's reading of a query, in the same spelling as the chunks.
CREATE OR REPLACE FUNCTION cairn_query_words(q text) RETURNS tsvector
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
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
           END
$$;

-- V9's reading of a query with search syntax, in the same spelling.
CREATE OR REPLACE FUNCTION cairn_query_syntax(q text) RETURNS tsquery
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english')
                THEN websearch_to_tsquery('english', cairn_cjk_bigrams(cairn_text_forms(q)))
                ELSE (SELECT string_agg('(' || websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q)))::text || ')', ' | ')::tsquery
                      FROM (SELECT name FROM text_configs UNION SELECT 'english') cfg
                      WHERE websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(cairn_text_forms(q)))::text <> '')
           END
$$;

-- Indexed again (V4's trigger fires on ts_config): the chunks whose reading can change, those holding a
-- character that NFKC rewrites, a typographic apostrophe or a capital beyond ASCII.
CREATE FUNCTION cairn_text_forms_change(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT t ~ '[^\x01-\x7f]'
       AND (t ~ E'[\u2019\u02bc]' OR normalize(t, NFKC) <> t
            OR lower(t) <> translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))
$$;
-- V15's per-row update trigger would add a -1 and a +1 row a lexeme of every chunk read again (millions
-- on a large library, summed by every search until the next fold): it is off for this statement, and the
-- counts are made again from the chunks afterwards, one row a lexeme, as V15 made them.
ALTER TABLE chunks DISABLE TRIGGER chunks_lexemes_update;
UPDATE chunks SET ts_config = ts_config WHERE cairn_text_forms_change(text) OR cairn_text_forms_change(heading);
ALTER TABLE chunks ENABLE ALWAYS TRIGGER chunks_lexemes_update;
DROP FUNCTION cairn_text_forms_change(text);
DELETE FROM lexeme_counts;
INSERT INTO lexeme_counts (lexeme, chunks)
SELECT w, count(*) FROM chunks, unnest(tsvector_to_array(chunks.tsv)) AS w GROUP BY w;
