package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.platform.AppDirs;
import dev.cairn.store.Database;
import dev.cairn.store.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DoctorCommandTest {

    @TempDir
    Path home;

    @Test
    void reportsVersionsSizesAndCountsAsOneJsonObject() throws Exception {
        JsonNode first = doctorJson();
        assertThat(first.get("postgres").asText()).startsWith("17.");
        assertThat(first.get("pgvector").asText()).isEqualTo("0.8.0");
        assertThat(first.get("data_dir").asText()).isEqualTo(home.toString());
        assertThat(first.get("database_dir").asText())
                .isEqualTo(home.resolve("pg").toString());
        assertThat(first.get("documents").asLong()).as("no schema yet").isZero();
        assertThat(first.get("chunks").asLong()).isZero();
        assertThat(first.get("database_bytes").asLong()).isPositive();
        assertThat(first.has("start_ms")).isTrue();
        assertThat(first.has("vector_index")).as("no chunks table yet").isFalse();

        try (Database db = Database.bundled(new AppDirs(home));
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE documents (id int)");
            s.execute("CREATE TABLE chunks (id int)");
            s.execute("INSERT INTO documents VALUES (1), (2)");
            s.execute("INSERT INTO chunks SELECT generate_series(1, 5)");
        }
        JsonNode second = doctorJson();
        assertThat(second.get("documents").asLong()).isEqualTo(2);
        assertThat(second.get("chunks").asLong()).isEqualTo(5);
        assertThat(second.get("vector_index").asText()).isEqualTo("exact scan (no index)");
        assertThat(second.get("vector_index_building").isNull()).isTrue();
    }

    @Test
    void printsAReadableReportByDefault() {
        String out = run("doctor", "--data-dir", home.toString());
        assertThat(out)
                .contains(
                        "PostgreSQL",
                        "pgvector        0.8.0",
                        home.resolve("pg").toString(),
                        "Chunks");
    }

    @Test
    void saysTheLibraryIsPrivateAndChecksummed() throws Exception {
        JsonNode report = doctorJson();
        assertThat(report.get("data_checksums").asBoolean()).isTrue();
        assertThat(report.get("private").asBoolean()).isTrue();
        assertThat(report.get("readable_by_others")).isEmpty();
        assertThat(run("doctor", "--data-dir", home.toString())).contains("Checksums       on", "Private         yes");
    }

    @Test
    void verifyReadsEverythingAndNamesWhatIsWrongInWords() throws Exception {
        try (Database db = Database.bundled(new AppDirs(home))) {
            Schema.migrate(db.dataSource());
        }
        assertThat(run("doctor", "--data-dir", home.toString(), "--verify"))
                .contains(
                        "Verify: the library is intact.",
                        "every checksum matched",
                        "B-tree indexes consistent",
                        "Every chunk belongs to a document.",
                        "Every indexed document has its chunks.");

        try (Database db = Database.bundled(new AppDirs(home));
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO documents (path, content_sha256, media_type, size_bytes, mtime, status) "
                    + "VALUES ('/notes/lost.md', sha256('x'), 'text/markdown', 1, now(), 'indexed')");
            // Foreign keys are triggers; a replica session skips them, as damage would.
            s.execute("SET session_replication_role = replica");
            s.execute("INSERT INTO chunks (document_id, ordinal, text, char_start, char_end, token_count, model_id) "
                    + "VALUES (4242, 0, 'orphan', 0, 6, 1, 'gone')");
        }
        StringWriter out = new StringWriter();
        CommandLine cmd = CairnCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(new StringWriter()));
        assertThat(cmd.execute("doctor", "--data-dir", home.toString(), "--verify"))
                .isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "Verify: problems found.",
                        "1 chunks belong to no document",
                        "Indexed documents without any chunks, so search never finds them: /notes/lost.md");
    }

    private JsonNode doctorJson() throws Exception {
        String out = run("doctor", "--data-dir", home.toString(), "--json");
        assertThat(out.strip().lines()).hasSize(1);
        return new ObjectMapper().readTree(out);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = CairnCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute(args)).as("stderr: %s", err).isZero();
        return out.toString();
    }
}
