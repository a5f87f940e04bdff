/**
 * The composition root: {@link dev.cairn.app.Cairn} wires the core (embed, store, ingest, search)
 * into one library, with the person's settings and the import journal. The CLI and the desktop sit
 * on top of it.
 */
package dev.cairn.app;
