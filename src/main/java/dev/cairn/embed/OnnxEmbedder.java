package dev.cairn.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cairn.platform.BackgroundPriority;
import dev.cairn.platform.Lazy;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An {@link Embedder} running an ONNX model (shipped or added) with ONNX Runtime on the CPU.
 *
 * <p>Nothing is loaded until the first text is embedded; concurrent first callers share one load.
 * Texts are tokenized, sorted by length and cut into batches by a {@link BatchPlanner} so that
 * little padding is computed; each batch runs as one ONNX call on the inference executor.
 *
 * <p>A shipped model's graph is read from the classpath into a direct (off-heap) buffer and handed to
 * ONNX Runtime, which parses it into its own memory; the buffer is then dropped. This keeps the 90 MB
 * graph off the Java heap and leaves no extracted file on disk that could go stale between versions.
 * An added model's graph is read by ONNX Runtime from its file.
 */
public final class OnnxEmbedder implements Embedder {

    /** System property: ONNX Runtime's intra-op threads per call (default: the cores); for measuring. */
    public static final String INTRA_OP_PROPERTY = "cairn.ort.intraOpThreads";
    /** System property: whether idle intra-op threads spin (default true, ONNX Runtime's own default); for measuring. */
    public static final String SPINNING_PROPERTY = "cairn.ort.spinning";
    /** System property: the most texts a call may hold, below the model's own limit; for measuring. */
    public static final String MAX_BATCH_PROPERTY = "cairn.embed.maxBatch";

    private final ModelSpec model;
    private final Executor inference;
    private final ExecutorService ownedPool;
    private final BatchPlanner planner;
    private final Lazy<ModelTokenizer> tokenizer;
    private final Lazy<OnnxSession> session;
    private final AtomicInteger sessionLoads = new AtomicInteger();
    private final LongAdder tokens = new LongAdder();
    private final LongAdder positions = new LongAdder();
    private final ConcurrentLinkedQueue<InputBuffers> buffers = new ConcurrentLinkedQueue<>();
    /**
     * Embedding calls hold the read side, {@link #close()} the write side: the native session is
     * never freed under a running batch (ONNX Runtime would crash the whole process, as it did when
     * the window closed mid-ingest).
     */
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();

    private boolean closed;

    private OnnxEmbedder(ModelSpec model, Executor inference, ExecutorService ownedPool, BatchPlanner planner) {
        this(model, inference, ownedPool, planner, null);
    }

    private OnnxEmbedder(
            ModelSpec model, Executor inference, ExecutorService ownedPool, BatchPlanner planner, OnnxSession loaded) {
        this.model = model;
        this.inference = inference;
        this.ownedPool = ownedPool;
        // The model's own batch limit wins: see ModelSpec.maxBatch.
        this.planner = new BatchPlanner(
                planner.tokenBudget(),
                Math.min(planner.maxBatchSize(), Integer.getInteger(MAX_BATCH_PROPERTY, model.maxBatch())));
        this.tokenizer = new Lazy<>(() -> ModelTokenizer.load(model));
        // ONNX Runtime starts its intra-op worker threads when the session is built, and they inherit the
        // priority of the thread that builds it: build it on a background thread, so the model's work never
        // competes with the window on equal terms, whoever asks first.
        this.session = loaded != null
                ? new Lazy<>(() -> loaded)
                : new Lazy<>(() -> BackgroundPriority.call("cairn-model-load", () -> {
                    sessionLoads.incrementAndGet();
                    return OnnxSession.load(model, intraOpThreads());
                }));
    }

    /** The model on its own pool of platform threads, one per core. */
    public static OnnxEmbedder create(ModelSpec model) {
        ExecutorService pool = Executors.newFixedThreadPool(cores(), inferenceThreads(model));
        return new OnnxEmbedder(model, pool, pool, BatchPlanner.DEFAULT);
    }

    /** The model running its batches on {@code inference}, which the caller owns and shuts down. */
    public static OnnxEmbedder create(ModelSpec model, Executor inference, BatchPlanner planner) {
        return new OnnxEmbedder(model, inference, null, planner);
    }

    /**
     * The model on a session already loaded (to learn its dimension), embedding on the caller's
     * thread; closing the embedder closes the session. For checking a model folder.
     */
    static OnnxEmbedder onSession(ModelSpec model, OnnxSession loaded) {
        return new OnnxEmbedder(model, Runnable::run, null, BatchPlanner.DEFAULT, loaded);
    }

    @Override
    public ModelSpec model() {
        return model;
    }

    @Override
    public ModelTokenizer tokenizer() {
        return tokenizer.get();
    }

    @Override
    public Optional<Duration> loadTime() {
        return session.buildTime();
    }

    /** How many times the ONNX session was built (1 once loaded, however many callers raced). */
    int sessionLoads() {
        return sessionLoads.get();
    }

    @Override
    public TokenCount tokenCount() {
        return new TokenCount(tokens.sum(), positions.sum());
    }

