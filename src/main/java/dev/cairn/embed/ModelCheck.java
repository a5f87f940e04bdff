package dev.cairn.embed;

import dev.cairn.platform.Phrase;
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
                throw new ModelFolderException(Phrase.of("model.fewTokens", files.tokenizer()));
            }
        } catch (ModelFolderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFolderException(
                    Phrase.of("model.badTokenizer", files.tokenizer(), withoutStop(e.getMessage())), e);
        }
    }

    private static OnnxSession loadGraph(ModelSpec model, ModelFiles.InFolder files) {
        try {
            return OnnxSession.load(model, Runtime.getRuntime().availableProcessors());
        } catch (IllegalStateException e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new ModelFolderException(
                    Phrase.of(
                            e.getCause() == null ? "model.cannotLoad" : "model.cannotLoadIncomplete",
                            files.graph(),
                            withoutStop(reason)),
                    e);
        }
    }

    private static int dimension(OnnxSession session, ModelDescriptor descriptor, ModelFiles.InFolder files) {
        long width = session.width();
        if (width <= 0 && descriptor.dimension() == 0) {
            throw new ModelFolderException(Phrase.of("model.openWidth", files.graph(), ModelFiles.InFolder.DESCRIPTOR));
        }
        if (width > 0 && descriptor.dimension() > 0 && width != descriptor.dimension()) {
            throw new ModelFolderException(Phrase.of(
                    "model.wrongDimension",
                    ModelFiles.InFolder.DESCRIPTOR,
                    descriptor.dimension(),
                    files.graph(),
                    width));
        }
        long dimension = width > 0 ? width : descriptor.dimension();
        if (dimension > MAX_INDEXED_DIMENSION) {
            throw new ModelFolderException(Phrase.of("model.tooWide", dimension, MAX_INDEXED_DIMENSION));
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
            throw new ModelFolderException(Phrase.of("model.failedSample", withoutStop(e.getMessage())), e);
        }
        for (float[] v : together) {
            if (!finite(v) || VectorMath.norm(v) == 0) {
                throw new ModelFolderException(Phrase.of("model.zeroVector"));
            }
        }
        double related = VectorMath.cosine(together.get(0), together.get(1));
        double unrelated = VectorMath.cosine(together.get(0), together.get(2));
        if (related >= 0.99999 && unrelated >= 0.99999) {
            throw new ModelFolderException(
                    Phrase.of("model.sameVector", model.pooling().name().toLowerCase(Locale.ROOT)));
        }
        if (related <= unrelated) {
            throw new ModelFolderException(Phrase.of(
                    "model.notNearer",
                    model.pooling().name().toLowerCase(Locale.ROOT),
                    PARAPHRASE,
                    SAMPLE,
                    String.format(Locale.ROOT, "%.2f", related),
                    String.format(Locale.ROOT, "%.2f", unrelated),
                    ModelFiles.InFolder.DESCRIPTOR));
        }
        try {
            embedder.embed(longText);
        } catch (RuntimeException e) {
            throw new ModelFolderException(
                    Phrase.of(
                            "model.failsLong",
                            model.maxTokens(),
                            ModelFiles.InFolder.DESCRIPTOR,
                            withoutStop(e.getMessage())),
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
