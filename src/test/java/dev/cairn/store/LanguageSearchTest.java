package dev.cairn.store;

import static dev.cairn.store.Fixtures.MINILM;
import static dev.cairn.store.Fixtures.chunkIn;
import static dev.cairn.store.Fixtures.document;
import static dev.cairn.store.Fixtures.storeText;
import static dev.cairn.store.Fixtures.textsFound;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Full text in each chunk's language (migration V9, docs/decisions/0025-languages.md): a chunk is
 * indexed with its language's stemmer, Chinese and Japanese as character pairs, and a query is read
 * with every language the library holds, less the words one of them drops as a stop word (V13).
 */
@ResourceLock(TestDatabase.LOCK)
class LanguageSearchTest {

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    LanguageSearchTest() {
        TestDatabase.resetWithMiniLmActive(); // each test starts from an empty library
    }

    @Test
    void aGermanChunkIsFoundByAnotherFormOfItsWords() {
        storeText(store, "/docs/konto.md", "de", "Das Benutzerkonto wird bei der Installation angelegt.");
        storeText(store, "/docs/account.md", null, "The user account is created when the system is installed.");

        assertThat(single("SELECT string_agg(ts_config, ',' ORDER BY id) FROM chunks"))
                .isEqualTo("german,english");
        assertThat(single("SELECT language FROM documents WHERE path = '/docs/konto.md'"))
                .isEqualTo("de");
        assertThat(single("SELECT language FROM documents WHERE path = '/docs/account.md'"))
                .isNull();
        assertThat(single("SELECT string_agg(name, ',') FROM text_configs")).isEqualTo("german");
        // "Installationen" and "Installation" share the German stem; English reads them as two words.
        assertThat(textsFound(store, "Installationen"))
                .containsExactly("Das Benutzerkonto wird bei der Installation angelegt.");
        assertThat(textsFound(store, "installing accounts"))
                .containsExactly("The user account is created when the system is installed.");
        assertThat(store.fullTextSearch("Installationen", 5).getFirst().language())
                .isEqualTo("de");
    }

    @Test
    void aTwoCharacterWordIsFoundInChineseAndJapaneseText() {
        storeText(store, "/docs/zh.md", "zh", "使用 shell 提示符来输入命令。");
        storeText(store, "/docs/ja.md", "ja", "ブートストラッププロセスの概要を説明します。");
        storeText(store, "/docs/en.md", null, "The shell prompt is where commands are typed.");

        assertThat(single("SELECT string_agg(ts_config, ',' ORDER BY id) FROM chunks"))
                .isEqualTo("simple,simple,english");
        assertThat(textsFound(store, "提示")).containsExactly("使用 shell 提示符来输入命令。");
        assertThat(textsFound(store, "提示符")).containsExactly("使用 shell 提示符来输入命令。");
        assertThat(textsFound(store, "概要")).containsExactly("ブートストラッププロセスの概要を説明します。");
        assertThat(textsFound(store, "プロセス")).containsExactly("ブートストラッププロセスの概要を説明します。");
        assertThat(textsFound(store, "shell prompt").getFirst())
                .isEqualTo("The shell prompt is where commands are typed.");
    }

    @Test
    void anEnglishLibraryReadsAQueryExactlyAsBefore() {
        storeText(store, "/docs/en.md", "en", "Running the tests takes a while.");

        assertThat(single("SELECT cairn_query_words('Running tests quickly')::text"))
                .isEqualTo(single("SELECT to_tsvector('english', 'Running tests quickly')::text"));
        assertThat(single("SELECT cairn_query_syntax('\"running tests\" -slowly')::text"))
                .isEqualTo(single("SELECT websearch_to_tsquery('english', '\"running tests\" -slowly')::text"));

        storeText(store, "/docs/de.md", "de", "Die Tests laufen eine Weile.");
        assertThat(single("SELECT cairn_query_words('neue Benutzerkonten')::text"))
                .as("the German stems join the English ones, each at its place in the query")
                .isEqualTo("'benutzerkont':2 'benutzerkonten':2 'neu':1 'neue':1");
    }

    @Test
    void aWordThatALanguageOfTheLibraryDropsAsAStopWordIsNotSearchedInTheOthers() {
        storeText(store, "/docs/fr.md", "fr", "Configuration de sudo pour l’administrateur.");
        // A command listing in a French page, detected as English: "de" is a word there.
        storeText(store, "/docs/listing.md", "en", "Options de sudo -l -u root de base");
        storeText(store, "/docs/en.md", "en", "A de facto standard.");

        assertThat(single("SELECT cairn_query_words(cairn_split_identifiers('Configuration de sudo'))::text"))
                .isEqualTo("'configur':1 'sudo':3");
        assertThat(textsFound(store, "de sudo"))
                .as("only sudo is searched")
                .containsExactlyInAnyOrder(
                        "Configuration de sudo pour l’administrateur.", "Options de sudo -l -u root de base");
        assertThat(single("SELECT cairn_query_words(cairn_split_identifiers('de la'))::text"))
                .as("a query of nothing but stop words is read as before")
                .isEqualTo("'de':1 'la':2");
        assertThat(textsFound(store, "base")).containsExactly("Options de sudo -l -u root de base");
    }

    @Test
    void chunksOfAnotherLanguageInADocumentMakeTheDocumentsLanguageTheMostCommonOne() {
        DocumentInfo info = document("/docs/mixed.md", "mixed");
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(List.of(
                    chunkIn(0, "Erster Teil.", "de"), chunkIn(1, "Second part.", "en"), chunkIn(2, "Dritter.", "de")));
            write.commit(info);
        }
        assertThat(single("SELECT language FROM documents")).isEqualTo("de");
        assertThat(store.listDocuments().getFirst().language()).isEqualTo("de");
        assertThat(single("SELECT string_agg(ts_config, ',' ORDER BY ordinal) FROM chunks"))
                .isEqualTo("german,english,german");
    }

    private String single(String sql) {
        return Jdbc.withConnection(dataSource, "query", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
