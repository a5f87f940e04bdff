package dev.cairn.embed;

import dev.cairn.ingest.Chunk;
import dev.cairn.ingest.ChunkStream;
import dev.cairn.ingest.Chunker;
import dev.cairn.ingest.ChunkingPolicy;
import dev.cairn.ingest.TokenCounter;
import dev.cairn.ingest.parse.Parsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures ONNX Runtime's options on real chunks, in one JVM, each setting after the other and then
 * again in reverse order, so that machine load hits them alike: intra-op threads 1 or 2, spinning
 * on or off, and texts per call. For texts per call above 1 it also says how far a text's vector
 * moves with its batch neighbours (the cache keys on the text alone). Run by hand; figures go to
 * docs/decisions/0013-progressive-indexing.md:
 *
 * <pre>java -cp ... dev.cairn.embed.OrtOptionsProbe MODEL_ID FOLDER [MAX_CHUNKS [TEXTS_PER_CALL,...]]</pre>
 */
public final class OrtOptionsProbe {

    private OrtOptionsProbe() {}

    private record Setting(int intraOp, boolean spinning, int maxBatch) {
        @Override
        public String toString() {
            return "intra-op " + intraOp + (spinning ? ", spinning" : ", no spinning") + ", " + maxBatch + " per call";
        }
    }

    public static void main(String[] args) throws Exception {
        ModelSpec model = ModelSpec.byId(args[0]);
        Path folder = Path.of(args[1]);
        int max = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int[] perCall = args.length > 3
                ? java.util.Arrays.stream(args[3].split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : model.maxBatch() == 1 ? new int[] {1, 8, 32} : new int[] {32};
        List<String> texts = chunks(model, folder, max);
        System.out.printf(Locale.ROOT, "%d chunks of %s, model %s%n", texts.size(), folder, model.id());

        List<Setting> settings = new ArrayList<>();
        for (int batch : perCall) {
            settings.add(new Setting(2, true, batch));
            settings.add(new Setting(2, false, batch));
            settings.add(new Setting(1, true, batch));
            settings.add(new Setting(1, false, batch));
        }
        List<float[]> reference = null;
        double[][] seconds = new double[settings.size()][2];
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < settings.size(); k++) {
                int i = round == 0 ? k : settings.size() - 1 - k;
                Setting s = settings.get(i);
                System.setProperty(OnnxEmbedder.INTRA_OP_PROPERTY, Integer.toString(s.intraOp()));
                System.setProperty(OnnxEmbedder.SPINNING_PROPERTY, Boolean.toString(s.spinning()));
                System.setProperty(OnnxEmbedder.MAX_BATCH_PROPERTY, Integer.toString(s.maxBatch()));
                ModelSpec unbounded = model.withMaxBatch(Math.max(model.maxBatch(), s.maxBatch()));
                try (OnnxEmbedder embedder = OnnxEmbedder.create(unbounded)) {
                    embedder.embed("load the model before the clock starts");
                    long t0 = System.nanoTime();
                    List<float[]> vectors = new ArrayList<>();
                    for (int from = 0; from < texts.size(); from += 32) {
                        vectors.addAll(embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + 32))));
                    }
                    seconds[i][round] = (System.nanoTime() - t0) / 1e9;
                    if (reference == null) {
                        reference = vectors;
                    }
                    double worst = 0;
                    for (int t = 0; t < vectors.size(); t++) {
                        worst = Math.max(worst, 1 - VectorMath.cosine(reference.get(t), vectors.get(t)));
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "round %d  %-40s %6.1f s  %5.1f chunks/s  max 1-cos vs first %.2e%n",
                            round + 1,
                            s,
                            seconds[i][round],
                            texts.size() / seconds[i][round],
                            worst);
                }
            }
        }
        System.out.println("best of both rounds:");
        for (int i = 0; i < settings.size(); i++) {
            double best = Math.min(seconds[i][0], seconds[i][1]);
            System.out.printf(Locale.ROOT, "  %-40s %5.1f chunks/s%n", settings.get(i), texts.size() / best);
        }
    }

    private static List<String> chunks(ModelSpec model, Path folder, int max) throws Exception {
        List<String> texts = new ArrayList<>();
        try (ModelTokenizer tokenizer = ModelTokenizer.load(model);
                Parsers parsers = Parsers.create();
                Stream<Path> files = Files.list(folder)) {
            Chunker chunker = new Chunker(
                    TokenCounter.withOffsets(
                            tokenizer::countTokens, s -> tokenizer.tokenize(s).starts()),
                    ChunkingPolicy.DEFAULT);
            for (Path file : files.sorted().toList()) {
                if (texts.size() >= max) {
                    break;
                }
                try (ChunkStream stream = chunker.open((Chunk c) -> texts.add(c.embeddingText()))) {
                    parsers.parse(file, stream);
                }
            }
        }
        return texts.subList(0, Math.min(max, texts.size()));
    }
}
