package dev.cairn.store;

import static dev.cairn.store.Fixtures.storeText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A query is read by the PL/pgSQL functions of migrations V17 and V18 (V18: an English-only library's reading taken
 * first) exactly as V16's SQL functions read it, which were parsed and planned again by every search
 * (docs/decisions/0026, addenda stops 21 and 23).
 */
@ResourceLock(TestDatabase.LOCK)
class QueryReadingTest {

    /** Plain words, search syntax, identifiers, stop words only, other scripts and spellings. */
    private static final List<String> QUERIES = List.of(
            "how does the thing work",
            "what to do when the mock is slow",
            "os.path.join and pathlib.PosixPath",
            "the of and",
            "La commande top\u00a0? l’interface réseau",
            "Die Übersicht der Pakete",
            "Écho colorisé de l'interpréteur",
            "ファイルシステムを確認",
            "\"exact phrase\" OR other -excluded",
            "user’s account, --dry-run",
            "");

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    QueryReadingTest() {
        TestDatabase.resetWithMiniLmActive(); // each test starts from an empty library
    }

    @Test
    void aQueryIsReadAsVersion16ReadItInALibraryOfOneLanguageAndInOneOfSeveral() throws IOException {
        String v16 = migration("V16__text_forms.sql");
        storeText(store, "/docs/en.md", "en", "The user’s account is created when the system is installed.");
        List<String> english = readings(v16);
        assertThat(english).allSatisfy(r -> assertThat(r).startsWith("same"));

        storeText(store, "/docs/fr.md", "fr", "Relancez l’interface réseau après avoir changé d’adresse.");
        storeText(store, "/docs/de.md", "de", "Eine Übersicht der Pakete.");
        storeText(store, "/docs/ja.md", "ja", "ファイルシステムを確認します。");
        List<String> several = readings(v16);
        assertThat(several).allSatisfy(r -> assertThat(r).startsWith("same"));
        assertThat(several)
                .as("the library's other languages read the query too")
                .isNotEqualTo(english);
    }

    @Test
    void theQueryReadingsKeepTheirPlansForTheSession() {
        // A SQL function holding a subquery is never inlined, and its body is planned again by each statement
        // that calls it; a later migration redefining these in SQL would bring that cost back to every search
        // (cairn_word_ranks, V18, runs once a chunk ranked: in SQL it cost 1.5 ms more a search, ADR 0026 stop 23).
        // On the bundled server V19 makes cairn_word_ranks a one-expression SQL function calling cairn_rank's C
        // function, which the planner writes out in its place (WordRanksTest checks the plan): no subquery.
        List<String> found = Jdbc.withConnection(dataSource, "read the functions' language", c -> {
            List<String> languages = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT p.proname || ' ' || l.lanname FROM pg_proc p JOIN pg_language l"
                                    + " ON l.oid = p.prolang WHERE p.proname IN"
                                    + " ('cairn_query_words', 'cairn_query_syntax', 'cairn_word_ranks') ORDER BY 1");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    languages.add(rs.getString(1));
                }
            }
            return languages;
        });
        assertThat(found)
                .containsExactly("cairn_query_syntax plpgsql", "cairn_query_words plpgsql", "cairn_word_ranks sql");
    }

    /**
     * Each query's reading by today's functions and by {@code v16}'s, made temporary on the same session:
     * "same: WORDS | SYNTAX" when both agree, else both readings.
     */
    private List<String> readings(String v16) {
        return Jdbc.withConnection(dataSource, "read queries as version 16 did", c -> {
            define(c, v16, "cairn_query_words", "tsvector");
            define(c, v16, "cairn_query_syntax", "tsquery");
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT cairn_query_words(cairn_split_identifiers(?))::text, pg_temp.v16_cairn_query_words(cairn_split_identifiers(?))::text,"
                            + " cairn_query_syntax(cairn_split_identifiers(?))::text, pg_temp.v16_cairn_query_syntax(cairn_split_identifiers(?))::text")) {
                for (String q : QUERIES) {
                    for (int i = 1; i <= 4; i++) {
                        ps.setString(i, q);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        boolean same = rs.getString(1).equals(rs.getString(2))
                                && String.valueOf(rs.getString(3)).equals(String.valueOf(rs.getString(4)));
                        out.add(
                                same
                                        ? "same: " + rs.getString(1) + " | " + rs.getString(3)
                                        : "differs for " + q + ": " + rs.getString(1) + " against " + rs.getString(2)
                                                + ", " + rs.getString(3) + " against " + rs.getString(4));
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP FUNCTION pg_temp.v16_cairn_query_words(text), pg_temp.v16_cairn_query_syntax(text)");
            }
            return out;
        });
    }

    /** {@code function} as {@code migration} defines it, made a temporary function named v16_{@code function}. */
    private static void define(Connection c, String migration, String function, String returns) throws SQLException {
        Matcher m = Pattern.compile(
                        "CREATE OR REPLACE FUNCTION " + function + "\\(q text\\) RETURNS " + returns
                                + "\\R.*?\\R\\$\\$;",
                        Pattern.DOTALL)
                .matcher(migration);
        assertThat(m.find()).as("%s in the migration", function).isTrue();
        try (Statement st = c.createStatement()) {
            st.execute(m.group().replace("FUNCTION " + function + "(", "FUNCTION pg_temp.v16_" + function + "("));
        }
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = QueryReadingTest.class.getResourceAsStream("/db/migration/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
