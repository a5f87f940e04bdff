-- Cairn's full-text ranking in C; migration V19 makes cairn_word_ranks call it where the server has it.
\echo Use "CREATE EXTENSION cairn_rank" to load this file. \quit

CREATE FUNCTION cairn_word_ranks_c(v tsvector, words tsquery[], weights real[], saturation float8) RETURNS float8
AS 'MODULE_PATHNAME', 'cairn_word_ranks_c'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
