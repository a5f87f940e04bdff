package dev.cairn.store;

import static dev.cairn.store.Fixtures.storeText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code cairn_word_ranks} gives a chunk the figure, to the bit, that the correlated subquery over the ranking
 * words gave before it (docs/decisions/0026, addendum stop 23), so every search lists the same chunks in the same
 * order with the same scores; on the bundled server it is migration V19's call into the extension {@code
 * cairn_rank} (C), which gives what V18's PL/pgSQL function, kept for external servers, gives.
 */
@ResourceLock(TestDatabase.LOCK)
class WordRanksTest {

    /** The ranking words of a plain-words query, as {@code SearchSql.textCte}'s {@code tq.words}: none at all too. */
    private static final List<String> WORDS = List.of(
            "ARRAY['storm'::tsquery]",
            "ARRAY['storm'::tsquery, 'march'::tsquery, 'harbour'::tsquery]",
            "ARRAY['gull'::tsquery, 'os.path.join'::tsquery, 'path'::tsquery]",
            "ARRAY['absent'::tsquery]",
            "NULL::tsquery[]");

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    WordRanksTest() {
        TestDatabase.resetWithMiniLmActive();
    }

    @Test
    void eachChunkRanksAsTheSubqueryOverItsWordsRankedIt() {
        storeText(store, "/notes/storm.md", "en", "The storm in March tore the mainsail; the storm lasted a week.");
        storeText(
                store,
                "/notes/harbour.md",
                "en",
                "Gulls over the harbour. A storm, then March, then the harbour again.");
        storeText(store, "/code/paths.md", "en", "Call os.path.join to build a path from the path parts.");
        storeText(store, "/notes/quiet.md", "en", "Nothing the query asks for is said here.");

        List<String> compared = new ArrayList<>();
        Jdbc.withConnection(dataSource, "rank words both ways", c -> {
            for (String words : WORDS) {
                try (PreparedStatement ps = c.prepareStatement(("""
                                SELECT c.id, cairn_word_ranks(c.tsv, WORDS, '{0.1, 0.2, 0.4, 1.0}', 0.1),
                                       coalesce((SELECT sum(r / (r + 0.1)) FROM (SELECT ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.tsv, w) AS r
                                                                                FROM unnest(WORDS) w WHERE c.tsv @@ w) z), 0)::float8
                                FROM chunks c ORDER BY c.id""").replace("WORDS", words));
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double function = rs.getDouble(2);
                        double subquery = rs.getDouble(3);
                        compared.add(
                                Double.doubleToRawLongBits(function) == Double.doubleToRawLongBits(subquery)
                                        ? "same " + (function > 0 ? "ranked" : "zero")
                                        : "differs for " + words + ": " + function + " against " + subquery);
                    }
                }
            }
            return null;
        });
        assertThat(compared)
                .hasSize(WORDS.size() * 4)
                .allSatisfy(r -> assertThat(r).startsWith("same"));
        assertThat(compared).as("some chunks rank by the words, others by none").contains("same ranked", "same zero");
    }

    @Test
    void theBundledServerRanksInCInsteadOfPlPgSql() {
        Jdbc.withConnection(dataSource, "read the ranking function", c -> {
            assertThat(Sql.queryString(c, "SELECT extversion FROM pg_extension WHERE extname = 'cairn_rank'"))
                    .isEqualTo("1.0");
            List<String> plan = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery("EXPLAIN (VERBOSE) SELECT cairn_word_ranks(c.tsv, ARRAY['storm'::tsquery],"
                                    + " '{0.1, 0.2, 0.4, 1.0}', 0.1) FROM chunks c")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            assertThat(String.join("\n", plan))
                    .as("the SQL wrapper is written out as the C call in the plan")
                    .contains("cairn_word_ranks_c(tsv");
            return null;
        });
    }

    @Test
    void theCFunctionGivesWhatThePlPgSqlOneGivesToTheBit() throws IOException {
        Random random = new Random(26);
        List<String> vocabulary = List.of(
                "storm", "harbour", "march", "gull", "sail", "rope", "tide", "anchor", "os.path.join", "read_timeout");
        for (int i = 0; i < 40; i++) {
            String text = IntStream.range(0, 5 + random.nextInt(60))
                            .mapToObj(n -> vocabulary.get(random.nextInt(vocabulary.size())))
                            .collect(Collectors.joining(" "))
                    + ".";
            storeText(store, "/notes/n" + i + ".md", "en", text);
        }
        // Beside plain lexemes, the words the C function leaves to ts_rank_cd: a prefix, a label, two lexemes.
        List<String> words = new ArrayList<>(List.of(
                "NULL::tsquery[]",
                "ARRAY[]::tsquery[]",
                "ARRAY['storm'::tsquery, NULL, 'tide'::tsquery]",
                "ARRAY['stor:*'::tsquery, 'tide:A'::tsquery, 'storm & tide'::tsquery, 'gull'::tsquery]"));
        for (int i = 0; i < 30; i++) {
            words.add(IntStream.range(0, 1 + random.nextInt(5))
                    .mapToObj(n -> "'" + vocabulary.get(random.nextInt(vocabulary.size())) + "'::tsquery")
                    .collect(Collectors.joining(", ", "ARRAY[", "]")));
        }
        String plpgsql = v18PlPgSql();
        List<String> compared = new ArrayList<>();
        Jdbc.withConnection(dataSource, "rank words in C and in PL/pgSQL", c -> {
            try (Statement st = c.createStatement()) {
                st.execute(plpgsql);
            }
            for (String w : words) {
                // Cairn's weights, none, a negative one (ts_rank_cd's default instead) and a zero one.
                for (String weights : List.of(
                        "'{0.1, 0.2, 0.4, 1.0}'::real[]",
                        "NULL::real[]",
                        "'{-1, 0.2, 0.4, 1.0}'::real[]",
                        "'{0, 0.5, 0.7, 1.0}'::real[]")) {
                    // Each chunk's words as stored, labelled A, labelled C, and without positions (left to ts_rank_cd);
                    // none.
                    try (PreparedStatement ps =
                                    c.prepareStatement(("""
                                    SELECT cairn_word_ranks(v, WORDS, WEIGHTS, 0.1), pg_temp.word_ranks_plpgsql(v, WORDS, WEIGHTS, 0.1)
                                    FROM (SELECT c.tsv AS v, c.id FROM chunks c
                                          UNION ALL SELECT setweight(c.tsv, 'A'), c.id FROM chunks c
                                          UNION ALL SELECT setweight(c.tsv, 'C'), c.id FROM chunks c
                                          UNION ALL SELECT strip(c.tsv), c.id FROM chunks c
                                          UNION ALL SELECT NULL, 0) x ORDER BY id""").replace("WORDS", w).replace("WEIGHTS", weights));
                            ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            double inC = rs.getDouble(1);
                            boolean nullInC = rs.wasNull();
                            double inPlPgSql = rs.getDouble(2);
                            boolean nullInPlPgSql = rs.wasNull();
                            compared.add(
                                    nullInC == nullInPlPgSql
                                                    && Double.doubleToRawLongBits(inC)
                                                            == Double.doubleToRawLongBits(inPlPgSql)
                                            ? "same " + (nullInC ? "null" : inC > 0 ? "ranked" : "zero")
                                            : "differs for " + w + ", " + weights + ": " + inC + " against "
                                                    + inPlPgSql);
                        }
                    }
                }
            }
            return null;
        });
        assertThat(compared)
                .hasSize(words.size() * 4 * (4 * 40 + 1))
                .allSatisfy(r -> assertThat(r).startsWith("same"));
        assertThat(compared.stream().filter("same ranked"::equals).count())
                .as("most chunks hold some of the words")
                .isGreaterThan(5000);
        assertThat(compared).contains("same zero", "same null");
    }

    @Test
    void theCFunctionAnswersNullAndFailsWhereThePlPgSqlOneDoes() throws IOException {
        storeText(store, "/notes/storm.md", "en", "The storm in March.");
        String plpgsql = v18PlPgSql();
        // A stored word, and the same without positions (ranked 0 by ts_rank_cd), with saturations and weights
        // PL/pgSQL answers null for or fails on (0 / 0, a weight above 1, too few weights), and a negative saturation.
        List<String> calls = List.of(
                "(c.tsv, ARRAY['storm'::tsquery], '{0.1, 0.2, 0.4, 1.0}', NULL)",
                "(strip(c.tsv), ARRAY['storm'::tsquery], '{0.1, 0.2, 0.4, 1.0}', 0)",
                "(c.tsv, ARRAY['storm'::tsquery], '{0, 0, 0, 0}', 0)",
                "(c.tsv, ARRAY['storm'::tsquery], '{2, 2, 2, 2}', NULL)",
                "(c.tsv, ARRAY['storm'::tsquery], '{0.1, 0.2}', 0.1)",
                "(c.tsv, ARRAY['march'::tsquery, 'storm'::tsquery], '{0.1, 0.2, 0.4, 1.0}', -0.1)");
        List<String> answers = new ArrayList<>();
        Jdbc.withConnection(dataSource, "rank words in C and in PL/pgSQL, at the edges", c -> {
            try (Statement st = c.createStatement()) {
                st.execute(plpgsql);
            }
            for (String args : calls) {
                String inC = answer(c, "SELECT cairn_word_ranks" + args + " FROM chunks c");
                String inPlPgSql = answer(c, "SELECT pg_temp.word_ranks_plpgsql" + args + " FROM chunks c");
                answers.add(
                        inC.equals(inPlPgSql)
                                ? "same " + inC
                                : "differs for " + args + ": " + inC + " against " + inPlPgSql);
            }
            return null;
        });
        assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("same"));
        assertThat(answers)
                .as("null for no saturation, 0 / 0, a weight above 1, too few weights, and a figure")
                .containsExactly(
                        "same null",
                        "same error 22012",
                        "same error 22012",
                        "same error 22023",
                        "same error 2202E",
                        answers.getLast());
        assertThat(answers.getLast()).startsWith("same value");
    }

    /** V18's PL/pgSQL function, as shipped, as {@code pg_temp.word_ranks_plpgsql}: the session's own. */
    private static String v18PlPgSql() throws IOException {
        String v18 = Files.readString(Path.of("src/main/resources/db/migration/V18__search_costs_of_no_use.sql"));
        return v18.substring(v18.indexOf("CREATE FUNCTION cairn_word_ranks("))
                .replace("CREATE FUNCTION cairn_word_ranks(", "CREATE OR REPLACE FUNCTION pg_temp.word_ranks_plpgsql(");
    }

    /** The one value {@code sql} gives, "null", or the SQLSTATE it fails with; in a savepoint, so the session goes on. */
    private static String answer(Connection c, String sql) throws SQLException {
        Savepoint before = c.getAutoCommit() ? null : c.setSavepoint();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            double value = rs.getDouble(1);
            return rs.wasNull() ? "null" : "value " + value;
        } catch (SQLException e) {
            if (before != null) {
                c.rollback(before);
            }
            return "error " + e.getSQLState();
        }
    }
}
