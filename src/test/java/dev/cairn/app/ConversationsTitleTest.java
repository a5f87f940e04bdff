package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A thread is titled by its first question: on one line, and cut at a word when long. */
class ConversationsTitleTest {

    @Test
    void aShortQuestionIsTheTitleOnOneLine() {
        assertThat(Conversations.title("  How many walkers\n sleep in   the hut? "))
                .isEqualTo("How many walkers sleep in the hut?");
    }

    @Test
    void aLongQuestionIsCutAtAWord() {
        String question = "Which of the huts along the northern route between the pass and the glacier are open in "
                + "early June, and do they take bookings by telephone?";

        String title = Conversations.title(question);

        assertThat(title)
                .hasSizeLessThanOrEqualTo(Conversations.TITLE_CHARS)
                .endsWith(" early June…")
                .startsWith("Which of the huts along the northern route");
    }
}
