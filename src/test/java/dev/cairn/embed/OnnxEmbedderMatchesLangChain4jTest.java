package dev.cairn.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's vectors equal those of LangChain4j's in-process models of the same name (cosine 0.9999 or
 * more): the same ONNX graphs reached through independent tokenization, tensor and pooling code.
 *
 * <p>How LangChain4j treats long text, read from its {@code OnnxBertBiEncoder}: it tokenizes with the
 * bundled tokenizer.json, whose truncation it keeps (all-MiniLM-L6-v2's json truncates at 128 tokens;
 * BGE's json has none, so DJL's default limit of 512 applies), then splits what is left into parts of
 * 510 tokens and averages them. Since truncation happens first, no text ever has more than one part,
 * so its long-text vector is the vector of the truncated text. Cairn truncates all-MiniLM-L6-v2 at 256
 * tokens (its sentence-transformers limit) and BGE at 512. So: BGE is compared directly on long text;
 * all-MiniLM-L6-v2 long text is compared twice, with the named LangChain4j model against our vector
 * of the same 128-token prefix, and with LangChain4j's generic {@link OnnxEmbeddingModel} over the same
 * graph and a tokenizer.json whose limit is 256, against our own truncation.
 *
 * <p>LangChain4j rejects blank text ("Cannot embed empty or whitespace-only text"); Cairn defines its
 * vector as the model's vector of an empty input, tested in {@link OnnxEmbedderTest}.
 */
class OnnxEmbedderMatchesLangChain4jTest {

    private static final double SAME = 0.9999;

    @Test
    void allMiniLmVectorsEqualLangChain4jOnVariedTexts() {
        OnnxEmbedder ours = RealModels.get(ModelSpec.ALL_MINILM_L6_V2);
        EmbeddingModel oracle = new AllMiniLmL6V2EmbeddingModel();
        List<String> texts = OracleTexts.shortAndMedium();
        assertThat(texts).hasSizeGreaterThanOrEqualTo(50);

        assertAllEqual(texts, ours.embedAll(texts), oracle);
    }

    @Test
    void bgeVectorsEqualLangChain4jOnVariedTextsIncludingTruncatedLongText() {
        OnnxEmbedder ours = RealModels.get(ModelSpec.BGE_SMALL_EN_V15_Q);
        EmbeddingModel oracle = new BgeSmallEnV15QuantizedEmbeddingModel();
        List<String> texts = new ArrayList<>(OracleTexts.shortAndMedium());
        texts.add(OracleTexts.thousandWords());
        assertThat(ours.tokenizer().countTokens(OracleTexts.thousandWords())).isGreaterThan(512);

        assertAllEqual(texts, ours.embedAll(texts), oracle);
    }

    @Test
    void bgeQueriesCarryTheQueryInstructionLangChain4jLeavesToTheCaller() {
        OnnxEmbedder ours = RealModels.get(ModelSpec.BGE_SMALL_EN_V15_Q);
        EmbeddingModel oracle = new BgeSmallEnV15QuantizedEmbeddingModel();
        String query = "how do lighthouses warn ships";

        float[] expected = oracle.embed(ModelSpec.BGE_SMALL_EN_V15_Q.queryPrefix() + query)
                .content()
                .vector();

        assertThat(VectorMath.cosine(ours.embedQuery(query), expected)).isGreaterThanOrEqualTo(SAME);
        assertThat(VectorMath.cosine(ours.embed(query), expected)).isLessThan(SAME);
    }

    @Test
    void allMiniLmLongTextEqualsLangChain4jAtItsOwn128TokenTruncation() {
        OnnxEmbedder ours = RealModels.get(ModelSpec.ALL_MINILM_L6_V2);
        String longText = OracleTexts.thousandWords();
        Tokens tokens = ours.tokenizer().tokenize(longText);
        // LangChain4j keeps [CLS] + 126 tokens + [SEP]; the same 126 tokens are this prefix of the text.
        String prefix = longText.substring(0, tokens.ends()[125]);
        assertThat(ours.tokenizer().tokenize(prefix).ids()).isEqualTo(Arrays.copyOf(tokens.ids(), 126));

        float[] expected =
                new AllMiniLmL6V2EmbeddingModel().embed(longText).content().vector();

        assertThat(VectorMath.cosine(ours.embed(prefix), expected)).isGreaterThanOrEqualTo(SAME);
    }

    @Test
    void allMiniLmLongTextEqualsLangChain4jGivenTheSame256TokenLimit(@TempDir Path dir) throws Exception {
        OnnxEmbedder ours = RealModels.get(ModelSpec.ALL_MINILM_L6_V2);
        ModelFiles.Bundled files = (ModelFiles.Bundled) ModelSpec.ALL_MINILM_L6_V2.files();
        Path graph = copyResource(files.onnxResource(), dir);
        Path tokenizer = copyResource(files.tokenizerResource(), dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(tokenizer.toFile());
        ((ObjectNode) config.get("truncation")).put("max_length", 256);
        config.putNull("padding");
        json.writeValue(tokenizer.toFile(), config);
        EmbeddingModel oracle = new OnnxEmbeddingModel(graph, tokenizer, PoolingMode.MEAN);
        String longText = OracleTexts.thousandWords();
        List<String> texts = List.of(
                longText,
                longText.substring(0, 900),
                OracleTexts.shortAndMedium().get(17));

        assertAllEqual(texts, ours.embedAll(texts), oracle);
    }

    private static void assertAllEqual(List<String> texts, List<float[]> ours, EmbeddingModel oracle) {
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = oracle.embed(texts.get(i)).content().vector();
            assertThat(VectorMath.cosine(ours.get(i), expected))
                    .as("cosine for text %d: %s", i, abbreviate(texts.get(i)))
                    .isGreaterThanOrEqualTo(SAME);
        }
    }

    private static Path copyResource(String name, Path dir) throws Exception {
        Path target = dir.resolve(name);
        try (InputStream in =
                OnnxEmbedderMatchesLangChain4jTest.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
