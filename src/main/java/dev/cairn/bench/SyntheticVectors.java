package dev.cairn.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Unit vectors clustered the way a library's chunk embeddings are, for index benchmarks at sizes
 * nobody wants to embed: each point is a real text's embedding (its centroid) moved by Gaussian
 * noise and normalised.
 *
 * <p>The noise is not isotropic. Its variance falls off as {@code 1/(k+1)} over the dimensions
 * (scaled so the noise vector's expected length is {@code sigma}), and each cluster takes the
 * dimensions in its own shuffled order. Isotropic noise in 384 dimensions would put every point of
 * a cluster at the same distance from every other, a worst case that real embeddings never are; a
 * 1/k spectrum leaves about 25 effective dimensions per cluster, near what intrinsic-dimension
 * estimates find for sentence embeddings. The same centroids, sigma and seed give the same points.
 */
public final class SyntheticVectors {

    private final float[][] centroids;
    private final int[][] axes;
    private final double[] scale;
    private final double sigma;

    /**
     * @param centroids unit vectors of real texts, all of one dimension
     * @param sigma the expected length of the noise added to a centroid (before normalising): a
     *     point's expected cosine to its centroid is about {@code 1/sqrt(1+sigma^2)}
     */
    public SyntheticVectors(List<float[]> centroids, double sigma, long seed) {
        if (centroids.isEmpty()) {
            throw new IllegalArgumentException("Need at least one centroid");
        }
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be 0 or more, got " + sigma);
        }
        int dim = centroids.getFirst().length;
        this.centroids = centroids.stream().map(float[]::clone).toArray(float[][]::new);
        for (float[] c : this.centroids) {
            if (c.length != dim) {
                throw new IllegalArgumentException("Centroids differ in dimension: " + c.length + " and " + dim);
            }
        }
        this.sigma = sigma;
        double[] s = new double[dim];
        double sum = 0;
        for (int k = 0; k < dim; k++) {
            s[k] = 1 / Math.sqrt(k + 1.0);
            sum += s[k] * s[k];
        }
        for (int k = 0; k < dim; k++) {
            s[k] /= Math.sqrt(sum);
        }
        this.scale = s;
        SplittableRandom random = new SplittableRandom(seed);
        this.axes = new int[this.centroids.length][];
        for (int c = 0; c < axes.length; c++) {
            int[] order = new int[dim];
            for (int k = 0; k < dim; k++) {
                order[k] = k;
            }
            for (int k = dim - 1; k > 0; k--) {
                int j = random.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            axes[c] = order;
        }
    }

    public int dimension() {
        return scale.length;
    }

    public int clusters() {
        return centroids.length;
    }

    /** A stream of points; two streams with the same seed give the same points. */
    public Points points(long seed) {
        return new Points(new SplittableRandom(seed));
    }

    /** Draws points one after another into a caller's array, so a million of them need no heap. */
    public final class Points {
        private final SplittableRandom random;

        private Points(SplittableRandom random) {
            this.random = random;
        }

        /** Writes the next point into {@code out} (of length {@link #dimension()}). */
        public void next(float[] out) {
            int c = random.nextInt(centroids.length);
            float[] centroid = centroids[c];
            int[] order = axes[c];
            double norm = 0;
            for (int k = 0; k < out.length; k++) {
                int axis = order[k];
                double v = centroid[axis] + sigma * scale[k] * random.nextGaussian();
                out[axis] = (float) v;
                norm += v * v;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int k = 0; k < out.length; k++) {
                out[k] *= inv;
            }
        }

        public float[] next() {
            float[] out = new float[dimension()];
            next(out);
            return out;
        }
    }
}
