package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.ChunkHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The language model's judgement of the top candidates, over a real HTTP server speaking the chat
 * protocol: the plumbing (what is sent, how the reply reorders, what a failure leaves). Whether a real
 * model ranks better cannot be measured without one (docs/decisions/0027-rerank.md).
 */
class ModelRerankTest {

    private FakeChatServer server;
    private ChatGenerator generator;

    @AfterEach
    void close() {
        if (generator != null) {
            generator.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePassagesTheModelNamesMoveToTheTopInItsOrder() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Whole("3, 1"));
        List<ChunkHit> candidates = candidates(4);

        List<ChunkHit> reranked = rerank().rerank("harbour tides", candidates);

        assertThat(reranked).extracting(ChunkHit::chunkId).containsExactly(3L, 1L, 2L, 4L);
        assertThat(reranked).extracting(ChunkHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        FakeChatServer.Request request = server.requests().getFirst();
        assertThat(request.body().get("stream").asBoolean()).isFalse();
        assertThat(request.body().get("temperature").asDouble()).isZero();
        String prompt = request.body().get("messages").get(1).get("content").asText();
        assertThat(prompt)
                .startsWith("Query: harbour tides")
                .contains("[1] Notes 1: passage one about the harbour", "[4] Notes 4: passage four");
    }

    @Test
    void onlyTheFirstTwentyAreSentAndNumbersBeyondThemAreIgnored() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Whole("Passages 25 and 2 are the best; then 2 again."));
        List<ChunkHit> candidates = candidates(30);

        List<ChunkHit> reranked = rerank().rerank("harbour tides", candidates);

        assertThat(reranked.getFirst().chunkId()).isEqualTo(2L);
        assertThat(reranked).hasSize(30);
        String prompt = server.requests()
                .getFirst()
                .body()
                .get("messages")
                .get(1)
                .get("content")
                .asText();
        assertThat(prompt).contains("[20] ").doesNotContain("[21] ");
    }

    @Test
    void aFailingOrUselessModelLeavesTheOrderItWasGiven() throws Exception {
        server = new FakeChatServer(new FakeChatServer.Error(500, "{\"error\": {\"message\": \"model not loaded\"}}"));
        List<ChunkHit> candidates = candidates(5);

        assertThat(rerank().rerank("harbour tides", candidates)).isEqualTo(candidates);

        server.answer(new FakeChatServer.Whole("I cannot tell."));
        assertThat(rerank().rerank("harbour tides", candidates)).isEqualTo(candidates);
    }

    @Test
    void aServerNobodyRunsLeavesTheOrderToo() throws Exception {
        generator = new ChatGenerator(
                new ChatGenerator.Endpoint(
                        "http://127.0.0.1:" + FakeChatServer.closedPort(), "tiny-model", Optional.empty()),
                ChatGenerator.Options.DEFAULT);
        List<ChunkHit> candidates = candidates(3);

        assertThat(new ModelRerank(generator, Reranker.NONE).rerank("harbour tides", candidates))
                .isEqualTo(candidates);
    }

    private ModelRerank rerank() {
        if (generator == null) {
            generator = new ChatGenerator(
                    new ChatGenerator.Endpoint(server.baseUrl(), "tiny-model", Optional.empty()),
                    ChatGenerator.Options.DEFAULT);
        }
        return new ModelRerank(generator, Reranker.NONE);
    }

    private static List<ChunkHit> candidates(int n) {
        String[] words = {"one about the harbour", "two", "three", "four"};
        List<ChunkHit> hits = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String text = "passage " + (i <= 4 ? words[i - 1] : Integer.toString(i));
            hits.add(new ChunkHit(
                    i,
                    i,
                    "/n/" + i + ".txt",
                    "Notes " + i,
                    "Notes " + i,
                    null,
                    0,
                    text.length(),
                    text,
                    1.0 / i,
                    "text/plain",
                    null,
                    "en",
                    "english"));
        }
        return hits;
    }
}
