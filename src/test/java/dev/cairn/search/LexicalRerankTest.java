package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.ChunkHit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lexical rerank reads where the query's words stand in each candidate; the retrievals' order is its prior. */
class LexicalRerankTest {

    private final LexicalRerank rerank = new LexicalRerank(40, 0.05, RankFusion.DEFAULT_K);

    @Test
    void aPassageHoldingEveryWordOutranksAHeadingHoldingOne() {
        assertThat(order(
                        "storm in March",
                        hit(1, "II. The Storm", "The mainsail tore at midnight."),
                        hit(2, "Slide 2 — Results (notes)", "Mention the storm in March."),
                        hit(3, "I. The Harbour", "Gulls over the quay.")))
                .containsExactly(2L, 1L, 3L);
    }

    @Test
    void aWordTheQueryExcludesLiftsNoPassage() {
        assertThat(order(
                        "python -running",
                        hit(1, "Python", "Python is a language."),
                        hit(2, "Scripts", "Running python scripts quickly.")))
                .as("the passage holding the excluded word is not lifted over the first")
                .containsExactly(1L, 2L);
        assertThat(QueryWords.of("python -running \"a -b.c\" --dry-run").terms())
                .contains("python", "dry-run")
                .doesNotContain("running");
        assertThat(QueryWords.of("--dry-run").identifiers()).containsExactly(List.of("--dry-run"));
    }

    @Test
    void betweenTwoCandidatesTheWordsInTheTextDecide() {
        // why | query | first heading | first text | second heading | second text | which comes first
        String pairs = """
                the words together outrank the same words apart | synchronized queue class \
                | Queues | A queue is synchronized by a lock; a class may wrap it. \
                | Queues | The synchronized queue class is thread-safe. | 2
                an identifier named whole outranks its parts apart | how to use os.path.join \
                | Paths | Join the path to the os module's base directory. \
                | os.path | os.path.join(a, *p) joins one or more path segments. | 2
                a last part named alone counts when it is an identifier | the loop of asyncio.Server.get_loop \
                | Servers | A server has a loop of its own, and you can get it. \
                | Server objects | get_loop() returns the event loop the server runs on. | 2
                a query of identifiers alone keeps the full text's order | abc.ABCMeta \
                | abc — Abstract Base Classes | class abc.ABCMeta: a metaclass for defining ABCs. \
                | collections.abc | Each of these derives from abc.ABCMeta, as abc.ABCMeta says. | 1
                """;
        for (String line : pairs.strip().split("\n")) {
            String[] f = line.split("\\s*\\|\\s*");
            assertThat(order(f[1], hit(1, f[2], f[3]), hit(2, f[4], f[5])).getFirst())
                    .as(f[0])
                    .isEqualTo(Long.parseLong(f[6].strip()));
        }
    }

    @Test
    void theFusedOrderStandsWhereTheWordsSayNothing() {
        List<ChunkHit> fused = List.of(
                hit(1, "Glaciers", "Ice moves downhill."),
                hit(2, "Huts", "The warden lives in the valley."),
                hit(3, "Birds", "Eagles hunt marmots."));

        assertThat(ids(rerank.rerank("what is it", fused))).containsExactly(1L, 2L, 3L);
        assertThat(ids(rerank.rerank("snow bridges", fused))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void onlyTheFirstCandidatesAreReorderedAndTheRestStayBelowThem() {
        List<ChunkHit> fused = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            fused.add(hit(i, "Notes", i == 6 ? "the storm in March" : "nothing here " + i));
        }
        List<ChunkHit> reranked = new LexicalRerank(3, 0.05, RankFusion.DEFAULT_K).rerank("storm in March", fused);

        assertThat(ids(reranked)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(reranked).extracting(ChunkHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void nonsenseSettingsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new LexicalRerank(0, 0.05, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("were 0");
    }

    private static ChunkHit hit(long id, String heading, String text) {
        return new ChunkHit(
                id,
                id,
                "/notes/" + id + ".txt",
                "Notes " + id,
                heading,
                null,
                0,
                text.length(),
                text,
                1.0 / id,
                "text/plain",
                null,
                "en",
                "english");
    }

    private List<Long> order(String query, ChunkHit... fused) {
        return ids(rerank.rerank(query, List.of(fused)));
    }

    private static List<Long> ids(List<ChunkHit> hits) {
        return hits.stream().map(ChunkHit::chunkId).toList();
    }
}
