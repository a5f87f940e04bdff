package dev.cairn.embed;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The facts about one bundled embedding model. Behaviour differences between models are these
 * values, never branches on the model's name.
 *
 * @param id the stable identifier stored with every vector and used as the setting's value
 * @param onnxResource the ONNX graph, a resource at the classpath root
 * @param tokenizerResource the Hugging Face {@code tokenizer.json}, a resource at the classpath root
 * @param pooling how token vectors become a text vector
 * @param maxTokens the longest input the model sees, special tokens included; longer texts are truncated
 * @param queryPrefix what is put before a search query (empty when the model uses none)
 * @param dimension the length of the vectors the model produces
 * @param maxBatch the most texts one model call may hold; 1 for dynamically quantized (int8) graphs,
 *     which compute one quantization scale over the whole input tensor, so that texts sharing a
 *     call (and their padding) would change each other's vectors
 */
public record ModelSpec(
        String id,
        String onnxResource,
        String tokenizerResource,
        Pooling pooling,
        int maxTokens,
        String queryPrefix,
        int dimension,
        int maxBatch) {

    /** sentence-transformers/all-MiniLM-L6-v2: mean pooling, trained on sequences of up to 256 tokens. */
    public static final ModelSpec ALL_MINILM_L6_V2 = new ModelSpec(
            "all-minilm-l6-v2",
            "all-minilm-l6-v2.onnx",
            "all-minilm-l6-v2-tokenizer.json",
            Pooling.MEAN,
            256,
            "",
            384,
            64);

    /**
     * all-MiniLM-L6-v2 int8-quantised (dynamic quantisation, hence one text per call): a quarter of
     * the graph's size; measured against the fp32 graph in docs/decisions/0008-ingest-speed.md. Its
     * vectors are close to, not the same as, the fp32 model's, so it is a model of its own.
     */
    public static final ModelSpec ALL_MINILM_L6_V2_Q = new ModelSpec(
            "all-minilm-l6-v2-q",
            "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json",
            Pooling.MEAN,
            256,
            "",
            384,
            1);

    /** BAAI/bge-small-en-v1.5, int8-quantised: CLS pooling and BGE's instruction for queries. */
    public static final ModelSpec BGE_SMALL_EN_V15_Q = new ModelSpec(
            "bge-small-en-v1.5-q",
            "bge-small-en-v1.5-q.onnx",
            "bge-small-en-v1.5-q-tokenizer.json",
            Pooling.CLS,
            512,
            "Represent this sentence for searching relevant passages: ",
            384,
            1);

    /** The model Cairn uses unless the settings name another. */
    public static final ModelSpec DEFAULT = ALL_MINILM_L6_V2;

    private static final List<ModelSpec> ALL = List.of(ALL_MINILM_L6_V2, BGE_SMALL_EN_V15_Q, ALL_MINILM_L6_V2_Q);

    public ModelSpec {
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS], [SEP] and a token: " + maxTokens);
        }
        if (dimension < 1 || maxBatch < 1) {
            throw new IllegalArgumentException(
                    "dimension and maxBatch must be positive: " + dimension + ", " + maxBatch);
        }
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
    }

    /** Every bundled model. */
    public static List<ModelSpec> all() {
        return ALL;
    }

    /** The bundled model with this id (case-insensitive), or an error that lists the choices. */
    public static ModelSpec byId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(m -> m.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown embedding model '" + id + "'; choose one of: "
                        + ALL.stream().map(ModelSpec::id).collect(Collectors.joining(", "))));
    }

    /** The text the model should embed for a search query. */
    public String queryText(String query) {
        return queryPrefix + query;
    }
}
