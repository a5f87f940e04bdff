package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.ChunkHit;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rerank reads a passage's words as the snippets do ({@link QueryTerms#find}), without their regular expression. */
class PassageWordsTest {

    @Test
    void aPassageHoldsTheWordsTheSnippetsHighlight() {
        String[] texts = {
            "The Café’s cats's whiskers: naïve CAFES and 42 Gärten.",
            "Résumé writing; resumes, résumés and the resume-builder's tips.",
            "Ⅻ chapters, ½ cup, x² and the 3rd edition (1999-2001).",
            "don't stop—it’s James’ boss's class_name and café_au_lait-style.",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters, e\u0301te\u0301 written with combining accents, and ÉTÉ.",
            "",
        };
        String[] queries = {
            "cafe cat whisker naive 42 garten",
            "resume resume-builder tip",
            "chapter cup edition 1999-2001 3rd",
            "don't it boss class_name cafe_au_lait-style jame",
            "letter ete written accent",
            "anything at all",
            "cat",
            "jame",
        };
        for (String text : texts) {
            for (String query : queries) {
                QueryWords words = QueryWords.of(query);
                PassageWords passage = PassageWords.of(hit(text), words, new HashMap<>());
                for (int t = 0; t < words.terms().size(); t++) {
                    String term = words.terms().get(t);
                    assertThat(passage.inText(t))
                            .as("'%s' in \"%s\"", term, text)
                            .isEqualTo(!QueryTerms.find(text, List.of(term)).isEmpty());
                }
            }
        }
    }

    private static ChunkHit hit(String text) {
        return new ChunkHit(
                1,
                1,
                "/notes/1.txt",
                "Notes",
                null,
                null,
                0,
                text.length(),
                text,
                1.0,
                "text/plain",
                null,
                "en",
                "english");
    }
}
