/**
 * Watched folders: a {@link dev.cairn.ingest.watch.FolderWatcher} keeps one folder in step with the
 * library (debounced file events to {@link dev.cairn.ingest.IngestPipeline}, removals, and a full
 * reconcile at start, after an overflow and every ten minutes); a
 * {@link dev.cairn.ingest.watch.LibraryWatch} runs one per folder on the list, in the one process
 * that holds the library's {@link dev.cairn.store.WatchLease} (the window or {@code cairn watch run}).
 * The watch list lives in {@link dev.cairn.store.WatchedFolders}.
 */
package dev.cairn.ingest.watch;
