package dev.cairn.bench;

import com.pgvector.PGvector;
import dev.cairn.store.BinaryCopy;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one 384-d vector for PostgreSQL: pgvector's binary receive format (what the binary COPY
 * of ingest and of {@code bench scale} sends) against its text form (what a {@link PGvector}
 * parameter sends), and parsing the text form back (what reading {@code embedding::text} costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VectorEncoding {

    private float[] vector;
    private String text;
    private final ByteBuffer buffer = ByteBuffer.allocate(8 + 4 * 384);

    @Setup
    public void setUp() {
        vector = new float[384];
        Random random = new Random(1);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian() / 20;
        }
        text = new PGvector(vector).getValue();
    }

    @Benchmark
    public ByteBuffer binary() {
        buffer.clear();
        BinaryCopy.encodeVector(buffer, vector);
        return buffer;
    }

    @Benchmark
    public String text() {
        return new PGvector(vector).getValue();
    }

    @Benchmark
    public float[] parseText() throws java.sql.SQLException {
        return new PGvector(text).toArray();
    }
}
