package dev.cairn.bench;

import dev.cairn.embed.ModelTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic chunks for benchmarks: "documents" of bundled prose sentences in a seeded random order,
 * each cut at sentence boundaries into chunks of up to a token target, so most chunks are near the
 * target and each document's last chunk is shorter, as a real chunker's output is.
 */
public final class BenchChunks {

    private static final String CORPUS = "dev/cairn/bench/corpus.txt";

    private BenchChunks() {}

    /** {@code count} chunks of up to {@code targetTokens} tokens, the same for the same seed. */
    public static List<String> generate(ModelTokenizer tokenizer, int count, int targetTokens, long seed) {
        List<String> sentences = sentences();
        Random random = new Random(seed);
        List<String> chunks = new ArrayList<>(count);
        while (chunks.size() < count) {
            int documentSentences = 6 + random.nextInt(40);
            StringBuilder chunk = new StringBuilder();
            int chunkTokens = 0;
            for (int s = 0; s < documentSentences && chunks.size() < count; s++) {
                String sentence = sentences.get(random.nextInt(sentences.size()));
                int tokens = tokenizer.countTokens(sentence);
                if (chunkTokens > 0 && chunkTokens + tokens > targetTokens) {
                    chunks.add(chunk.toString());
                    chunk.setLength(0);
                    chunkTokens = 0;
                }
                chunk.append(chunk.isEmpty() ? "" : " ").append(sentence);
                chunkTokens += tokens;
            }
            if (!chunk.isEmpty() && chunks.size() < count) {
                chunks.add(chunk.toString());
            }
        }
        return chunks;
    }

    static List<String> sentences() {
        try (InputStream in = BenchChunks.class.getClassLoader().getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IllegalStateException(CORPUS + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
