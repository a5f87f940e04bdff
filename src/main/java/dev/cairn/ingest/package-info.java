/** Parsing files, splitting them into chunks, and the ingestion pipeline. */
package dev.cairn.ingest;
