-- A plain-words search's per-chunk ranking (V18's cairn_word_ranks) in C, where the server has Cairn's
-- extension cairn_rank: the bundled server does (packaging/pgvector/cairn_rank); an external one keeps
-- V18's PL/pgSQL function. The same figure to the bit and the same errors, for far less work a call: a search
-- ranks 300-500 chunks (docs/decisions/0026, addendum stop 26). The wrapper is a one-expression SQL function, so the
-- planner writes the C call in its place; its body is parsed now, so the server knows it depends on the extension.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'cairn_rank') THEN
        CREATE EXTENSION IF NOT EXISTS cairn_rank;
        CREATE OR REPLACE FUNCTION cairn_word_ranks(v tsvector, words tsquery[], weights real[], saturation float8)
        RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN cairn_word_ranks_c(v, words, weights, saturation);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    NULL; -- an external server where this user may not create extensions: the PL/pgSQL function stays
END
$$;
