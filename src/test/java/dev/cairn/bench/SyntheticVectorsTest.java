package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cairn.embed.VectorMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticVectorsTest {

    private static List<float[]> centroids(int count) {
        Random random = new Random(1);
        List<float[]> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            float[] v = new float[384];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            out.add(VectorMath.normalize(v.clone()));
        }
        return out;
    }

    @Test
    void pointsAreUnitVectorsNearTheirCentroidAsSigmaSays() {
        List<float[]> centroids = centroids(5);
        SyntheticVectors.Points points = new SyntheticVectors(centroids, 0.6, 3).points(9);
        double cosSum = 0;
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            float[] p = points.next();
            assertThat(VectorMath.dot(p, p)).isCloseTo(1.0, within(1e-4));
            double best = centroids.stream()
                    .mapToDouble(c -> VectorMath.dot(p, c))
                    .max()
                    .orElseThrow();
            cosSum += best;
        }
        assertThat(cosSum / n).isCloseTo(1 / Math.sqrt(1 + 0.6 * 0.6), within(0.03));
    }

    @Test
    void theSameSeedGivesTheSamePointsAndAnotherSeedOthers() {
        SyntheticVectors vectors = new SyntheticVectors(centroids(3), 0.6, 3);
        float[] a = vectors.points(5).next();
        assertThat(vectors.points(5).next()).containsExactly(a);
        assertThat(vectors.points(6).next()).isNotEqualTo(a);
    }

    @Test
    void suiteRowsOfARateUseNearestRankPercentilesAndRenderAsMarkdown() {
        BenchSuite.Row rate = BenchSuite.Row.rate("Ingest (chunks/s)", "chunks/s", new double[] {30, 10, 20, 40});
        assertThat(rate.min()).isEqualTo(10);
        assertThat(rate.max()).isEqualTo(40);
        assertThat(rate.mean()).isEqualTo(25);
        assertThat(rate.p50()).isEqualTo(20);
        assertThat(rate.p95()).isEqualTo(40);

        BenchSuite.Row latency = BenchSuite.Row.latency(Stats.of("Cached Query", new long[] {1_000_000, 3_000_000}));
        BenchSuite.Report report = new BenchSuite.Report(
                java.time.Instant.EPOCH, "m", 2, 0.5, 10, "exact scan (no index)", 40, 1.0, List.of(latency, rate));
        assertThat(report.toMarkdown())
                .contains("| Cached Query | 2.00ms | 1.00ms | 3.00ms | 1.00ms | 3.00ms | 3.00ms | 2 |")
                .contains("| Ingest (chunks/s) | 25.0/s |");
        assertThat(report.toText()).contains("Name").contains("P99").contains("Cached Query");
        assertThat(report.toMap()).containsKeys("model", "cores", "load_average", "chunks", "index", "results");
    }
}
