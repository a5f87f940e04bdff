package dev.cairn.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Test data: documents, chunks and random unit vectors from a seeded generator. */
final class Fixtures {

    static final String MINILM = "all-minilm-l6-v2";
    static final String BGE = "bge-small-en-v15-q";
    static final int DIM = 384;

    private Fixtures() {}

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static DocumentInfo document(String path, String content) {
        return new DocumentInfo(
                path,
                sha256(content),
                "text/markdown",
                content.length(),
                Instant.parse("2026-01-02T03:04:05.123456Z"),
                null,
                "Title of " + path);
    }

    /** A chunk in {@code language} (null: none detected), without heading, page or vector, as an import stores its text. */
    static NewChunk chunkIn(int ordinal, String text, String language) {
        return new NewChunk(ordinal, text, null, null, ordinal * 100, ordinal * 100 + text.length(), 8, null, language);
    }

    /** Stores a document of one {@link #chunkIn} chunk, text first, as an import does. */
    static void storeText(ChunkStore store, String path, String language, String text) {
        DocumentInfo info = document(path, text);
        try (DocumentWrite write = store.beginDocument(info, MINILM)) {
            write.append(List.of(chunkIn(0, text, language)));
            write.commit(info);
        }
    }

    /** The texts of the first ten full-text hits for {@code query}. */
    static List<String> textsFound(ChunkStore store, String query) {
        return store.fullTextSearch(query, 10).stream().map(ChunkHit::text).toList();
    }

    static float[] unitVector(Random random, int dimension) {
        float[] v = new float[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimension; i++) {
            v[i] *= inverse;
        }
        return v;
    }

    static NewChunk chunk(int ordinal, String text, float[] embedding) {
        return new NewChunk(
                ordinal,
                text,
                "Heading " + ordinal,
                1 + ordinal / 10,
                ordinal * 100,
                ordinal * 100 + text.length(),
                text.split("\\s+").length,
                embedding);
    }

    /** {@code n} chunks of random unit vectors (seeded) in a new document of their own, with the MiniLM id. */
    static void addRandomChunks(ChunkStore store, int n, int seed) {
        Random random = new Random(seed);
        long documentId = store.upsertDocument(document("/docs/random-" + seed + ".md", "random " + seed))
                .id();
        store.replaceChunks(
                documentId,
                MINILM,
                IntStream.range(0, n)
                        .mapToObj(i -> chunk(i, "random " + seed + " " + i, unitVector(random, DIM)))
                        .toList());
    }
}
