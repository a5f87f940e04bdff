-- How many chunks hold each lexeme, kept by Cairn itself (docs/decisions/0026, addendum of stop 19).
-- The full-text half of a search ranks only the matches of a question's rarer words
-- (dev.cairn.store.SearchSql.textCte); it used to read the words' frequencies from the statistics
-- ANALYZE keeps (pg_stats.most_common_elems: an estimate from a sample, missing for a library not
-- analysed yet, different after every analysis), so two ingests of the same files could rank
-- different chunks. The count here is exact and moves with the chunks in the same transaction.
--
-- A write adds rows, it never updates one: each statement that inserts or deletes chunks adds one
-- row per lexeme it touched (+n or -n), so imports running side by side never wait on each other's
-- common words. A lexeme's count is the sum of its rows; ChunkTable.foldLexemeCounts folds them into
-- one row a lexeme after imports, with the statistics upkeep.
CREATE TABLE lexeme_counts (
    lexeme text NOT NULL,
    chunks integer NOT NULL
);
CREATE INDEX lexeme_counts_lexeme ON lexeme_counts (lexeme);

CREATE FUNCTION cairn_lexeme_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lexeme_counts (lexeme, chunks)
    SELECT w, count(*) FROM new_chunks, unnest(tsvector_to_array(new_chunks.tsv)) AS w GROUP BY w;
    RETURN NULL;
END
$$;

CREATE FUNCTION cairn_lexeme_counts_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lexeme_counts (lexeme, chunks)
    SELECT w, -count(*) FROM old_chunks, unnest(tsvector_to_array(old_chunks.tsv)) AS w GROUP BY w;
    RETURN NULL;
END
$$;

-- Cairn changes a chunk's words only by replacing the chunk; an UPDATE of its text is counted all the same.
CREATE FUNCTION cairn_lexeme_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lexeme_counts (lexeme, chunks)
    SELECT w, -1 FROM unnest(tsvector_to_array(OLD.tsv)) AS w
    UNION ALL
    SELECT w, 1 FROM unnest(tsvector_to_array(NEW.tsv)) AS w;
    RETURN NULL;
END
$$;

CREATE FUNCTION cairn_lexeme_counts_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE lexeme_counts;
    RETURN NULL;
END
$$;

-- Once a statement (a document's COPY, a document's DELETE or its cascade), not once a row.
CREATE TRIGGER chunks_lexemes_insert AFTER INSERT ON chunks REFERENCING NEW TABLE AS new_chunks
    FOR EACH STATEMENT EXECUTE FUNCTION cairn_lexeme_counts_insert();
CREATE TRIGGER chunks_lexemes_delete AFTER DELETE ON chunks REFERENCING OLD TABLE AS old_chunks
    FOR EACH STATEMENT EXECUTE FUNCTION cairn_lexeme_counts_delete();
-- Not on the embedding stage's UPDATE of a chunk's vector.
CREATE TRIGGER chunks_lexemes_update AFTER UPDATE OF heading, text, ts_config, tsv ON chunks
    FOR EACH ROW WHEN (OLD.tsv IS DISTINCT FROM NEW.tsv) EXECUTE FUNCTION cairn_lexeme_counts_update();
CREATE TRIGGER chunks_lexemes_truncate AFTER TRUNCATE ON chunks
    FOR EACH STATEMENT EXECUTE FUNCTION cairn_lexeme_counts_truncate();
-- Like chunks_tsv (V4): a restore or repair with session_replication_role = replica keeps the count.
ALTER TABLE chunks ENABLE ALWAYS TRIGGER chunks_lexemes_insert;
ALTER TABLE chunks ENABLE ALWAYS TRIGGER chunks_lexemes_delete;
ALTER TABLE chunks ENABLE ALWAYS TRIGGER chunks_lexemes_update;
ALTER TABLE chunks ENABLE ALWAYS TRIGGER chunks_lexemes_truncate;

INSERT INTO lexeme_counts (lexeme, chunks)
SELECT w, count(*) FROM chunks, unnest(tsvector_to_array(chunks.tsv)) AS w GROUP BY w;
