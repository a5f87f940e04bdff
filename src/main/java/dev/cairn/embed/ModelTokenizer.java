package dev.cairn.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
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
    // Set when a chunk's model input may be put together from the tokens of its parts (see
    // assemblesInputs): the ids around every input, and the passage prefix's.
    private final long[] specialIds;
    private final long[] passagePrefixIds;
    // The model inputs of chunk texts counted at import, until the chunk is embedded: an import
    // puts each chunk's input together from the tokens it counted with (or tokenizes the chunk once,
    // to count it), and the embedding stage then feeds those very ids to the model instead of
    // tokenizing the text again. Keyed by the text itself, so a text changed
    // meanwhile (or one never kept: after a restart, from another process) is tokenized as before.
    private final Cache<String, int[]> kept = Caffeine.newBuilder()
            .maximumWeight(KEPT_BYTES)
            .weigher((String text, int[] ids) -> 64 + 2 * text.length() + 4 * ids.length)
            .executor(Runnable::run)
            .build();
    private final LongAdder reused = new LongAdder();
    private final LongAdder assembled = new LongAdder();

    private ModelTokenizer(ModelSpec model, HuggingFaceTokenizer tokenizer, boolean bertWordPiece) {
        this.model = model;
        this.tokenizer = tokenizer;
        // What the post-processor adds around any text ([CLS] and [SEP] for BERT tokenizers).
        Encoding empty = tokenizer.encode("");
        this.specialTokens = empty.getIds().length;
        this.passagePrefixTokens = model.passagePrefix().isEmpty()
                ? 0
                : tokenizer.encode(model.passagePrefix().strip()).getIds().length - specialTokens;
        String prefix = model.passagePrefix();
        boolean assembles = bertWordPiece
                && specialTokens == 2
                && Arrays.stream(empty.getSpecialTokenMask()).allMatch(m -> m == 1)
                && (prefix.isEmpty() || Tokens.isWhiteSpace(prefix.charAt(prefix.length() - 1)));
        this.specialIds = assembles ? empty.getIds() : null;
        this.passagePrefixIds = assembles ? tokenize(prefix).ids() : null;
    }

    /** Loads the tokenizer of {@code model}, from its jar or its folder. */
    public static ModelTokenizer load(ModelSpec model) {
        try (InputStream in = model.files().openTokenizer()) {
            byte[] json = in.readAllBytes();
            // Truncation and padding are ours to do (per model limit, per batch): the bundled json of
            // all-MiniLM-L6-v2 would otherwise truncate at 128 and pad every text to 128 tokens.
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json),
                    Map.of(
                            "addSpecialTokens", "true",
                            "truncation", "false",
                            "padding", "false"));
            return new ModelTokenizer(model, hf, isBertWordPiece(new ObjectMapper().readTree(json)));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    "The tokenizer of model " + model.id() + " (" + e.getFile() + ") is missing: "
                            + (e.getReason() == null ? "no such file" : e.getReason()) + ".",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tokenizer of model " + model.id(), e);
        }
    }

    /**
     * Whether the pipeline is BERT's: its normalizer, its pre-tokenizer (words end at white space and
     * punctuation), WordPiece inside words, and {@code [CLS] text [SEP]} around the whole. Every model
     * Cairn ships has it; an added model may not.
     */
    private static boolean isBertWordPiece(JsonNode json) {
        String processor = json.path("post_processor").path("type").asText();
        JsonNode single = json.path("post_processor").path("single");
        boolean clsTextSep = processor.equals("BertProcessing")
                || processor.equals("TemplateProcessing")
                        && single.size() == 3
                        && single.get(0).has("SpecialToken")
                        && single.get(1).has("Sequence")
                        && single.get(2).has("SpecialToken");
        return json.path("normalizer").path("type").asText().equals("BertNormalizer")
                && json.path("pre_tokenizer").path("type").asText().equals("BertPreTokenizer")
                && json.path("model").path("type").asText().equals("WordPiece")
                && clsTextSep;
    }

    public ModelSpec model() {
        return model;
    }

    /**
     * Whether a text's tokens are those of its runs between {@linkplain Tokens#isWhiteSpace white
     * space}, each tokenized alone (BERT's WordPiece), so that a chunk's model input may be put
     * together from tokens computed before ({@link #keepAssembled}). False for a tokenizer that
     * reads across white space (SentencePiece, byte-level BPE) or a passage prefix that does not end
     * in white space.
     */
    public boolean assemblesInputs() {
        return specialIds != null;
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
        keep(input, ids);
        return Math.max(0, ids.length - specialTokens - passagePrefixTokens);
    }

    /**
     * Keeps a chunk's model input like {@link #countAndKeep}, put together from the text's tokens
     * instead of tokenizing it: the special tokens and the passage prefix around {@code ids}. The
     * caller vouches that {@code ids} are the text's tokens as {@link #tokenize} would give them
     * (special tokens left out), which it can tell from the tokens of its parts only when the
     * tokenizer {@linkplain #assemblesInputs assembles inputs} and the parts meet at white space.
     * Where this tokenizer does not, the text is tokenized as before.
     *
     * @return the text's token count, {@code ids.length}
     */
    public int keepAssembled(String text, long[] ids) {
        if (!assemblesInputs()) {
            return countAndKeep(text);
        }
        long[] input = new long[ids.length + passagePrefixIds.length + 2];
        input[0] = specialIds[0];
        System.arraycopy(passagePrefixIds, 0, input, 1, passagePrefixIds.length);
        System.arraycopy(ids, 0, input, 1 + passagePrefixIds.length, ids.length);
        input[input.length - 1] = specialIds[1];
        keep(model.passageText(text), input);
        assembled.increment();
        return ids.length;
    }

    private void keep(String input, long[] ids) {
        long[] truncated = truncate(ids);
        int[] compact = new int[truncated.length];
        for (int i = 0; i < truncated.length; i++) {
            compact[i] = Math.toIntExact(truncated[i]);
        }
        kept.put(input, compact);
    }

    /** How many texts were fed to the model from inputs kept at import, instead of tokenized again. */
    public long reusedInputs() {
        return reused.sum();
    }

    /** How many chunk inputs were put together from the chunker's tokens, without tokenizing the chunk's text. */
    public long assembledInputs() {
        return assembled.sum();
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
