package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How hard an approximate vector index searches: {@code hnsw.ef_search} (candidates HNSW keeps
 * while walking its graph) and {@code ivfflat.probes} (lists IVFFlat scans). Higher means better
 * recall and slower queries; {@link IndexTuner} picks them from a measured recall target.
 */
public record SearchSettings(int efSearch, int probes) {

    /** pgvector's own defaults. */
    public static final SearchSettings PGVECTOR_DEFAULTS = new SearchSettings(40, 1);

    public SearchSettings {
        if (efSearch < 1 || efSearch > 1000) {
            throw new IllegalArgumentException("hnsw.ef_search must be 1..1000, got " + efSearch);
        }
        if (probes < 1 || probes > 32_768) {
            throw new IllegalArgumentException("ivfflat.probes must be 1..32768, got " + probes);
        }
    }

    public SearchSettings withEfSearch(int n) {
        return new SearchSettings(n, probes);
    }

    public SearchSettings withProbes(int n) {
        return new SearchSettings(efSearch, n);
    }

    /** The settings in force on {@code c}'s session; pgvector's defaults for those not set (or not numbers). */
    static SearchSettings current(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT current_setting('hnsw.ef_search', true), current_setting('ivfflat.probes', true)");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new SearchSettings(
                    intOr(rs.getString(1), PGVECTOR_DEFAULTS.efSearch()),
                    intOr(rs.getString(2), PGVECTOR_DEFAULTS.probes()));
        }
    }

    private static int intOr(String value, int fallback) {
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The session {@code SET}s; only this record's validated integers reach the SQL. */
    String setStatements(boolean local) {
        String set = local ? "SET LOCAL " : "SET ";
        return set + "hnsw.ef_search = " + efSearch + "; " + set + "ivfflat.probes = " + probes;
    }
}
