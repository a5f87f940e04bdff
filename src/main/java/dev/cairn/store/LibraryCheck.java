package dev.cairn.store;

import dev.cairn.platform.Phrase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code cairn doctor --verify}: reads the whole library and says in words whether it is intact.
 *
 * <ul>
 *   <li><b>Checksums</b>: every page of every table and index is read through PostgreSQL's buffer
 *       manager (pg_prewarm), which verifies each page's checksum on the way in.</li>
 *   <li><b>Indexes</b>: amcheck compares every B-tree with its table and checks the tables' own
 *       structure, where the server has amcheck.</li>
 *   <li><b>Library</b>: no chunk without its document, no indexed document without chunks.</li>
 * </ul>
 *
 * Extensions it needs and finds missing are created for the check and dropped afterwards.
 */
public final class LibraryCheck {

    /** One check's outcome: {@code ok} false means something is wrong, and {@code words} say what. */
    public record Finding(String check, boolean ok, String words) {}

    private LibraryCheck() {}

    public static List<Finding> run(DataSource dataSource) {
        List<Finding> findings = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> created = new ArrayList<>();
            try {
                findings.add(checksums(c, created));
                findings.add(indexes(c, created));
                findings.addAll(library(c));
            } finally {
                for (String extension : created) {
                    execute(c, "DROP EXTENSION IF EXISTS " + extension);
                }
            }
        } catch (SQLException e) {
            findings.add(new Finding("database", false, Phrase.of("check.unfinished", e.getMessage())));
        }
        return findings;
    }

    private static Finding checksums(Connection c, List<String> created) throws SQLException {
        if (!"on".equals(Sql.queryString(c, "SHOW data_checksums"))) {
            return new Finding("checksums", false, Phrase.of("check.checksumsOff"));
        }
        if (!ensureExtension(c, "pg_prewarm", created)) {
            return new Finding("checksums", true, Phrase.of("check.noPrewarm"));
        }
        List<String> relations = relations(c, "c.relkind IN ('r', 't', 'i', 'm')");
        List<String> damaged = new ArrayList<>();
        long pages = 0;
        for (String relation : relations) {
            try {
                pages += queryLong(c, "SELECT pg_prewarm('" + relation + "'::regclass, 'buffer')");
            } catch (SQLException e) {
                damaged.add(relation + " (" + e.getMessage() + ")");
            }
        }
        long failures = queryLong(
                c, "SELECT coalesce(checksum_failures, 0) FROM pg_stat_database WHERE datname = current_database()");
        if (!damaged.isEmpty() || failures > 0) {
            return new Finding(
                    "checksums",
                    false,
                    Phrase.of(
                            failures > 0 ? "check.damagedCounted" : "check.damaged",
                            damaged.isEmpty() ? Phrase.of("check.noneReadNow") : String.join("; ", damaged),
                            failures));
        }
        return new Finding("checksums", true, Phrase.of("check.checksumsMatch", pages, relations.size()));
    }

    private static Finding indexes(Connection c, List<String> created) throws SQLException {
        if (!ensureExtension(c, "amcheck", created)) {
            return new Finding("indexes", true, Phrase.of("check.noAmcheck"));
        }
        List<String> problems = new ArrayList<>();
        List<String> btrees =
                relations(c, "c.relkind = 'i' AND c.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')");
        for (String index : btrees) {
            try {
                // heapallindexed: every row of the table is found in the index, not only the index's own order.
                execute(c, "SELECT bt_index_check('" + index + "'::regclass, true)");
            } catch (SQLException e) {
                problems.add(index + ": " + e.getMessage());
            }
        }
        List<String> tables = relations(c, "c.relkind IN ('r', 'm')");
        for (String table : tables) {
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT blkno, msg FROM verify_heapam('" + table + "'::regclass) LIMIT 3")) {
                while (rs.next()) {
                    problems.add(table + " block " + rs.getLong(1) + ": " + rs.getString(2));
                }
            } catch (SQLException e) {
                problems.add(table + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            return new Finding("indexes", false, Phrase.of("check.amcheckFound", String.join("; ", problems)));
        }
        return new Finding("indexes", true, Phrase.of("check.amcheckSound", btrees.size(), tables.size()));
    }

    private static List<Finding> library(Connection c) throws SQLException {
        if (Sql.queryString(c, "SELECT to_regclass('chunks')::text") == null) {
            return List.of(new Finding("library", true, Phrase.of("check.noLibrary")));
        }
        long orphans = queryLong(
                c,
                "SELECT count(*) FROM chunks ch WHERE NOT EXISTS "
                        + "(SELECT 1 FROM documents d WHERE d.id = ch.document_id)");
        List<String> empty = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT path FROM documents d "
                        + "WHERE d.status = 'indexed' AND NOT EXISTS (SELECT 1 FROM chunks ch WHERE ch.document_id = d.id) "
                        + "ORDER BY path LIMIT 6")) {
            while (rs.next()) {
                empty.add(rs.getString(1));
            }
        }
        return List.of(
                orphans == 0
                        ? new Finding("chunks", true, Phrase.of("check.chunksOk"))
                        : new Finding("chunks", false, Phrase.of("check.orphans", orphans)),
                empty.isEmpty()
                        ? new Finding("documents", true, Phrase.of("check.documentsOk"))
                        : new Finding(
                                "documents",
                                false,
                                Phrase.of(
                                        empty.size() > 5 ? "check.emptyMore" : "check.empty",
                                        String.join(", ", empty.subList(0, Math.min(5, empty.size()))))));
    }

    private static boolean ensureExtension(Connection c, String name, List<String> created) throws SQLException {
        if (Sql.queryString(c, "SELECT extname FROM pg_extension WHERE extname = '" + name + "'") != null) {
            return true;
        }
        if (Sql.queryString(c, "SELECT name FROM pg_available_extensions WHERE name = '" + name + "'") == null) {
            return false;
        }
        try {
            execute(c, "CREATE EXTENSION " + name);
            created.add(name);
            return true;
        } catch (SQLException e) {
            return false; // not allowed to (an external server without superuser rights)
        }
    }

    /**
     * Quoted names of this database's relations matching {@code where}, the system catalogs
     * included: a damaged catalog page loses a library as surely as a damaged chunk page.
     */
    private static List<String> relations(Connection c, String where) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT c.oid::regclass::text FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relpersistence <> 't' "
                        // Shared catalogs (pg_database...) belong to every database: checked from here too.
                        + "AND " + where + " ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1).replace("'", "''"));
            }
        }
        return names;
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
