package dev.cairn.store;

/**
 * Counts and on-disk sizes.
 *
 * @param tableBytes    heap and TOAST of Cairn's tables, without indexes
 * @param indexBytes    all indexes of Cairn's tables
 * @param databaseBytes the whole database, as {@code pg_database_size} reports it
 */
public record StoreStats(
        long documents, long chunks, long cachedEmbeddings, long tableBytes, long indexBytes, long databaseBytes) {}
