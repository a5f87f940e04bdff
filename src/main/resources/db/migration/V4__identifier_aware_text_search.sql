-- Full text that respects identifiers (docs/decisions/0020-identifier-aware-lexical-search.md).
-- The English parser reads os.path.join as one "host" token, get_loop as two words and
-- TimedRotatingFileHandler as one stem: an identifier was matched whole or in parts as the parser
-- happened to cut it, and asyncio.Server.get_loop matched nothing (the host token
-- "asyncio.server.get" followed by "loop"). Now a chunk's words are indexed with identifiers spelled as
-- separate words, each identifier is indexed whole as well (lower case, not stemmed), headings
-- weigh more than body text (weight A), and whole identifiers more than plain words (weight B).
-- The search side (dev.cairn.store.SearchSql) reads a query through the same two functions.
--
-- chunks.tsv stops being a generated column: a trigger fills it when a chunk is inserted (COPY
-- included) and only when its heading, text or text-search configuration change, so the embedding
-- stage's UPDATE of a chunk's vector never analyses its text again. Each chunk names the
-- text-search configuration its words are read with (chunks.ts_config, 'english' for now), so that
-- a language-aware index (issue 21) is a matter of writing another name, not of another rewrite.
-- The configuration's name is kept as text rather than regconfig: a reg* column other than
-- regclass, regrole or regtype stops pg_upgrade.
--
-- This rewrites the chunks table once, holding it locked, and rebuilds its indexes: 6 s for 9,800
-- chunks with an HNSW index, on two busy cores (ADR 0020).

-- The text with identifiers spelled as words: dots and :: between names become spaces
-- (asyncio.Server.get_loop -> asyncio Server get_loop; the parser splits at "_" itself) and
-- camel humps are split (TimedRotatingFileHandler -> Timed Rotating File Handler, ABCMeta -> ABC
-- Meta) where both sides have two letters or more: names such as iPhone and BSkyB stay whole.
CREATE FUNCTION cairn_split_identifiers(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(regexp_replace(t,
        '([A-Za-z0-9_])(\.|::)(?=[A-Za-z_])', '\1 ', 'g'),
        '([A-Za-z][a-z])(?=[A-Z][A-Za-z])', '\1 ', 'g'),
        '([A-Z]{2})(?=[A-Z][a-z])', '\1 ', 'g')
$$;

-- The identifiers in t as lexemes, whole and lower-cased: a name with "_", a dotted or ::
-- path, a camel-case name that cairn_split_identifiers splits, a command-line option (--dry-run). A dotted path also gives each run
-- of its parts, so that os.path.join is found by "path.join" and asyncio.Server.get_loop by
-- "get_loop" (a single part only when it is itself an identifier: the words are indexed anyway).
-- The position is the identifier's ordinal among t's identifiers: enough for ts_rank_cd to count
-- each occurrence. PL/pgSQL because a set-based SQL version cost five times as much per chunk.
CREATE FUNCTION cairn_identifier_lexemes(t text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    token text;
    parts text[];
    k integer := 0;
    n integer;
    lexemes text := '';
BEGIN
    FOR token IN
        SELECT m[1] FROM regexp_matches(t,
            '((?<![A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*'
            || '|[A-Za-z0-9_]*(?:_|[A-Za-z][a-z][A-Z][A-Za-z]|[A-Z]{3}[a-z]|[A-Za-z0-9_](?:\.|::)[A-Za-z_])[A-Za-z0-9_]*(?:(?:\.|::)[A-Za-z_][A-Za-z0-9_]*)*)',
            'g') AS m
    LOOP
        k := k + 1;
        CONTINUE WHEN length(token) > 120;
        parts := string_to_array(replace(token, '::', '.'), '.');
        n := cardinality(parts);
        FOR i IN 1..n LOOP
            FOR j IN i..n LOOP
                -- A path of more than 8 parts (rare) is indexed whole only.
                IF (n <= 8 OR (i = 1 AND j = n)) AND (j > i OR n = 1 OR parts[i] ~ '_|[A-Za-z][a-z][A-Z][A-Za-z]|[A-Z]{3}[a-z]') THEN
                    -- Only [A-Za-z0-9_.:-] reach here: quoting the lexeme needs no escapes.
                    lexemes := lexemes || ' ''' || lower(array_to_string(parts[i:j], '.')) || ''':' || least(k, 16383);
                END IF;
            END LOOP;
        END LOOP;
    END LOOP;
    RETURN lexemes::tsvector;
END
$$;

-- A chunk's lexemes: its heading's words and whole identifiers at weight A, its text's words at D
-- (unlabelled), its text's whole identifiers at B, every word read with the configuration given.
CREATE FUNCTION cairn_tsv(config regconfig, heading text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(config, cairn_split_identifiers(coalesce(heading, '')))
                     || cairn_identifier_lexemes(coalesce(heading, '')), 'A')
        || to_tsvector(config, cairn_split_identifiers(body))
        || setweight(cairn_identifier_lexemes(body), 'B')
$$;

ALTER TABLE chunks ADD COLUMN ts_config text NOT NULL DEFAULT 'english';
ALTER TABLE chunks DROP COLUMN tsv;
-- Computed once for the chunks there are, in the table's one rewrite, then kept as a plain column.
ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (cairn_tsv('english', heading, text)) STORED;
ALTER TABLE chunks ALTER COLUMN tsv DROP EXPRESSION;
ALTER TABLE chunks ALTER COLUMN tsv SET NOT NULL;
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);

CREATE FUNCTION cairn_chunks_tsv() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.tsv := cairn_tsv(NEW.ts_config::regconfig, NEW.heading, NEW.text);
    RETURN NEW;
END
$$;
-- Not on an UPDATE of other columns: the embedding stage writes every chunk's vector after its text.
CREATE TRIGGER chunks_tsv BEFORE INSERT OR UPDATE OF heading, text, ts_config ON chunks
    FOR EACH ROW EXECUTE FUNCTION cairn_chunks_tsv();
-- Also in a session with session_replication_role = replica (a restore, a repair), which skips
-- ordinary triggers: a chunk without its tsv would be refused (NOT NULL), not silently unfindable.
ALTER TABLE chunks ENABLE ALWAYS TRIGGER chunks_tsv;

-- The search reads the lexemes' frequencies from the statistics (SearchSql.textCte); dropping the
-- column dropped them.
ANALYZE chunks;
