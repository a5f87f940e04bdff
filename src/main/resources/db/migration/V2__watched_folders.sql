-- Folders Cairn keeps in step with the library: new, changed and deleted files under them are
-- picked up on their own (dev.cairn.ingest.FolderWatcher). Kept here, not in a settings file, so
-- the list survives restarts and travels with the database.
CREATE TABLE watched_folders (
    path               text PRIMARY KEY CHECK (length(path) BETWEEN 1 AND 4096),
    added_at           timestamptz NOT NULL DEFAULT now(),
    -- when a full pass over the folder last finished; null until the first one
    last_reconciled_at timestamptz,
    state              text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'FAILED')),
    -- why the last pass or the watch itself failed, in words a person can act on; null when ACTIVE
    error              text,
    CHECK ((state = 'FAILED') = (error IS NOT NULL))
);
