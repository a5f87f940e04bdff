package dev.cairn.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.text.Sentences.Rule;
import dev.cairn.text.Sentences.Sentence;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void sentencesKeepTheirOffsets() {
        String text = "  Cairns mark trails. They are stacks of stones!  Are they old? Yes.";
        var sentences = Sentences.split(text, Rule.BREAK_ITERATOR);
        assertThat(sentences)
                .extracting(Sentences.Sentence::text)
                .containsExactly("Cairns mark trails.", "They are stacks of stones!", "Are they old?", "Yes.");
        for (var s : sentences) {
            assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
        }
    }

    @Test
    void tilesCoverTheTextWithTheWhiteSpaceAfterEachSentence() {
        String text = "  He said \"Stop.\" Then left!\n\n第一句。第二句。 Done";
        for (Rule rule : Rule.values()) {
            List<Sentence> tiles = Sentences.tile(text, rule);
            StringBuilder joined = new StringBuilder();
            for (Sentence s : tiles) {
                assertThat(s.start()).as(rule.name()).isEqualTo(joined.length());
                assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
                joined.append(s.text());
            }
            assertThat(joined.toString()).as(rule.name()).isEqualTo(text);
        }
        assertThat(Sentences.tile(text, Rule.PUNCTUATION))
                .extracting(Sentence::text)
                .containsExactly("  He said \"Stop.\" ", "Then left!\n\n", "第一句。", "第二句。 ", "Done");
    }

    @Test
    void punctuationEndsASentenceAtEveryFullStopAndAtABlankLine() {
        String text = "See e.g. the map. It helps.\n\nHeading\n\nBody text";

        assertThat(Sentences.split(text, Rule.PUNCTUATION))
                .extracting(Sentence::text)
                .containsExactly("See e.g.", "the map.", "It helps.", "Heading", "Body text");
        assertThat(Sentences.split(text, Rule.BREAK_ITERATOR))
                .extracting(Sentence::text)
                .containsExactly("See e.g. the map.", "It helps.", "Heading\n\nBody text");
    }

    @Test
    void aFullStopInsideAWordEndsNothing() {
        assertThat(Sentences.split("Version 2.5 is out. Yes", Rule.PUNCTUATION))
                .extracting(Sentence::text)
                .containsExactly("Version 2.5 is out.", "Yes");
    }

    @Test
    void blankTextHasNoSentences() {
        for (Rule rule : Rule.values()) {
            assertThat(Sentences.split("  \n ", rule)).isEmpty();
            assertThat(Sentences.tile("", rule)).isEmpty();
        }
    }
}
