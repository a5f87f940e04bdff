package dev.cairn.ingest;

import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.ModelTokenizer;
import dev.cairn.ingest.parse.ParseOutcome;
import dev.cairn.ingest.parse.Parsers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and chunks a folder with the real MiniLM tokenizer (no ONNX model) and prints what the
 * model would be given: chunks and model tokens (each chunk's tokens plus [CLS] and [SEP]). Run by
 * hand for docs/decisions/0012-boilerplate.md; not a test.
 *
 * <pre>
 * java -cp ... dev.cairn.ingest.ChunkFigures chunks DIR [OVERLAP ...]   # e.g. 0.15 0.10 0
 * java -cp ... dev.cairn.ingest.ChunkFigures designs DIR SIZE/OVERLAP/CAP ...  # e.g. 256/0.10/256 256/0/128
 * java -cp ... dev.cairn.ingest.ChunkFigures blocks FILE                # one file's blocks, boilerplate marked
 * java -cp ... dev.cairn.ingest.ChunkFigures repeats DIR [TOP]          # block texts by how many files hold them
 * java -cp ... dev.cairn.ingest.ChunkFigures text DIR                    # a hash of each file's document text
 * </pre>
 */
public final class ChunkFigures {

    private ChunkFigures() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path path = Path.of(args[1]);
        try (Parsers parsers = Parsers.create();
                ModelTokenizer tokenizer = ModelTokenizer.load(ModelSpec.ALL_MINILM_L6_V2)) {
            TokenCounter counter = TokenCounter.withOffsets(
                    tokenizer::countTokens, text -> tokenizer.tokenize(text).starts());
            switch (mode) {
                case "chunks" -> {
                    List<String> overlaps = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("0.15");
                    for (String overlap : overlaps) {
                        chunks(
                                parsers,
                                new Chunker(counter, new ChunkingPolicy(256, Double.parseDouble(overlap))),
                                path,
                                Integer.MAX_VALUE);
                    }
                }
                case "designs" -> {
                    for (String design : List.of(args).subList(2, args.length)) {
                        String[] d = design.split("/");
                        int cap = Integer.parseInt(d[2]);
                        chunks(
                                parsers,
                                new Chunker(
                                        counter, new ChunkingPolicy(Integer.parseInt(d[0]), Double.parseDouble(d[1]))),
                                path,
                                cap);
                    }
                }
                case "blocks" ->
                    parsers.parse(
                            path,
                            b -> System.out.printf(
                                    "%s%6d %-30.30s | %s%n",
                                    b.boilerplate() ? "B" : " ",
                                    b.charStart(),
                                    b.heading(),
                                    b.text().strip().replace("\n", "\\n")));
                case "repeats" -> repeats(parsers, path, args.length > 2 ? Integer.parseInt(args[2]) : 40);
                case "text" -> {
                    for (Path file : FileWalker.walk(List.of(path))) {
                        StringBuilder text = new StringBuilder();
                        parsers.parse(file, b -> text.append(b.text()));
                        System.out.printf("%08x %d %s%n", text.toString().hashCode(), text.length(), file);
                    }
                }
                default -> throw new IllegalArgumentException("mode: chunks, blocks, repeats or text; got " + mode);
            }
        }
    }

    /** Chunks a folder; the model tokens count at most {@code cap} tokens a chunk (the model reads only that many). */
    private static void chunks(Parsers parsers, Chunker chunker, Path dir, int cap) throws InterruptedException {
        long start = System.nanoTime();
        long[] totals = new long[3]; // chunks, model tokens, chunk characters
        int files = 0;
        int failed = 0;
        long chars = 0;
        for (Path file : FileWalker.walk(List.of(dir))) {
            ParseOutcome outcome;
            try (ChunkStream stream = chunker.open(c -> {
                totals[0]++;
                totals[1] += Math.min(cap, c.tokens() + 2);
                totals[2] += c.text().length();
            })) {
                outcome = parsers.parse(file, stream);
            }
            files++;
            if (outcome instanceof ParseOutcome.Parsed p) {
                chars += p.chars();
            } else {
                failed++;
            }
        }
        System.out.printf(
                "RESULT size=%d overlap=%.2f cap=%d files=%d failed=%d document_chars=%d chunks=%d model_tokens=%d chunk_chars=%d seconds=%.1f%n",
                chunker.policy().maxTokens(),
                chunker.policy().overlap(),
                cap,
                files,
                failed,
                chars,
                totals[0],
                totals[1],
                totals[2],
                (System.nanoTime() - start) / 1e9);
    }

    private static void repeats(Parsers parsers, Path dir, int top) throws InterruptedException {
        Map<String, Integer> docs = new HashMap<>();
        for (Path file : FileWalker.walk(List.of(dir))) {
            Map<String, Boolean> seen = new HashMap<>();
            parsers.parse(file, b -> seen.put(b.text().strip().replaceAll("\\s+", " "), b.boilerplate()));
            seen.forEach((text, boiler) -> docs.merge((boiler ? "B " : "  ") + text, 1, Integer::sum));
        }
        docs.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("%5d %.110s%n", e.getValue(), e.getKey()));
    }
}
