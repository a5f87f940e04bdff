package dev.cairn.embed;

import dev.cairn.platform.Phrase;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The facts about one embedding model: one Cairn ships ({@link #all()}) or one the person added
 * ({@link AddedModels}). Behaviour differences between models are these values, never branches on
 * the model's name.
 *
 * @param id the stable identifier stored with every vector and used as the setting's value; an
 *     added model's ends in {@code @} and a fingerprint of its files, so that one id never names two models
 * @param files where the ONNX graph and the Hugging Face {@code tokenizer.json} are
 * @param pooling how token vectors become a text vector
 * @param normalize whether the pooled vector is scaled to unit length (every shipped model: yes);
 *     vectors are compared by cosine either way, so this changes what is stored, not the ranking
 * @param maxTokens the longest input the model sees, special tokens included; longer texts are truncated
 * @param queryPrefix what is put before a search query (empty when the model uses none)
 * @param passagePrefix what is put before every stored passage (e5's {@code "passage: "}; usually empty)
 * @param dimension the length of the vectors the model produces
 * @param maxBatch the most texts one model call may hold; 1 for dynamically quantized (int8) graphs,
 *     which compute one quantization scale over the whole input tensor, so that texts sharing a
 *     call (and their padding) would change each other's vectors
 * @param languages the languages the model serves, as ISO 639 codes ({@code "en"}), or {@code "*"} for
 *     a multilingual model; the shipped models serve English
 */
public record ModelSpec(
        String id,
        ModelFiles files,
        Pooling pooling,
        boolean normalize,
        int maxTokens,
        String queryPrefix,
        String passagePrefix,
        int dimension,
        int maxBatch,
        List<String> languages) {

    /** Every language: what the descriptor of a multilingual model says. */
    public static final String ANY_LANGUAGE = "*";

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

    /** sentence-transformers/all-MiniLM-L6-v2: mean pooling, trained on sequences of up to 256 tokens. */
    public static final ModelSpec ALL_MINILM_L6_V2 = shipped("all-minilm-l6-v2", Pooling.MEAN, 256, "", 64);

    /**
     * all-MiniLM-L6-v2 int8-quantised (dynamic quantisation, hence one text per call): a quarter of
     * the graph's size; measured against the fp32 graph in docs/decisions/0008-ingest-speed.md. Its
     * vectors are close to, not the same as, the fp32 model's, so it is a model of its own.
     */
    public static final ModelSpec ALL_MINILM_L6_V2_Q = shipped("all-minilm-l6-v2-q", Pooling.MEAN, 256, "", 1);

    /** BAAI/bge-small-en-v1.5, int8-quantised: CLS pooling and BGE's instruction for queries. */
    public static final ModelSpec BGE_SMALL_EN_V15_Q = shipped(
            "bge-small-en-v1.5-q", Pooling.CLS, 512, "Represent this sentence for searching relevant passages: ", 1);

    /** The model Cairn uses unless the settings name another. */
    public static final ModelSpec DEFAULT = ALL_MINILM_L6_V2;

    private static final List<ModelSpec> ALL = List.of(ALL_MINILM_L6_V2, BGE_SMALL_EN_V15_Q, ALL_MINILM_L6_V2_Q);

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(pooling, "pooling");
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS], [SEP] and a token: " + maxTokens);
        }
        if (dimension < 1 || maxBatch < 1) {
            throw new IllegalArgumentException(
                    "dimension and maxBatch must be positive: " + dimension + ", " + maxBatch);
        }
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        passagePrefix = passagePrefix == null ? "" : passagePrefix;
        languages = requireLanguages(languages);
    }

    /** The languages as given, if each is an ISO 639 code or {@link #ANY_LANGUAGE}; else an error that says so. */
    static List<String> requireLanguages(List<String> languages) {
        if (languages.isEmpty()) {
            throw new IllegalArgumentException(Phrase.of("model.noLanguages"));
        }
        for (String language : languages) {
            if (!ANY_LANGUAGE.equals(language) && !LANGUAGE.matcher(language).matches()) {
                throw new IllegalArgumentException(Phrase.of("model.badLanguage", language));
            }
        }
        return List.copyOf(languages);
    }

    /** A model shipped in its jar: {@code ID.onnx} and {@code ID-tokenizer.json}, 384 dimensions, English. */
    private static ModelSpec shipped(String id, Pooling pooling, int maxTokens, String queryPrefix, int maxBatch) {
        return new ModelSpec(
                id,
                new ModelFiles.Bundled(id + ".onnx", id + "-tokenizer.json"),
                pooling,
                true,
                maxTokens,
                queryPrefix,
                "",
                384,
                maxBatch,
                List.of("en"));
    }

    /** Every model Cairn ships. */
    public static List<ModelSpec> all() {
        return ALL;
    }

    /** The shipped model with this id (case-insensitive), or an error that lists the choices. */
    public static ModelSpec byId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(m -> m.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown embedding model '" + id + "'; choose one of: "
                        + ALL.stream().map(ModelSpec::id).collect(Collectors.joining(", "))));
    }

    /** The name a person types and reads: the id without an added model's fingerprint. */
    public String name() {
        int at = id.lastIndexOf('@');
        return at < 0 ? id : id.substring(0, at);
    }

    /** Whether the model came with Cairn rather than from a folder the person added. */
    public boolean shipped() {
        return files instanceof ModelFiles.Bundled;
    }

    /** Whether the model was trained on text in this language (an ISO 639 code such as {@code "de"}). */
    public boolean serves(String language) {
        return languages.contains(ANY_LANGUAGE) || languages.contains(language);
    }

    /** The text the model should embed for a search query. */
    public String queryText(String query) {
        return queryPrefix + query;
    }

    /** The text the model should embed for a stored passage. */
    public String passageText(String passage) {
        return passagePrefix + passage;
    }

    /**
     * The same model reading at most {@code tokens} of an input (special tokens included), or all it
     * can when that is fewer: a longer text's vector is its start's. The id stays: the vectors are
     * this model's.
     */
    public ModelSpec readingAtMost(int tokens) {
        if (tokens < 3) {
            throw new IllegalArgumentException("a model must read at least [CLS], [SEP] and a token: " + tokens);
        }
        return tokens >= maxTokens
                ? this
                : new ModelSpec(
                        id,
                        files,
                        pooling,
                        normalize,
                        tokens,
                        queryPrefix,
                        passagePrefix,
                        dimension,
                        maxBatch,
                        languages);
    }

    /** The same model with another batch limit (for measuring). */
    public ModelSpec withMaxBatch(int newMaxBatch) {
        return new ModelSpec(
                id,
                files,
                pooling,
                normalize,
                maxTokens,
                queryPrefix,
                passagePrefix,
                dimension,
                newMaxBatch,
                languages);
    }
}
