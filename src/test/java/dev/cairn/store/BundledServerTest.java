package dev.cairn.store;

import static dev.cairn.store.DatabaseTest.connect;
import static dev.cairn.store.DatabaseTest.execute;
import static dev.cairn.store.DatabaseTest.ownerOnly;
import static dev.cairn.store.DatabaseTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.platform.AppDirs;
import dev.cairn.platform.BackgroundPriority;
import dev.cairn.platform.Phrase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one running bundled server offers and refuses; the server is shared by these tests. */
class BundledServerTest {

    @TempDir
    static Path home;

    static Database db;
    static int port;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        db = Database.bundled(new AppDirs(home));
        port = Integer.parseInt(queryString(db.dataSource(), "SHOW port"));
        password = Files.readString(home.resolve(BundledBackend.SECRET_FILE)).strip();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void reportsTheBundledVersions() {
        assertThat(db.postgresVersion()).startsWith("17.");
        assertThat(db.pgvectorVersion()).isEqualTo("0.8.0");
        assertThat(db.dataDir()).isEqualTo(home.resolve("pg"));
    }

    @Test
    void theServerRunsAtBackgroundPriorityWhereThreadsHaveNiceValues() throws Exception {
        assumeTrue(BackgroundPriority.currentNice().isPresent(), "Linux only");
        int backend = Integer.parseInt(queryString(db.dataSource(), "SELECT pg_backend_pid()"));
        // Field 19 of /proc/PID/stat, counted after the command name, which ends with the last ')'.
        String stat = Files.readString(Path.of("/proc", String.valueOf(backend), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        int nice = Integer.parseInt(fields[16]);

        assertThat(nice).as("nice value of a server process").isEqualTo(BackgroundPriority.NICE);
    }

    @Test
    void refusesTcpLoginsWithoutTheRightPassword() throws Exception {
        assertThatThrownBy(() -> connect(port, "postgres", null).close()).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect(port, "postgres", "not-the-password").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        try (Connection c = connect(port, "postgres", password)) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void keepsThePasswordPrivateAndNeverTrustsAnyone() throws Exception {
        assertThat(ownerOnly(home.resolve(BundledBackend.SECRET_FILE))).isTrue();
        List<String> rules = Files.readAllLines(home.resolve("pg").resolve("pg_hba.conf")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(rule).endsWith("scram-sha-256"));
        assertThat(queryString(db.dataSource(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(queryString(db.dataSource(), "SHOW fsync")).isEqualTo("on");
    }

    @Test
    void buildsAndUsesHnswAndIvfflatIndexes() throws Exception {
        execute(
                db.dataSource(),
                "CREATE TABLE items (id int PRIMARY KEY, v vector(3))",
                "INSERT INTO items SELECT i, ARRAY[cos(i), sin(i), i % 7]::vector FROM generate_series(1, 500) i",
                "INSERT INTO items VALUES (1000, '[0.6,0.8,9]')",
                "CREATE INDEX items_hnsw ON items USING hnsw (v vector_cosine_ops)",
                "CREATE INDEX items_ivf ON items USING ivfflat (v vector_l2_ops) WITH (lists = 10)");
        try (Connection c = db.dataSource().getConnection();
                var s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            try (var plan = s.executeQuery("EXPLAIN SELECT id FROM items ORDER BY v <=> '[0.6,0.8,9]' LIMIT 1")) {
                StringBuilder text = new StringBuilder();
                while (plan.next()) {
                    text.append(plan.getString(1)).append('\n');
                }
                assertThat(text).contains("items_hnsw");
            }
            try (var rs = s.executeQuery("SELECT id FROM items ORDER BY v <=> '[0.6,0.8,9]' LIMIT 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1000);
            }
        }
    }

    @Test
    void lowercasesNonAsciiTextWhateverTheOsLocale() throws Exception {
        assertThat(queryString(db.dataSource(), "SELECT lower('ÉCLAIR Ünïcode')"))
                .isEqualTo("éclair ünïcode");
    }

    @Test
    void theSameCodeRunsAgainstAnExternalServer() throws Exception {
        execute(db.dataSource(), "CREATE DATABASE elsewhere");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/elsewhere";
        try (Database external = Database.external(url, "postgres", password)) {
            assertThat(external.dataDir()).isNull();
            assertThat(external.pgvectorVersion()).isEqualTo("0.8.0");
            assertThat(queryString(external.dataSource(), "SELECT extname FROM pg_extension WHERE extname = 'vector'"))
                    .isEqualTo("vector");
        }
    }

    @Test
    void anExternalDatabaseNotInUtf8IsRefusedInWords() throws Exception {
        execute(
                db.dataSource(),
                "CREATE DATABASE latin ENCODING 'LATIN1' LOCALE_PROVIDER libc LOCALE 'C' TEMPLATE template0");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/latin";
        try (Database external = Database.external(url, "postgres", password)) {
            assertThatThrownBy(external::dataSource)
                    .isInstanceOf(DatabaseException.class)
                    .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                            .contains(url)
                            .contains("LATIN1")
                            .contains("UTF8"));
        }
    }

    @Test
    void anExternalServerThatRefusesUsSaysWhereCredentialsComeFrom() {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/cairn";
        try (Database external = Database.from(new AppDirs(home.resolve("unused")), url)) {
            assertThatThrownBy(external::dataSource)
                    .isInstanceOf(DatabaseException.class)
                    .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                            .contains(url)
                            .contains(Database.USER_ENV));
        }
        try (Database external = Database.external("postgres://nope", null, null)) {
            assertThatThrownBy(external::dataSource)
                    .isInstanceOf(DatabaseException.class)
                    .satisfies(e -> assertThat(Phrase.english(e.getMessage()))
                            .contains("jdbc:postgresql://HOST:PORT/DATABASE"));
        }
    }
}
