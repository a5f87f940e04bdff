package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTextTest {

    record Hit(String doc, String id) {}

    @Test
    void rankFusionRewardsItemsBothListsAgreeOn() {
        List<String> vector = List.of("a", "b", "c", "d");
        List<String> text = List.of("c", "e", "a");
        var fused = RankFusion.fuse(List.of(vector, text), s -> s, RankFusion.DEFAULT_K);
        assertThat(fused).extracting(RankFusion.Fused::item).containsExactly("a", "c", "b", "e", "d");
        assertThat(fused.get(0).score()).isEqualTo(1.0 / 61 + 1.0 / 63);
        assertThat(fused.get(0).ranks()).containsExactly(1, 3);
        assertThat(fused.get(3).ranks()).containsExactly(0, 2);
    }

    @Test
    void capPerGroupPutsAtMostNChunksOfOneDocumentAheadAndTheRestOnlyWhereNothingElseFills() {
        List<Hit> ranked = List.of(
                new Hit("x", "1"),
                new Hit("x", "2"),
                new Hit("x", "3"),
                new Hit("y", "4"),
                new Hit("x", "5"),
                new Hit("z", "6"));
        assertThat(RankFusion.capPerGroup(ranked, Hit::doc, 2, 4))
                .extracting(Hit::id)
                .containsExactly("1", "2", "4", "6");
        assertThat(RankFusion.capPerGroup(ranked, Hit::doc, 2, 10))
                .as("x's third and fourth fill the places no other document takes, after the others")
                .extracting(Hit::id)
                .containsExactly("1", "2", "4", "6", "3", "5");
        assertThat(RankFusion.capPerGroup(ranked, Hit::doc, 2, 3))
                .extracting(Hit::id)
                .containsExactly("1", "2", "4");
    }

    @Test
    void queryTermsDropStopWordsAndFoldPlurals() {
        assertThat(QueryTerms.of("What are the Stones of the Cairn's trails?"))
                .containsExactly("stone", "cairn", "trail");
    }

    @Test
    void snippetCentresOnTheTermsAndHighlightsThem() {
        String filler = "Lorem ipsum dolor sit amet consectetur. ".repeat(20);
        String text = filler + "A cairn is a human-made pile of stones, often marking trails. " + filler;
        Snippet snippet = Snippet.of(text, QueryTerms.of("cairn stones trails"), 160);
        assertThat(snippet.text()).startsWith("…").endsWith("…").hasSizeLessThanOrEqualTo(160 + 45);
        assertThat(snippet.marked("[", "]")).contains("[cairn]", "[stones]", "[trails]");
        for (var span : snippet.highlights()) {
            assertThat(snippet.text().substring(span.start(), span.end())).matches("(?i)cairn|stones|trails");
        }
    }

    @Test
    void shortTextsAreTheirOwnSnippet() {
        Snippet snippet = Snippet.of("Stones mark the way.", List.of("stone"), 200);
        assertThat(snippet.marked("<", ">")).isEqualTo("<Stones> mark the way.");
    }
}
