/**
 * The Library page: the documents table and its filter, and the imports that fill it (adding,
 * re-indexing, removing, resuming), through the ingestion gateway.
 */
package dev.cairn.ui.library;
