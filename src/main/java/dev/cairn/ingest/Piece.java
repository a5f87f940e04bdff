package dev.cairn.ingest;

/** A run of document text that stays whole inside a chunk, where it starts, and its tokens; runs tile the document text. */
record Piece(String text, long start, int tokens) {}
