package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What {@link VectorIndexUpkeep} reads to decide, each a lookup that reads no vector: whether a
 * chunk waits for one, which index the library has, and about how many rows it holds.
 */
final class VectorIndexCatalog {

    private VectorIndexCatalog() {}

    /**
     * The catalog's facts about the vector index.
     *
     * @param index    the index under {@link VectorIndex#NAME} (None when there is none)
     * @param valid    false only when that index exists and is INVALID (a drop that stopped half-way)
     * @param leftover an index under {@link VectorIndex#BUILD_NAME} that no build is making now
     * @param estimate about how many chunks there are: the larger of the planner's count
     *                 ({@code reltuples}, kept by ANALYZE, VACUUM and index builds) and the statistics'
     *                 live rows (kept by every write, lost in a crash); -1 when neither knows. An
     *                 estimate too high costs an exact count (a change looks due), one too low could
     *                 keep an index that should change.
     */
    record Facts(VectorIndex index, boolean valid, boolean leftover, long estimate) {}

    /** Whether any chunk still waits for its vector: one probe of the partial index of such chunks. */
    static boolean anyChunkWithoutVector(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM chunks WHERE embedding IS NULL)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The facts in one round trip, from the catalog alone. */
    static Facts facts(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pg_get_indexdef(to_regclass(?)::oid),
                       coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)), true),
                       to_regclass(?) IS NOT NULL AND NOT EXISTS
                           (SELECT 1 FROM pg_stat_progress_create_index WHERE relid = 'chunks'::regclass),
                       greatest((SELECT reltuples FROM pg_class WHERE oid = 'chunks'::regclass)::bigint,
                                nullif(pg_stat_get_live_tuples('chunks'::regclass), 0))""")) {
            ps.setString(1, VectorIndex.NAME);
            ps.setString(2, VectorIndex.NAME);
            ps.setString(3, VectorIndex.BUILD_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Facts(VectorIndex.parse(rs.getString(1)), rs.getBoolean(2), rs.getBoolean(3), rs.getLong(4));
            }
        }
    }

    /** {@link VectorIndexUpkeep#state(Connection)}. */
    static VectorIndexUpkeep.State state(Connection c) throws SQLException {
        VectorIndex current = VectorIndex.parse(definition(c, VectorIndex.NAME));
        String building = definition(c, VectorIndex.BUILD_NAME);
        // An index under the build's name whose builder is gone (a kill -9) is a leftover, not a build.
        if (building != null && !lockHeld(c)) {
            building = null;
        }
        return new VectorIndexUpkeep.State(
                current, Optional.ofNullable(building).map(VectorIndex::parse));
    }

    /** Whether some session, this one or another process's, holds the build's lock now. */
    private static boolean lockHeld(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND granted AND objsubid = 2 AND (classid, objid) = (" + VectorIndexUpkeep.KEY + "))")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String definition(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_indexdef(to_regclass(?)::oid)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
