package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenizerSanityTest {

    @Test
    void realTokenizerCountsLongTextsWithoutTruncationOrPadding() {
        String word = "knowledge ";
        assertThat(RealTokenizer.COUNTER.count("hello")).isEqualTo(1);
        assertThat(RealTokenizer.COUNTER.count(word.repeat(300))).isEqualTo(300);
        assertThat(RealTokenizer.COUNTER.count("a".repeat(5000))).isEqualTo(1); // WordPiece: over-long word is [UNK]
        assertThat(RealTokenizer.COUNTER.count("\n")).isZero();
    }
}
