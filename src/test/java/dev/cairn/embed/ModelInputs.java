package dev.cairn.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a model is fed for a passage: as the embedding stage takes it, and as a tokenizer of its own computes it. */
public final class ModelInputs {

    private static final Map<String, HuggingFaceTokenizer> FRESH = new ConcurrentHashMap<>();

    private ModelInputs() {}

    /** The ids the model is fed for {@code passage}: the input kept at import if there is one (taken, as the embedding stage takes it), else the passage encoded. */
    public static long[] taken(ModelTokenizer tokenizer, String passage) {
        return tokenizer.encodeForModel(List.of(tokenizer.model().passageText(passage)))[0];
    }

    /**
     * {@code encode(passageText(passage))} truncated to the model's limit (the first tokens, then
     * the last, {@code [SEP]}), by a Hugging Face tokenizer loaded apart from Cairn's.
     */
    public static long[] encodedAfresh(ModelSpec model, String passage) {
        long[] ids = FRESH.computeIfAbsent(model.id(), id -> load(model))
                .encode(model.passageText(passage))
                .getIds();
        if (ids.length <= model.maxTokens()) {
            return ids;
        }
        long[] cut = Arrays.copyOf(ids, model.maxTokens());
        cut[cut.length - 1] = ids[ids.length - 1];
        return cut;
    }

    private static HuggingFaceTokenizer load(ModelSpec model) {
        try (InputStream in = model.files().openTokenizer()) {
            return HuggingFaceTokenizer.newInstance(
                    in, Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
