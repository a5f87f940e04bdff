package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts and on-disk sizes.
 *
 * @param tableBytes    heap and TOAST of Cairn's tables, without indexes
 * @param indexBytes    all indexes of Cairn's tables
 * @param databaseBytes the whole database, as {@code pg_database_size} reports it
 */
public record StoreStats(
        long documents, long chunks, long cachedEmbeddings, long tableBytes, long indexBytes, long databaseBytes) {

    /** Row counts and on-disk sizes of Cairn's tables and the database, in one query. */
    static StoreStats measure(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                        SELECT (SELECT count(*) FROM documents),
                               (SELECT count(*) FROM chunks),
                               (SELECT count(*) FROM embedding_cache),
                               (SELECT sum(pg_table_size(t)) FROM unnest(ARRAY['documents', 'chunks', 'embedding_cache',
                                    'models']::regclass[]) AS t),
                               (SELECT sum(pg_indexes_size(t)) FROM unnest(ARRAY['documents', 'chunks', 'embedding_cache',
                                    'models']::regclass[]) AS t),
                               pg_database_size(current_database())""");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new StoreStats(
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
        }
    }
}
