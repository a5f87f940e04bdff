package dev.cairn.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A chunk's model input put together from tokens computed before (ModelTokenizer.keepAssembled) is
 * exactly the chunk's text encoded and truncated, for every shipped tokenizer; a tokenizer that
 * cannot promise that has the text tokenized again.
 */
class AssembledInputsTest {

    private static final List<String> TEXTS = List.of(
            "Glaciers move slowly downhill under their own weight.",
            "Café, naïve, Ångström — a résumé on the façade; Straße and ÆØÅ.",
            "中文文本没有空格，按字切分。日本語の文章もある。한국어 문장도.",
            "Rockets 🚀 and smiles 😀 are not in the vocabulary, 👍🏽 neither.",
            "A literal [SEP], [CLS], [MASK] and [UNK] in the text itself.",
            "SELECT relname, relkind FROM pg_class WHERE relname ~ '^pg_' ORDER BY 1;",
            "word ".repeat(600).strip()); // longer than any model's limit: truncated

    static List<ModelSpec> shippedModels() {
        return ModelSpec.all();
    }

    @ParameterizedTest
    @MethodSource("shippedModels")
    void anInputPutTogetherFromTheTokensIsTheTextEncoded(ModelSpec spec) {
        try (ModelTokenizer tokenizer = ModelTokenizer.load(spec)) {
            assertThat(tokenizer.assemblesInputs())
                    .as("every shipped tokenizer is BERT's")
                    .isTrue();
            for (String text : TEXTS) {
                int counted =
                        tokenizer.keepAssembled(text, tokenizer.tokenize(text).ids());

                assertThat(counted).isEqualTo(tokenizer.countTokens(text));
                assertThat(ModelInputs.taken(tokenizer, text))
                        .as("%s: %s", spec.id(), text)
                        .isEqualTo(ModelInputs.encodedAfresh(spec, text));
            }
            assertThat(tokenizer.assembledInputs()).isEqualTo(TEXTS.size());
            assertThat(tokenizer.reusedInputs()).isEqualTo(TEXTS.size());
        }
    }

    @Test
    void thePassagePrefixGoesBetweenTheClassTokenAndTheText() {
        ModelSpec prefixed = withPassagePrefix("passage: ");
        try (ModelTokenizer tokenizer = ModelTokenizer.load(prefixed)) {
            assertThat(tokenizer.assemblesInputs()).isTrue();
            for (String text : TEXTS) {
                int counted =
                        tokenizer.keepAssembled(text, tokenizer.tokenize(text).ids());

                assertThat(counted)
                        .as("the prefix is not counted against the chunk")
                        .isEqualTo(tokenizer.countTokens(text));
                assertThat(ModelInputs.taken(tokenizer, text))
                        .as(text)
                        .isEqualTo(ModelInputs.encodedAfresh(prefixed, text));
            }
        }
    }

    @Test
    void aPrefixThatRunsIntoTheTextHasEachChunkTokenizedAgain() {
        ModelSpec glued = withPassagePrefix("passage:");
        try (ModelTokenizer tokenizer = ModelTokenizer.load(glued)) {
            assertThat(tokenizer.assemblesInputs()).isFalse();
            String text = "huts and cols";

            int counted = tokenizer.keepAssembled(text, new long[] {1, 2, 3});

            assertThat(counted).isEqualTo(tokenizer.countTokens(text));
            assertThat(ModelInputs.taken(tokenizer, text)).isEqualTo(ModelInputs.encodedAfresh(glued, text));
            assertThat(tokenizer.assembledInputs()).isZero();
        }
    }

    @Test
    void aTokenizerThatReadsAcrossWhiteSpaceHasEachChunkTokenizedAgain(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config;
        try (InputStream in = ModelSpec.ALL_MINILM_L6_V2.files().openTokenizer()) {
            config = (ObjectNode) json.readTree(in);
        }
        // SentencePiece's way: white space becomes part of the next token
        config.set(
                "pre_tokenizer",
                json.readTree("{\"type\": \"Metaspace\", \"replacement\": \"\u2581\", \"prepend_scheme\": \"always\","
                        + " \"split\": true}"));
        Files.writeString(dir.resolve(ModelFiles.InFolder.TOKENIZER), json.writeValueAsString(config));
        ModelSpec spec = new ModelSpec(
                "sentencepiece-like",
                new ModelFiles.InFolder(dir),
                Pooling.MEAN,
                true,
                256,
                "",
                "",
                384,
                1,
                List.of("en"));
        try (ModelTokenizer tokenizer = ModelTokenizer.load(spec)) {
            assertThat(tokenizer.assemblesInputs()).isFalse();
            String text = "huts and cols";

            int counted = tokenizer.keepAssembled(text, new long[] {1, 2, 3});

            assertThat(counted).isEqualTo(tokenizer.countTokens(text));
            assertThat(ModelInputs.taken(tokenizer, text)).isEqualTo(ModelInputs.encodedAfresh(spec, text));
            assertThat(tokenizer.assembledInputs()).isZero();
        }
    }

    private static ModelSpec withPassagePrefix(String prefix) {
        ModelSpec m = ModelSpec.ALL_MINILM_L6_V2;
        return new ModelSpec(
                "minilm-with-prefix",
                m.files(),
                m.pooling(),
                true,
                m.maxTokens(),
                "query: ",
                prefix,
                m.dimension(),
                m.maxBatch(),
                List.of("*"));
    }
}
