-- Progressive indexing (docs/decisions/0013-progressive-indexing.md): a chunk is stored with its
-- text first and gets its vector later, from the background embedding stage. A chunk without a
-- vector is exactly one whose "embedding IS NULL"; this partial index lists them in id order, so
-- the stage finds its next batch, and the status bar counts what is left, without scanning the table.
-- A vector of another model than the active one is never searched; it is cleared here (and on every
-- later switch, by ModelRegistry.activate), so that "no vector yet" has one meaning.
UPDATE chunks SET embedding = NULL
WHERE embedding IS NOT NULL AND model_id IS DISTINCT FROM (SELECT model_id FROM models WHERE active);

CREATE INDEX chunks_unembedded ON chunks (id) WHERE embedding IS NULL;