    @Override
    public List<float[]> embedInputs(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        life.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(
                        "The embedding model " + model.id() + " is closed; Cairn is shutting down.");
            }
            return embedOpen(texts);
        } finally {
            life.readLock().unlock();
        }
    }

    private List<float[]> embedOpen(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException(
                        "Text " + i + " of " + texts.size() + " is null; pass \"\" for no text.");
            }
        }
        OnnxSession s = session.get();
        long[][] ids = tokenizer.get().encodeForModel(texts);
        int[] lengths = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            lengths[i] = ids[i].length;
        }
        float[][] vectors = new float[ids.length][];
        List<BatchPlanner.Batch> batches = planner.plan(lengths);
        if (batches.size() == 1) {
            // One call (a search query, above all) runs on the caller's thread: it must not queue behind
            // the batches of an import that is embedding in the background.
            run(s, ids, batches.getFirst(), vectors);
            return List.of(vectors);
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (BatchPlanner.Batch batch : batches) {
            running.add(CompletableFuture.runAsync(() -> run(s, ids, batch, vectors), inference));
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        return List.of(vectors);
    }

    private void run(OnnxSession s, long[][] ids, BatchPlanner.Batch batch, float[][] into) {
        int rows = batch.size();
        int width = batch.paddedLength();
        long[] shape = {rows, width};
        positions.add((long) rows * width);
        for (int i : batch.indices()) {
            tokens.add(ids[i].length);
        }
        InputBuffers in = borrow(rows * width);
        try {
            in.fill(ids, batch);
            Map<String, OnnxTensor> inputs = new HashMap<>(4);
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(s.env(), in.ids, shape));
                inputs.put("attention_mask", OnnxTensor.createTensor(s.env(), in.mask, shape));
                if (s.takesTokenTypes()) {
                    inputs.put("token_type_ids", OnnxTensor.createTensor(s.env(), in.types, shape));
                }
                try (OrtSession.Result result = s.session().run(inputs, Set.of(s.output()))) {
                    OnnxTensor out = (OnnxTensor) result.get(0);
                    requireWidth(out.getInfo().getShape());
                    FloatBuffer hidden = out.getFloatBuffer();
                    for (int r = 0; r < rows; r++) {
                        into[batch.indices()[r]] = pool(hidden, r, width, ids[batch.indices()[r]].length);
                    }
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "The embedding model " + model.id() + " failed on a batch of " + rows + " texts: " + e.getMessage(),
                    e);
        } finally {
            buffers.add(in);
        }
    }

    /** The hidden states must be as wide as the vectors the model is said to give, or pooling would read garbage. */
    private void requireWidth(long[] shape) {
        if (shape.length != 3 || shape[2] != model.dimension()) {
            throw new IllegalStateException("The embedding model " + model.id() + " gives token vectors of shape "
                    + Arrays.toString(shape) + ", not [texts, tokens, " + model.dimension() + "] as its"
                    + " description says; its files do not match its description.");
        }
    }

    /** Pools row {@code r} of the [rows, width, dim] hidden states, then scales it to unit length if the model says so. */
    private float[] pool(FloatBuffer hidden, int r, int width, int length) {
        int dim = model.dimension();
        float[] v = new float[dim];
        int rowStart = r * width * dim;
        switch (model.pooling()) {
            case CLS -> hidden.get(rowStart, v);
            case MEAN -> {
                // Padding positions (index >= length) are masked out, exactly as attention_mask says.
                for (int t = 0; t < length; t++) {
                    int at = rowStart + t * dim;
                    for (int d = 0; d < dim; d++) {
                        v[d] += hidden.get(at + d);
                    }
                }
                for (int d = 0; d < dim; d++) {
                    v[d] /= length;
                }
            }
        }
        return model.normalize() ? VectorMath.normalize(v) : v;
    }

    private InputBuffers borrow(int positions) {
        InputBuffers in = buffers.poll();
        if (in == null) {
            in = new InputBuffers();
        }
        in.ensure(positions);
        return in;
    }

    @Override
    public void close() {
        life.writeLock().lock(); // waits for running batches to finish
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.ifBuilt(OnnxSession::close);
            tokenizer.ifBuilt(ModelTokenizer::close);
            if (ownedPool != null) {
                ownedPool.shutdown();
            }
        } finally {
            life.writeLock().unlock();
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * ONNX Runtime's threads per model call. A model that takes one text per call (the int8 graphs)
     * runs one call per core side by side, each on one thread, which embeds faster than one call at
     * a time over several threads (OrtOptionsProbe; see ADR 0013). A batched model runs one call at a
     * time over every core. {@link #INTRA_OP_PROPERTY} overrides.
     */
    private int intraOpThreads() {
        return Math.max(1, Integer.getInteger(INTRA_OP_PROPERTY, model.maxBatch() == 1 ? 1 : cores()));
    }

    /**
     * The model's pool runs below the background: an import's text (parsing, storing) comes first,
     * and a search query runs on its caller's thread, not here.
     */
    private static ThreadFactory inferenceThreads(ModelSpec model) {
        return BackgroundPriority.lowest(Thread.ofPlatform()
                .name("cairn-embed-" + model.id() + "-", 1)
                .daemon()
                .factory());
    }
}
