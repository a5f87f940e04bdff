-- Watched folders in the window (issue 17): a folder can be paused, which is kept here so that the
-- window, `cairn watch run` and the next start all see it; and the list says when the watch last
-- changed the library from the folder (a file indexed, changed or removed), which is also how a
-- process that does not watch learns that another one changed documents under the folder.
ALTER TABLE watched_folders
    ADD COLUMN paused         boolean NOT NULL DEFAULT false,
    ADD COLUMN last_change_at timestamptz;
