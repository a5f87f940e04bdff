package dev.cairn.embed;

import dev.cairn.bench.BenchChunks;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java work around each model call: tokenising a ~200-token chunk, and mean pooling plus
 * normalising its hidden states (200 positions x 384 dimensions). Run with
 * {@code mvn -Pjmh -DskipTests test-compile exec:exec@jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EmbedHotPaths {

    private static final int POSITIONS = 200;
    private static final int DIM = 384;

    private ModelTokenizer tokenizer;
    private String chunk;
    private FloatBuffer hidden;

    @Setup(Level.Trial)
    public void setUp() {
        tokenizer = ModelTokenizer.load(ModelSpec.DEFAULT);
        chunk = BenchChunks.generate(tokenizer, 1, 200, 42).getFirst();
        float[] values = new float[POSITIONS * DIM];
        Random random = new Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        // ONNX Runtime hands the hidden states over as a direct buffer.
        hidden = java.nio.ByteBuffer.allocateDirect(values.length * 4)
                .order(java.nio.ByteOrder.nativeOrder())
                .asFloatBuffer()
                .put(values)
                .flip();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tokenizer.close();
    }

    /** What {@link ModelTokenizer#countTokens} costs: the chunker calls it per sentence. */
    @Benchmark
    public int countTokens() {
        return tokenizer.countTokens(chunk);
    }

    /** Tokens with character spans: what the chunker cuts with. */
    @Benchmark
    public Object tokenizeWithSpans() {
        return tokenizer.tokenize(chunk);
    }

    /** The model's input ids, special tokens and truncation included: what each embed call pays. */
    @Benchmark
    public Object encodeForModel() {
        return tokenizer.encodeForModel(List.of(chunk));
    }

    /**
     * Mean pooling as OnnxEmbedder does it (absolute gets from the direct buffer, padding masked by
     * length), then {@link VectorMath#normalize}. OnnxEmbedder's own method is private to it; this is
     * the same loop.
     */
    @Benchmark
    public float[] meanPoolAndNormalise() {
        float[] v = new float[DIM];
        for (int t = 0; t < POSITIONS; t++) {
            int at = t * DIM;
            for (int d = 0; d < DIM; d++) {
                v[d] += hidden.get(at + d);
            }
        }
        for (int d = 0; d < DIM; d++) {
            v[d] /= POSITIONS;
        }
        return VectorMath.normalize(v);
    }

    /** The same pooling after one bulk copy out of the direct buffer, to see whether the gets cost. */
    @Benchmark
    public float[] meanPoolFromBulkCopy() {
        float[] all = new float[POSITIONS * DIM];
        hidden.get(0, all);
        float[] v = new float[DIM];
        for (int t = 0; t < POSITIONS; t++) {
            int at = t * DIM;
            for (int d = 0; d < DIM; d++) {
                v[d] += all[at + d];
            }
        }
        for (int d = 0; d < DIM; d++) {
            v[d] /= POSITIONS;
        }
        return VectorMath.normalize(v);
    }
}
