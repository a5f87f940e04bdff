-- Language-aware full text (docs/decisions/0025-languages.md, issue 21).
-- Ingest detects each chunk's language and writes the matching text-search configuration into
-- chunks.ts_config ('german', 'french', ...; 'simple' for a language PostgreSQL does not stem); the
-- trigger of V4 indexes the chunk with it. Here: the document's language, the list of
-- configurations the library holds (a query is read with each), and Chinese, Japanese and Korean
-- read as overlapping character pairs, so that a two-character word is a lexeme of its own.

-- The language most of a document's chunks are in (ISO 639-1), or NULL where none was detected.
ALTER TABLE documents ADD COLUMN language text;

-- The text-search configurations the chunks were indexed with: a few rows, read by every query
-- (cairn_query_words). A configuration stays listed after its last chunk is gone: a query then
-- also asks for that language's stems, which match nothing.
CREATE TABLE text_configs (name text PRIMARY KEY);
INSERT INTO text_configs SELECT DISTINCT ts_config FROM chunks;

CREATE FUNCTION cairn_note_text_config() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM text_configs WHERE name = NEW.ts_config) THEN
        INSERT INTO text_configs VALUES (NEW.ts_config) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
-- English chunks (most libraries' only ones) cost no lookup: english is always read (below).
CREATE TRIGGER chunks_text_config AFTER INSERT OR UPDATE OF ts_config ON chunks
    FOR EACH ROW WHEN (NEW.ts_config <> 'english') EXECUTE FUNCTION cairn_note_text_config();
ALTER TABLE chunks ENABLE ALWAYS TRIGGER chunks_text_config;

-- Runs of Han, kana and Hangul written as their overlapping character pairs ("提示符" -> "提示 示符"),
-- one pair a word; a lone character stays as it is. Text without them is returned unchanged.
CREATE FUNCTION cairn_cjk_bigrams(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    run text;
    pairs text;
    out text := '';
    rest text := t;
    at integer;
BEGIN
    IF t !~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]' THEN
        RETURN t;
    END IF;
    FOR run IN SELECT m[1] FROM regexp_matches(t, '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+)', 'g') AS m
    LOOP
        at := strpos(rest, run);
        pairs := run;
        IF length(run) > 1 THEN
            SELECT string_agg(substr(run, i, 2), ' ' ORDER BY i) INTO pairs FROM generate_series(1, length(run) - 1) AS i;
        END IF;
        out := out || substr(rest, 1, at - 1) || ' ' || pairs || ' ';
        rest := substr(rest, at + length(run));
    END LOOP;
    RETURN out || rest;
END
$$;

-- V4's chunk lexemes, with CJK runs read as pairs; for text without them, the same as before.
CREATE OR REPLACE FUNCTION cairn_tsv(config regconfig, heading text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(config, cairn_cjk_bigrams(cairn_split_identifiers(coalesce(heading, ''))))
                     || cairn_identifier_lexemes(coalesce(heading, '')), 'A')
        || to_tsvector(config, cairn_cjk_bigrams(cairn_split_identifiers(body)))
        || setweight(cairn_identifier_lexemes(body), 'B')
$$;

-- A query's words read with every configuration of the library and English: the union of their
-- lexemes, each at the positions it has in the query. With English alone (an English library) it
-- is exactly to_tsvector('english', ...), so English ranks as before.
CREATE FUNCTION cairn_query_words(q text) RETURNS tsvector
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english')
                THEN to_tsvector('english', cairn_cjk_bigrams(q))
                ELSE (SELECT coalesce(string_agg(
                          '''' || replace(replace(w.lexeme, chr(92), chr(92) || chr(92)), '''', '''''') || ''':'
                          || w.positions, ' '), '')::tsvector
                      FROM (SELECT u.lexeme, string_agg(DISTINCT p::text, ',') AS positions
                            FROM (SELECT name FROM text_configs UNION SELECT 'english') cfg,
                                 unnest(to_tsvector(cfg.name::regconfig, cairn_cjk_bigrams(q))) AS u,
                                 unnest(u.positions) AS p
                            GROUP BY u.lexeme) w)
           END
$$;

-- A query with search syntax (quotes, OR, -word), read with each configuration: any reading matches.
CREATE FUNCTION cairn_query_syntax(q text) RETURNS tsquery
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM text_configs WHERE name <> 'english')
                THEN websearch_to_tsquery('english', cairn_cjk_bigrams(q))
                ELSE (SELECT string_agg('(' || websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(q))::text || ')', ' | ')::tsquery
                      FROM (SELECT name FROM text_configs UNION SELECT 'english') cfg
                      WHERE websearch_to_tsquery(cfg.name::regconfig, cairn_cjk_bigrams(q))::text <> '')
           END
$$;

-- Chunks holding CJK characters are indexed again with the pairs (the trigger of V4 fires on ts_config).
UPDATE chunks SET ts_config = ts_config
WHERE text ~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]'
   OR heading ~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]';
