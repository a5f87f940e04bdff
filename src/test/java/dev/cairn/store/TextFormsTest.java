package dev.cairn.store;

import static dev.cairn.store.Fixtures.storeText;
import static dev.cairn.store.Fixtures.textsFound;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * One spelling of the same text in the index and the query (migration V16,
 * docs/decisions/0025-languages.md): no-break spaces, typographic apostrophes, capitals beyond ASCII
 * and half-width or full-width forms meet their usual spelling.
 */
@ResourceLock(TestDatabase.LOCK)
class TextFormsTest {

    private final DataSource dataSource = TestDatabase.dataSource();

    @AutoClose
    private final ChunkStore store = new ChunkStore(dataSource);

    TextFormsTest() {
        TestDatabase.resetWithMiniLmActive(); // each test starts from an empty library
    }

    @Test
    void aFrenchQueryWithAnAsciiApostropheFindsAPassageWrittenWithATypographicOne() {
        storeText(store, "/docs/reseau.md", "fr", "Relancez l’interface réseau après avoir changé d’adresse.");
        storeText(store, "/docs/paquets.md", "fr", "Les paquets sont installés par apt.");

        assertThat(textsFound(store, "l'interface"))
                .containsExactly("Relancez l’interface réseau après avoir changé d’adresse.");
        assertThat(textsFound(store, "interfaces"))
                .as("the elided article is a word of its own, so the noun meets its other forms")
                .containsExactly("Relancez l’interface réseau après avoir changé d’adresse.");
        assertThat(textsFound(store, "l’adresse"))
                .containsExactly("Relancez l’interface réseau après avoir changé d’adresse.");
    }

    @Test
    void aWordBesideANoBreakSpaceIsTheWordItself() {
        storeText(
                store,
                "/docs/qui.md",
                "fr",
                "Qui se trouve sur le système\u00a0? Le nom «\u202fhostname\u202f» le dit.");
        storeText(store, "/docs/autre.md", "fr", "Une autre page sans rapport.");

        assertThat(textsFound(store, "hostname"))
                .containsExactly("Qui se trouve sur le système\u00a0? Le nom «\u202fhostname\u202f» le dit.");
        assertThat(textsFound(store, "Nom de machine (« hostname »)"))
                .as("the query's guillemets with no-break spaces inside")
                .containsExactly("Qui se trouve sur le système\u00a0? Le nom «\u202fhostname\u202f» le dit.");
        assertThat(single("SELECT cairn_query_words('système\u00a0?')::text"))
                .as("the French and the English stem, neither holding the space")
                .isEqualTo("'system':1 'systèm':1");
    }

    @Test
    void aCapitalBeyondAsciiMeetsItsSmallLetter() {
        storeText(store, "/docs/echo.md", "fr", "Écho colorisé de l’interpréteur de commandes.");
        storeText(store, "/docs/uebersicht.md", "de", "Eine Übersicht der Pakete.");

        assertThat(textsFound(store, "un écho")).containsExactly("Écho colorisé de l’interpréteur de commandes.");
        assertThat(textsFound(store, "ÉCHO")).containsExactly("Écho colorisé de l’interpréteur de commandes.");
        assertThat(textsFound(store, "übersicht")).containsExactly("Eine Übersicht der Pakete.");
    }

    @Test
    void halfWidthKanaAndFullWidthLettersMeetTheirUsualForms() {
        storeText(store, "/docs/ja.md", "ja", "ﾌｧｲﾙｼｽﾃﾑを ＵＴＦ－８ で確認します。");

        assertThat(textsFound(store, "ファイルシステム")).containsExactly("ﾌｧｲﾙｼｽﾃﾑを ＵＴＦ－８ で確認します。");
        assertThat(textsFound(store, "utf-8")).containsExactly("ﾌｧｲﾙｼｽﾃﾑを ＵＴＦ－８ で確認します。");
    }

    @Test
    void anEnglishPossessiveWithATypographicApostropheIsItsNoun() {
        storeText(store, "/docs/en.md", "en", "The user’s account is created when the system is installed.");
        storeText(store, "/docs/other.md", "en", "Tests take a while.");

        assertThat(textsFound(store, "users"))
                .containsExactly("The user’s account is created when the system is installed.");
        assertThat(textsFound(store, "user's account"))
                .containsExactly("The user’s account is created when the system is installed.");
        assertThat(single("SELECT cairn_query_words('Running tests quickly')::text"))
                .as("an English library still reads an ASCII query as before")
                .isEqualTo(single("SELECT to_tsvector('english', 'Running tests quickly')::text"));
    }

    @Test
    void aChunkIndexedBeforeTheNewSpellingIsReadInItWhenIndexedAgain() {
        storeText(store, "/docs/echo.md", "fr", "Écho colorisé.");
        // As migration V9 or an older server left it: the capital kept.
        execute("UPDATE chunks SET tsv = to_tsvector('french', text)");
        assertThat(textsFound(store, "écho")).isEmpty();

        execute("UPDATE chunks SET ts_config = ts_config"); // what V16 does to such chunks
        assertThat(textsFound(store, "écho")).containsExactly("Écho colorisé.");
    }

    private void execute(String sql) {
        Jdbc.withConnection(dataSource, "update", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return ps.executeUpdate();
            }
        });
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
