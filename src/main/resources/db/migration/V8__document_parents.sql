-- Documents inside a file (docs/decisions/0017-mail.md): an e-mail's attachments are documents of
-- their own, searchable and cited as such, but they have no file. Each keeps a link to the document
-- of the file it came from; deleting that document deletes them, and the ingest replaces them in the
-- same transaction as their message. Numbered 8: main already has V4 (identifier-aware text
-- search) and V7 (threads), and Flyway refuses a lower number on a database that is past it.
ALTER TABLE documents
    ADD COLUMN parent_id bigint REFERENCES documents (id) ON DELETE CASCADE,
    -- where it is in its parent, in words: "attachment of 'Quarterly numbers'"
    ADD COLUMN part_of   text,
    ADD CONSTRAINT documents_part_has_place CHECK ((parent_id IS NULL) = (part_of IS NULL));

CREATE INDEX documents_parent ON documents (parent_id) WHERE parent_id IS NOT NULL;
