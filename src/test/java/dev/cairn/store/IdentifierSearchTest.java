package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.unitVector;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Full text that respects identifiers, headings and word order (migration V4 and
 * {@link SearchSql#textCte}): each test stores a few chunks and asks which comes first.
 */
@ResourceLock(TestDatabase.LOCK)
class IdentifierSearchTest {

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    private final Random random = new Random(5);

    @BeforeEach
    void anEmptyLibrary() {
        TestDatabase.resetWithMiniLmActive();
    }

    @Test
    void anIdentifierQueryFindsTheChunkThatHasItWholeAboveChunksWithItsParts() {
        store(
                "Notes",
                "The os module finds the path; join the parts of a path with the path module, as os does.",
                "Call os.path.join to build a path from its parts.",
                "Set read_timeout when a server answers slowly.",
                "Read the timeout from the settings; read it again before the timeout expires.",
                "Pass --dry-run to see what would change.",
                "A dry run changes nothing; run it dry first.",
                "Logs rotate by time with TimedRotatingFileHandler.",
                "A timed handler rotating the file: the handler for a file rotating on time.");

        assertThat(texts("os.path.join"))
                .containsExactly(
                        "Call os.path.join to build a path from its parts.",
                        "The os module finds the path; join the parts of a path with the path module, as os does.");
        assertThat(texts("read_timeout"))
                .containsExactly(
                        "Set read_timeout when a server answers slowly.",
                        "Read the timeout from the settings; read it again before the timeout expires.");
        assertThat(texts("--dry-run"))
                .containsExactly(
                        "Pass --dry-run to see what would change.", "A dry run changes nothing; run it dry first.");
        assertThat(texts("TimedRotatingFileHandler"))
                .containsExactly(
                        "Logs rotate by time with TimedRotatingFileHandler.",
                        "A timed handler rotating the file: the handler for a file rotating on time.");
    }

    @Test
    void anIdentifierIsAlsoFoundByItsPartsAndByTheEndOfItsPath() {
        store(
                "Notes",
                "Call os.path.join to build a path.",
                "Logs rotate by time with TimedRotatingFileHandler.",
                "Call loop.call_soon_threadsafe from another thread.",
                "Nothing here but prose about gardens.");

        assertThat(firstText("path.join")).contains("os.path.join");
        assertThat(firstText("rotating file handler")).contains("TimedRotatingFileHandler");
        assertThat(firstText("asyncio.loop.call_soon_threadsafe")).contains("call_soon_threadsafe");
        assertThat(firstText("call soon threadsafe")).contains("call_soon_threadsafe");
        // Quoted, the identifier is a phrase of its parts, and still found.
        assertThat(firstText("\"os.path.join\"")).contains("os.path.join");
    }

    @Test
    void anIdentifierExcludedWithAMinusLeavesOutTheChunksThatHoldIt() {
        assertThat(SearchSql.quoteExcludedIdentifiers("path -os.path.join -word -\"a.b\" x-y.z"))
                .as("an excluded identifier is quoted whole; a word or a hyphenated name is left as it is")
                .isEqualTo("path -\"os.path.join\" -word -\"a.b\" x-y.z");
        assertThat(SearchSql.quoteExcludedIdentifiers("\"java -Dfoo.bar\" -os.path.join \"use -a.b here\""))
                .as("inside quotes the minus is the phrase's own")
                .isEqualTo("\"java -Dfoo.bar\" -\"os.path.join\" \"use -a.b here\"");
        store(
                "Notes",
                "Call os.path.join to build a path.",
                "A path is built from its parts.",
                "Logs rotate by time with TimedRotatingFileHandler.",
                "Logs rotate by size.");

        assertThat(texts("path -os.path.join")).containsExactly("A path is built from its parts.");
        assertThat(texts("logs -TimedRotatingFileHandler")).containsExactly("Logs rotate by size.");
    }

    @Test
    void aHeadingMatchOutranksABodyMatch() {
        long documentId =
                store.upsertDocument(document("/docs/network.md", "network")).id();
        store.replaceChunks(
                documentId,
                MINILM,
                List.of(
                        chunk(0, "Other settings", "Proxies are read from the environment as well."),
                        chunk(1, "Configuring proxies", "Set the address and the port of the server to use."),
                        chunk(2, "Timeouts", "How long to wait for an answer.")));

        assertThat(store.fullTextSearch("proxies", 3))
                .extracting(ChunkHit::heading)
                .containsExactly("Configuring proxies", "Other settings");
    }

    @Test
    void theExactPhraseOutranksTheSameWordsApart() {
        store(
                "Queues",
                "A class for a queue: synchronized access, one queue, one class of items.",
                "A synchronized queue class for threads, with a queue and a class of items.");

        assertThat(firstText("synchronized queue class")).startsWith("A synchronized queue class");
    }

    private void store(String heading, String... texts) {
        long documentId = store.upsertDocument(document("/docs/" + heading + ".md", String.join("\n", texts)))
                .id();
        List<NewChunk> chunks = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(chunk(i, heading, texts[i]));
        }
        store.replaceChunks(documentId, MINILM, chunks);
    }

    private NewChunk chunk(int ordinal, String heading, String text) {
        return new NewChunk(
                ordinal,
                text,
                heading,
                null,
                ordinal * 100,
                ordinal * 100 + text.length(),
                20,
                unitVector(random, DIM));
    }

    private List<String> texts(String query) {
        return store.fullTextSearch(query, 10).stream().map(ChunkHit::text).toList();
    }

    private String firstText(String query) {
        List<ChunkHit> hits = store.fullTextSearch(query, 10);
        assertThat(hits).as("hits for %s", query).isNotEmpty();
        return hits.getFirst().text();
    }
}
