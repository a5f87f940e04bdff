-- Which version of its format's reader read a document (docs/decisions/0022): a reader whose
-- change alters what a document becomes (e-mail's attachments turned into documents of their own)
-- has its version raised, and an unchanged file read by an older one is read again once, at the
-- next import or watch run, instead of keeping what the old reader made of it until the file
-- changes. Documents stored before this column existed were read by each format's first reader.
ALTER TABLE documents ADD COLUMN reader_version integer NOT NULL DEFAULT 1;
