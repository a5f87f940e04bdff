package dev.cairn.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that a model folder works before Cairn keeps it: the tokenizer loads, ONNX Runtime loads
 * the graph, its vectors are as wide as the descriptor says (or, where it says nothing, as the graph
 * says), sample texts get finite, distinct vectors that put a paraphrase nearer than an unrelated
 * sentence, and a text of the descriptor's full token length runs. It also measures whether texts
 * sharing one call change each other's vectors (dynamically quantised graphs do), which decides the
 * model's batch limit. Every failure is a {@link ModelFolderException} that says what to change.
 */
final class ModelCheck {

    /** pgvector's HNSW and IVFFlat indexes take vectors of at most this many dimensions. */
    static final int MAX_INDEXED_DIMENSION = 2000;

    /** The batch limit of a graph whose texts don't affect each other: that of the shipped fp32 MiniLM. */
    static final int BATCHED = 64;

    static final String SAMPLE = "The cat sleeps on the sofa in the afternoon sun.";
    static final String PARAPHRASE = "A cat is napping on the couch.";
    static final String UNRELATED = "Quarterly interest rates rose by half a percent.";

    /** Texts sharing a call must give the vector they get alone, to this cosine, for the graph to batch them. */
    private static final double SAME_ALONE = 0.99999;

    private static final Logger log = LoggerFactory.getLogger(ModelCheck.class);

    private ModelCheck() {}

