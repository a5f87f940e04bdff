package dev.cairn.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A model's own Hugging Face tokenizer, loaded from its bundled {@code tokenizer.json}. Cheap to
 * load (no ONNX session), thread-safe, and used both to feed the model and to count tokens.
 */
public final class ModelTokenizer implements AutoCloseable {

    static {
        // DJL's tokenizer factory would otherwise probe a cloud metadata endpoint for telemetry.
        // Cairn is local-first: it never contacts the network on its own.
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** At most this many bytes of chunk texts and their model inputs are kept between import and embedding. */
    private static final long KEPT_BYTES = 32L << 20;

    private final ModelSpec model;
    private final HuggingFaceTokenizer tokenizer;
    private final int specialTokens;
    private final int passagePrefixTokens;
    // The model inputs of chunk texts counted at import, until the chunk is embedded: an import
    // tokenizes each chunk once, to count it, and the embedding stage then feeds those very ids to
    // the model instead of tokenizing the text again. Keyed by the text itself, so a text changed
    // meanwhile (or one never kept: after a restart, from another process) is tokenized as before.
    private final Cache<String, int[]> kept = Caffeine.newBuilder()
            .maximumWeight(KEPT_BYTES)
            .weigher((String text, int[] ids) -> 64 + 2 * text.length() + 4 * ids.length)
            .executor(Runnable::run)
            .build();
    private final LongAdder reused = new LongAdder();

    private ModelTokenizer(ModelSpec model, HuggingFaceTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        // What the post-processor adds around any text ([CLS] and [SEP] for BERT tokenizers).
        this.specialTokens = tokenizer.encode("").getIds().length;
        this.passagePrefixTokens = model.passagePrefix().isEmpty()
                ? 0
                : tokenizer.encode(model.passagePrefix().strip()).getIds().length - specialTokens;
    }

    /** Loads the tokenizer of {@code model}, from its jar or its folder. */
    public static ModelTokenizer load(ModelSpec model) {
        try (InputStream json = model.files().openTokenizer()) {
            // Truncation and padding are ours to do (per model limit, per batch): the bundled json of
            // all-MiniLM-L6-v2 would otherwise truncate at 128 and pad every text to 128 tokens.
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(
                    json,
                    Map.of(
                            "addSpecialTokens", "true",
                            "truncation", "false",
                            "padding", "false"));
            return new ModelTokenizer(model, hf);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    "The tokenizer of model " + model.id() + " (" + e.getFile() + ") is missing: "
                            + (e.getReason() == null ? "no such file" : e.getReason()) + ".",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tokenizer of model " + model.id(), e);
        }
    }

    public ModelSpec model() {
        return model;
    }

    /** How many tokens the text has, special tokens and truncation left out. */
    public int countTokens(String text) {
        return tokenizer.encode(text).getIds().length - specialTokens;
    }

    /**
     * Counts a chunk's text like {@link #countTokens} and keeps its model input (the model's passage
     * prefix and the text) for when the chunk is embedded ({@link #encodeForModel}), so that the text
     * is not tokenized a second time.
     */
    public int countAndKeep(String text) {
        String input = model.passageText(text);
        long[] ids = tokenizer.encode(input).getIds();
        long[] truncated = truncate(ids);
        int[] compact = new int[truncated.length];
        for (int i = 0; i < truncated.length; i++) {
            compact[i] = Math.toIntExact(truncated[i]);
        }
        kept.put(input, compact);
        return Math.max(0, ids.length - specialTokens - passagePrefixTokens);
    }

    /** How many texts were fed to the model from inputs kept at import, instead of tokenized again. */
    public long reusedInputs() {
        return reused.sum();
    }

    /** The text's tokens with their character ranges, special tokens and truncation left out. */
    public Tokens tokenize(String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] special = encoding.getSpecialTokenMask();
        CharSpan[] spans = encoding.getCharTokenSpans();
        CodePointIndex index = CodePointIndex.of(text);
        int n = 0;
        for (long s : special) {
            if (s == 0) {
                n++;
            }
        }
        long[] outIds = new long[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        int j = 0;
        for (int i = 0; i < ids.length; i++) {
            if (special[i] != 0) {
                continue;
            }
            outIds[j] = ids[i];
            CharSpan span = spans[i];
            starts[j] = span == null ? 0 : index.charIndex(span.getStart());
            ends[j] = span == null ? 0 : index.charIndex(span.getEnd());
            j++;
        }
        return new Tokens(outIds, starts, ends);
    }

    /**
     * The model's input ids for each input (prefixes already added): special tokens added, truncated to the model's limit the
     * way Hugging Face truncates a single sequence (keep the first tokens, end with {@code [SEP]}).
     */
    long[][] encodeForModel(List<String> texts) {
        long[][] ids = new long[texts.size()][];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            int[] keptIds = kept.asMap().remove(texts.get(i));
            if (keptIds == null) {
                missing.add(i);
                continue;
            }
            long[] input = new long[keptIds.length];
            for (int j = 0; j < input.length; j++) {
                input[j] = keptIds[j];
            }
            ids[i] = input;
        }
        reused.add(ids.length - missing.size());
        if (!missing.isEmpty()) {
            Encoding[] encodings =
                    tokenizer.batchEncode(missing.stream().map(texts::get).toArray(String[]::new));
            for (int m = 0; m < encodings.length; m++) {
                ids[missing.get(m)] = truncate(encodings[m].getIds());
            }
        }
        return ids;
    }

    private long[] truncate(long[] ids) {
        int max = model.maxTokens();
        if (ids.length <= max) {
            return ids;
        }
        long[] cut = Arrays.copyOf(ids, max);
        cut[max - 1] = ids[ids.length - 1];
        return cut;
    }

    /** The tokenizer reports offsets in code points; Java strings index UTF-16 units. */
    private record CodePointIndex(int[] charIndexOfCodePoint) {

        static CodePointIndex of(String text) {
            if (text.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
                return new CodePointIndex(null);
            }
            int[] at = new int[text.codePointCount(0, text.length()) + 1];
            int cp = 0;
            for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
                at[cp++] = i;
            }
            at[cp] = text.length();
            return new CodePointIndex(at);
        }

        int charIndex(int codePoint) {
            return charIndexOfCodePoint == null ? codePoint : charIndexOfCodePoint[codePoint];
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
