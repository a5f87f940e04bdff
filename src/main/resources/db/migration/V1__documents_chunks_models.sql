-- Cairn's first schema. Runs unchanged on the bundled PostgreSQL 17 and on an external
-- PostgreSQL 13+ that has pgvector installed (CREATE EXTENSION needs the right to create it).
-- chunks.embedding starts at 384 dimensions, the size of both bundled models; ModelRegistry.activate
-- alters the column when a model of another dimension is activated (docs/decisions/0002-schema.md).
-- The number is written out rather than a Flyway placeholder, because Flyway checksums a migration
-- after replacing placeholders and a changed value would fail validation of existing databases.

-- Database creates the extension when it starts (with a clear message when it cannot); this
-- guard keeps the migration complete on its own without a NOTICE when the extension exists.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
        CREATE EXTENSION vector;
    END IF;
END
$$;

CREATE TABLE models (
    model_id     text PRIMARY KEY CHECK (length(model_id) BETWEEN 1 AND 200),
    dimension    integer NOT NULL CHECK (dimension BETWEEN 1 AND 16000),
    active       boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz
);
-- At most one active model: the vector space every stored chunk embedding must belong to.
CREATE UNIQUE INDEX models_one_active ON models (active) WHERE active;

CREATE TABLE documents (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path           text NOT NULL UNIQUE,
    -- NULL only for a file that failed before it could be read.
    content_sha256 bytea CHECK (octet_length(content_sha256) = 32),
    media_type     text NOT NULL,
    size_bytes     bigint NOT NULL CHECK (size_bytes >= 0),
    mtime          timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'indexed', 'failed')),
    error          text,
    page_count     integer CHECK (page_count >= 0),
    title          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    -- A failed document always says why; the library shows the reason instead of a stack trace.
    CONSTRAINT documents_failed_has_error CHECK (status <> 'failed' OR error IS NOT NULL),
    CONSTRAINT documents_read_has_hash CHECK (status = 'failed' OR content_sha256 IS NOT NULL)
);
CREATE INDEX documents_status ON documents (status);

CREATE TABLE chunks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     integer NOT NULL CHECK (ordinal >= 0),
    text        text NOT NULL,
    heading     text,
    page        integer CHECK (page >= 1),
    char_start  integer NOT NULL CHECK (char_start >= 0),
    char_end    integer NOT NULL,
    token_count integer NOT NULL CHECK (token_count >= 0),
    -- The model whose vector space 'embedding' lies in; chunks of any other model than the
    -- active one are stale and wait to be re-embedded (they never take part in vector search).
    model_id    text NOT NULL REFERENCES models (model_id),
    embedding   vector(384),
    tsv         tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(heading, '') || ' ' || text)) STORED,
    CONSTRAINT chunks_span CHECK (char_end >= char_start),
    CONSTRAINT chunks_document_ordinal UNIQUE (document_id, ordinal)
);
-- The unique (document_id, ordinal) index also serves lookups and cascades by document_id.
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);

CREATE TABLE embedding_cache (
    model_id    text NOT NULL,
    text_sha256 bytea NOT NULL CHECK (octet_length(text_sha256) = 32),
    -- No fixed dimension: the model id fixes it, and the cache outlives model switches.
    embedding   vector NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, text_sha256)
);
