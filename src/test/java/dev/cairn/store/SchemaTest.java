package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.AppDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class SchemaTest {

    /**
     * The migrations libraries made by a released Cairn may hold: Flyway refuses to open a library that
     * lacks a migration numbered below its newest, so a new one must number above all of these (raise
     * the list when a stop ships).
     */
    private static final List<Integer> SHIPPED = List.of(1, 2, 3, 4, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 18);

    @Test
    void aNewMigrationNumbersAboveEveryShippedOneSoOlderLibrariesStillOpen() throws IOException {
        int newestShipped = SHIPPED.getLast();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            List<Integer> upToNewestShipped = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .filter(v -> v <= newestShipped)
                    .sorted()
                    .toList();
            assertThat(upToNewestShipped)
                    .as("migrations numbered at or below V%d, the newest a released library holds", newestShipped)
                    .isEqualTo(SHIPPED);
        }
    }

    @Test
    void migratingAnUpToDateDatabaseChangesNothing() {
        assertThat(Schema.migrate(TestDatabase.dataSource())).isZero();
        assertThat(Schema.migrate(TestDatabase.dataSource())).isZero();
    }

    @Test
    void aRestartedDatabaseKeepsItsDataAndIsNotMigratedAgain(@TempDir Path dataDir) {
        AppDirs dirs = AppDirs.resolve(dataDir);
        long documentId;
        Database first = Database.bundled(dirs);
        try {
            assertThat(Schema.migrate(first.dataSource())).isPositive();
            new ModelRegistry(first.dataSource()).activate(MINILM, DIM);
            ChunkStore store = new ChunkStore(first.dataSource());
            documentId = store.upsertDocument(document("/docs/persisted.md", "persisted"))
                    .id();
            store.replaceChunks(
                    documentId, MINILM, List.of(chunk(0, "survives a restart", unitVector(new Random(1), DIM))));
        } finally {
            first.close();
        }

        Database second = Database.bundled(dirs);
        try {
            assertThat(Schema.migrate(second.dataSource())).isZero();
            ChunkStore store = new ChunkStore(second.dataSource());
            assertThat(store.findById(documentId)).map(DocumentRecord::status).contains(DocumentStatus.INDEXED);
            assertThat(store.fullTextSearch("restart", 5))
                    .extracting(ChunkHit::documentId)
                    .containsExactly(documentId);
            assertThat(new ModelRegistry(second.dataSource()).active()).contains(new EmbeddingModel(MINILM, DIM));
        } finally {
            second.close();
        }
    }

    @Test
    void aLibraryOfVersion3KeepsItsChunksAndFindsIdentifiersWholeAfterMigrating(@TempDir Path dataDir) {
        Database database = Database.bundled(AppDirs.resolve(dataDir));
        try {
            Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations("classpath:db/migration")
                    .target("3")
                    .load()
                    .migrate();
            new ModelRegistry(database.dataSource()).activate(MINILM, DIM);
            ChunkStore store = new ChunkStore(database.dataSource());
            // Written as version 3 had it: today's store writes columns that later versions added.
            long documentId = count(
                    database,
                    "INSERT INTO documents (path, content_sha256, media_type, size_bytes, mtime, status, title)"
                            + " VALUES ('/docs/paths.md', sha256('paths'::bytea), 'text/markdown', 5, now(),"
                            + " 'indexed', 'paths') RETURNING id");
            float[] vector = unitVector(new Random(3), DIM);
            insertChunk(
                    database,
                    documentId,
                    0,
                    "The os module joins the parts of a path, path after path.",
                    unitVector(new Random(4), DIM));
            insertChunk(database, documentId, 1, "Call os.path.join to build a path.", vector);
            // Version 3 read "os.path.join" as one token, so its parts did not find it.
            assertThat(chunksMatching(database, "path & join")).isEqualTo(1);

            assertThat(Schema.migrate(database.dataSource()))
                    .as("V4, V6, V7, V8, V9, V10, V13, V14, V15, V16, V17, V18 and V19 applied")
                    .isEqualTo(13);
            assertThat(store.findById(documentId).orElseThrow().readerVersion())
                    .as("stored before reader versions were kept: read by its format's first reader")
                    .isEqualTo(1);

            assertThat(store.chunksOf(documentId)).hasSize(2);
            assertThat(store.fullTextSearch("os.path.join", 5))
                    .extracting(ChunkHit::text)
                    .hasSize(2)
                    .first()
                    .asString()
                    .contains("os.path.join");
            assertThat(chunksMatching(database, "path & join")).isEqualTo(2);
            assertThat(count(
                            database,
                            "SELECT count(*) FROM chunks WHERE ts_config = 'english'"
                                    + " AND tsv = cairn_tsv('english', heading, text)"))
                    .as("the chunks there were indexed once, as new ones are")
                    .isEqualTo(2);
            assertThat(count(
                            database, "SELECT sum(chunks) FROM lexeme_counts WHERE lexeme IN ('path', 'os.path.join')"))
                    .as("the chunks there counted by their words")
                    .isEqualTo(3);
            assertThat(store.vectorSearch(vector, 1))
                    .extracting(ChunkHit::text)
                    .containsExactly("Call os.path.join to build a path.");
            store.close();
        } finally {
            database.close();
        }
    }

    @Test
    void aLibraryOfVersion15IsReadInOneSpellingWithItsWordCountsOneRowALexeme(@TempDir Path dataDir) {
        Database database = Database.bundled(AppDirs.resolve(dataDir));
        try {
            Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations("classpath:db/migration")
                    .target("15")
                    .load()
                    .migrate();
            new ModelRegistry(database.dataSource()).activate(MINILM, DIM);
            long documentId = count(
                    database,
                    "INSERT INTO documents (path, content_sha256, media_type, size_bytes, mtime, status, title)"
                            + " VALUES ('/docs/forms.md', sha256('forms'::bytea), 'text/markdown', 5, now(),"
                            + " 'indexed', 'forms') RETURNING id");
            insertChunk(
                    database,
                    documentId,
                    0,
                    "Le système\u00a0? Voyez l\u2019interface de l\u2019Écho.",
                    unitVector(new Random(5), DIM));
            insertChunk(database, documentId, 1, "Plain words about a path.", unitVector(new Random(6), DIM));
            long asciiPlace = count(database, PLACE_OF_SECOND);
            assertThat(count(database, INTERFACE))
                    .as("version 15 read l\u2019interface as one word")
                    .isZero();

            assertThat(Schema.migrate(database.dataSource()))
                    .as("V16, V17, V18 and V19 applied")
                    .isEqualTo(4);
            assertThat(count(database, INTERFACE))
                    .as("read again in one spelling")
                    .isEqualTo(1);
            assertThat(count(database, PLACE_OF_SECOND))
                    .as("a chunk of ASCII text is not written again")
                    .isEqualTo(asciiPlace);
            assertThat(count(database, "SELECT count(*) - count(DISTINCT lexeme) FROM lexeme_counts"))
                    .as("one count row a lexeme, none added for the chunks read again")
                    .isZero();
            assertThat(count(
                            database,
                            "SELECT count(*) FROM (SELECT lexeme, chunks FROM lexeme_counts) x"
                                    + " FULL JOIN (SELECT w, count(*) AS n FROM chunks, unnest(tsvector_to_array(tsv)) w"
                                    + " GROUP BY w) y ON x.lexeme = y.w WHERE x.chunks IS DISTINCT FROM y.n"))
                    .as("every lexeme counted as the chunks now hold it")
                    .isZero();
        } finally {
            database.close();
        }
    }

    private static final String INTERFACE = "SELECT count(*) FROM chunks WHERE tsv @@ to_tsquery('french', 'interface')"
            + " OR tsv @@ to_tsquery('english', 'interface')";
    private static final String PLACE_OF_SECOND =
            "SELECT ((ctid::text::point)[0] * 100000 + (ctid::text::point)[1])::bigint FROM chunks WHERE ordinal = 1";

    /** A chunk as version 3 stored it. */
    private static void insertChunk(Database database, long documentId, int ordinal, String text, float[] vector) {
        StringBuilder literal = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            literal.append(i == 0 ? "" : ",").append(vector[i]);
        }
        literal.append(']');
        count(
                database,
                "INSERT INTO chunks (document_id, ordinal, text, char_start, char_end, token_count, model_id, embedding)"
                        + " VALUES (" + documentId + ", " + ordinal + ", ?, 0, " + text.length() + ", 12, '" + MINILM
                        + "', ?::vector) RETURNING 1",
                text,
                literal.toString());
    }

    private static long chunksMatching(Database database, String tsquery) {
        return count(database, "SELECT count(*) FROM chunks WHERE tsv @@ to_tsquery('english', ?)", tsquery);
    }

    private static long count(Database database, String sql, String... parameters) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
