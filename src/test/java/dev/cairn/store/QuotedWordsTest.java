package dev.cairn.store;

import static dev.cairn.store.Fixtures.DIM;
import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunk;
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
 * Quotes in a query, on the bundled PostgreSQL: written as search syntax they make a phrase required;
 * inside a sentence or a heading they are typography, and the query is read as words.
 */
@ResourceLock(TestDatabase.LOCK)
class QuotedWordsTest {

    @AutoClose
    private final ChunkStore store = new ChunkStore(TestDatabase.dataSource());

    @BeforeEach
    void notesOnArchives() {
        TestDatabase.resetWithMiniLmActive();
        Random random = new Random(5);
        List<NewChunk> chunks = new ArrayList<>();
        String[] texts = {
            "The top level Release file of an archive lists the checksums of its index files.",
            "Release notes say what changed in a version.",
            "An idempotent command leaves the system as it found it when run twice.",
            "Sourdough needs a lively starter; spring tides come at new and full moon."
        };
        for (int i = 0; i < texts.length; i++) {
            chunks.add(chunk(i, texts[i], unitVector(random, DIM)));
        }
        long id = store.upsertDocument(document("/docs/notes.md", "notes")).id();
        store.replaceChunks(id, MINILM, chunks);
    }

    @Test
    void quotesAreSyntaxOnlyWhenTheQueryIsWrittenAsSyntax() {
        assertThat(SearchSql.usesSearchSyntax("\"spring tides\"")).isTrue();
        assertThat(SearchSql.usesSearchSyntax("\"spring tides\" \"full moon\"")).isTrue();
        assertThat(SearchSql.usesSearchSyntax("\"spring tides\" or \"full moon\""))
                .isTrue();
        assertThat(SearchSql.usesSearchSyntax("\"spring tides\" OR sourdough")).isTrue();
        assertThat(SearchSql.usesSearchSyntax(
                        "Bootstrapping the \"pip\" installer into a Python installation or" + " virtual environment"))
                .as("a natural-language or")
                .isFalse();
        assertThat(SearchSql.usesSearchSyntax("moon -tides")).isTrue();
        assertThat(SearchSql.usesSearchSyntax("tides OR moon")).isTrue();
        assertThat(SearchSql.usesSearchSyntax("Top level \"Release\" file and authenticity"))
                .isFalse();
        assertThat(SearchSql.usesSearchSyntax("What does \"idempotent\" mean?")).isFalse();
        assertThat(SearchSql.usesSearchSyntax("トップレベルの \"Release\" ファイルと信憑性")).isFalse();
        assertThat(SearchSql.usesSearchSyntax("plain words")).isFalse();
    }

    @Test
    void aHeadingWithQuotedWordsFindsItsPassageWithoutHoldingEveryWord() {
        // As syntax, every word was required: no passage says "authenticity", so nothing was found.
        assertThat(store.fullTextSearch("Top level \"Release\" file and authenticity", 5))
                .extracting(ChunkHit::text)
                .first()
                .asString()
                .startsWith("The top level Release file");
        assertThat(store.fullTextSearch("What does \"idempotent\" mean?", 5))
                .extracting(ChunkHit::text)
                .first()
                .asString()
                .startsWith("An idempotent command");
    }

    @Test
    void aQueryWrittenAsSyntaxStillRequiresItsPhrases() {
        assertThat(store.fullTextSearch("\"level Release\"", 5))
                .extracting(ChunkHit::text)
                .singleElement()
                .asString()
                .startsWith("The top level Release file");
        assertThat(store.fullTextSearch("\"release notes\" or \"idempotent command\"", 5))
                .hasSize(2);
        assertThat(store.fullTextSearch("\"notes release\"", 5)).isEmpty();
    }
}