    /**
     * The checked model with the id {@code id}: its dimension read from the graph, its batch limit
     * measured. {@code files} are checked; messages name them as in {@code shown}, the folder the
     * person chose (the files checked are Cairn's copy of it).
     */
    static ModelSpec check(
            ModelFiles.InFolder files, ModelDescriptor descriptor, String id, ModelFiles.InFolder shown) {
        long start = System.nanoTime();
        ModelSpec provisional = descriptor.toSpec(id, files, Math.max(1, descriptor.dimension()), BATCHED);
        checkTokenizer(provisional, shown);
        OnnxSession session = loadGraph(provisional, shown);
        int dimension;
        try {
            dimension = dimension(session, descriptor, shown);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        ModelSpec spec = descriptor.toSpec(id, files, dimension, BATCHED);
        try (OnnxEmbedder embedder = OnnxEmbedder.onSession(spec, session)) {
            boolean batches = checkVectors(embedder);
            ModelSpec checked = batches ? spec : spec.withMaxBatch(1);
            log.info(
                    "Checked model {} in {} ms: {} dimensions, {} pooling, {} text(s) a call",
                    id,
                    (System.nanoTime() - start) / 1_000_000,
                    dimension,
                    checked.pooling(),
                    checked.maxBatch());
            return checked;
        }
    }

    private static void checkTokenizer(ModelSpec model, ModelFiles.InFolder files) {
        try (ModelTokenizer tokenizer = ModelTokenizer.load(model)) {
            if (tokenizer.countTokens(SAMPLE) < 3) {
                throw new ModelFolderException(files.tokenizer() + " turns an English sentence into fewer than three"
                        + " tokens; it is not the tokenizer of a sentence-embedding model.");
            }
        } catch (ModelFolderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFolderException(
                    files.tokenizer() + " is not a Hugging Face tokenizer Cairn can read ("
                            + withoutStop(e.getMessage())
                            + "). Save the tokenizer with the model: the export writes tokenizer.json beside model.onnx.",
                    e);
        }
    }

    private static OnnxSession loadGraph(ModelSpec model, ModelFiles.InFolder files) {
        try {
            return OnnxSession.load(model, Runtime.getRuntime().availableProcessors());
        } catch (IllegalStateException e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new ModelFolderException(
                    files.graph() + " could not be loaded as a sentence-embedding model: " + withoutStop(reason)
                            + (e.getCause() == null ? "." : ". Is the file complete? Export the model again."),
                    e);
        }
    }

    private static int dimension(OnnxSession session, ModelDescriptor descriptor, ModelFiles.InFolder files) {
        long width = session.width();
        if (width <= 0 && descriptor.dimension() == 0) {
            throw new ModelFolderException(files.graph() + " leaves the width of its vectors open; write it into "
                    + ModelFiles.InFolder.DESCRIPTOR + " as \"dimension\": N (the model's hidden size).");
        }
        if (width > 0 && descriptor.dimension() > 0 && width != descriptor.dimension()) {
            throw new ModelFolderException(ModelFiles.InFolder.DESCRIPTOR + " says the vectors have "
                    + descriptor.dimension() + " dimensions, but " + files.graph() + " gives " + width
                    + ". Correct \"dimension\" or leave it out: Cairn reads it from the model.");
        }
        long dimension = width > 0 ? width : descriptor.dimension();
        if (dimension > MAX_INDEXED_DIMENSION) {
            throw new ModelFolderException("The model gives vectors of " + dimension + " dimensions; the library's"
                    + " vector index takes at most " + MAX_INDEXED_DIMENSION + ". Choose a smaller model.");
        }
        return Math.toIntExact(dimension);
    }

    /** Checks the sample vectors; returns whether texts may share a call. */
    private static boolean checkVectors(OnnxEmbedder embedder) {
        ModelSpec model = embedder.model();
        String longText = "alpine ".repeat(model.maxTokens());
        List<String> texts = List.of(SAMPLE, PARAPHRASE, UNRELATED);
        List<float[]> together;
        try {
            together = embedder.embedAll(texts);
        } catch (RuntimeException e) {
            throw new ModelFolderException(
                    "The model failed on a sample sentence: " + withoutStop(e.getMessage())
                            + ". Does tokenizer.json belong to this model? Export both from the same model.",
                    e);
        }
        for (float[] v : together) {
            if (!finite(v) || VectorMath.norm(v) == 0) {
                throw new ModelFolderException("The model gives a vector of zeros or non-numbers for a sample"
                        + " sentence; it is not a working sentence-embedding model.");
            }
        }
        double related = VectorMath.cosine(together.get(0), together.get(1));
        double unrelated = VectorMath.cosine(together.get(0), together.get(2));
        if (related >= 0.99999 && unrelated >= 0.99999) {
            throw new ModelFolderException("The model gives every sentence the same vector. With "
                    + model.pooling().name().toLowerCase(Locale.ROOT) + " pooling it tells no text"
                    + " from another: check \"pooling\" against the model's card.");
        }
        if (related <= unrelated) {
            throw new ModelFolderException(String.format(
                    Locale.ROOT,
                    "With %s pooling the model puts \"%s\" no nearer to \"%s\" (%.2f) than an unrelated sentence"
                            + " (%.2f): the pooling or the prefixes in %s do not match the model. Check them against"
                            + " its card.",
                    model.pooling().name().toLowerCase(Locale.ROOT),
                    PARAPHRASE,
                    SAMPLE,
                    related,
                    unrelated,
                    ModelFiles.InFolder.DESCRIPTOR));
        }
        try {
            embedder.embed(longText);
        } catch (RuntimeException e) {
            throw new ModelFolderException(
                    "The model fails on a text of " + model.maxTokens() + " tokens (\"max_tokens\" in "
                            + ModelFiles.InFolder.DESCRIPTOR + "): " + withoutStop(e.getMessage())
                            + ". Lower \"max_tokens\" to"
                            + " the length the model was trained for (its max_seq_length; 512 for most BERT-style"
                            + " models).",
                    e);
        }
        List<float[]> alone = new ArrayList<>();
        for (String text : texts) {
            alone.add(embedder.embed(text));
        }
        for (int i = 0; i < texts.size(); i++) {
            if (VectorMath.cosine(alone.get(i), together.get(i)) < SAME_ALONE) {
                return false;
            }
        }
        return true;
    }

    private static String withoutStop(String s) {
        String t = s == null ? "" : s.strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
