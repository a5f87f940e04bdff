-- A chunk's vector stays in its row (docs/decisions/0013-progressive-indexing.md, addendum
-- "embed-ratio"). A chunk is stored with its text first (~1.6 kB) and gets its 1,544-byte vector
-- later, by an UPDATE; the new row then passes PostgreSQL's 2 kB threshold, so the server
-- compressed the text and moved the vector out to the table's TOAST relation: for every chunk a
-- second heap row, a TOAST index entry and a pglz pass, and for every exact vector search a TOAST
-- look-up per row read. With the threshold at the page's limit, rows (a few kB) stay whole and
-- uncompressed; a row over 8 kB is still compressed and moved out as before. Rows written before
-- keep their layout until they are written again.
ALTER TABLE chunks SET (toast_tuple_target = 8160);
