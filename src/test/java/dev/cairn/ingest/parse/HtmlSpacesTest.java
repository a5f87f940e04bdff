package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HtmlSpacesTest {

    /** What HtmlParser did with each paragraph before it had collapseSpaces. */
    private static String byPatterns(String text) {
        return text.replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" ?\\n ?", "\n");
    }

    @Test
    void collapsingSpacesGivesWhatTheTwoPatternsGave() {
        char[] alphabet = {'a', 'Z', ' ', ' ', '\t', '\u000B', '\f', '\r', '\n', '\n', '\u00A0', '\u2028', 'é', '字'};
        Random random = new Random(20);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String s = text.toString();
            assertThat(HtmlParser.collapseSpaces(s))
                    .as("%s", s.codePoints().boxed().toList())
                    .isEqualTo(byPatterns(s));
        }
    }

    @Test
    void collapsingSpacesKeepsWordsApartAndDropsSpacesAtLineBreaks() {
        assertThat(HtmlParser.collapseSpaces(" one \t\r two \r\n three \n\n four  "))
                .isEqualTo(" one two\nthree\n\nfour ");
        assertThat(HtmlParser.collapseSpaces("")).isEmpty();
        assertThat(HtmlParser.collapseSpaces(" \n ")).isEqualTo("\n");
    }
}
