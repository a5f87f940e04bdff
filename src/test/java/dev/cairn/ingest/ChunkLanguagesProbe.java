package dev.cairn.ingest;

import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.ModelTokenizer;
import dev.cairn.ingest.parse.Block;
import dev.cairn.ingest.parse.ParseBudget;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.text.Languages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Folders chunked as a new library does (256 tokens, no overlap, batches of 32), each chunk's
 * language told as ingest tells it now and as it did before the function-word check (the detector
 * on every chunk of 150 characters or more): how many chunks get another text-search configuration,
 * and the CPU time of each way (this thread's) (files parsed and chunked beforehand). With
 * {@code -Dprobe.out=FILE} each chunk's configuration as ingest tells it now is written to FILE, a
 * line a chunk, to compare two builds' with {@code diff}. Run by hand:
 *
 * <pre>java -cp ... dev.cairn.ingest.ChunkLanguagesProbe FOLDER...</pre>
 */
public final class ChunkLanguagesProbe {

    private static final int BATCH = 32;

    /** The detector's guesses asked for and skipped by the last round's {@link #asIngest}. */
    private static final long[] guesses = new long[2];

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private ChunkLanguagesProbe() {}

    public static void main(String[] args) throws Exception {
        try (Parsers parsers = Parsers.create();
                ModelTokenizer tokenizer = ModelTokenizer.load(ModelSpec.DEFAULT)) {
            Chunker chunker = new Chunker(TokenCounter.of(tokenizer), new ChunkingPolicy(256, 0));
            for (String arg : args) {
                List<List<Chunk>> documents = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(Path.of(arg))) {
                    for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                        List<Block> blocks = new ArrayList<>();
                        parsers.parse(file, ParseBudget.defaults(), blocks::add);
                        documents.add(chunker.chunk(blocks));
                    }
                }
                Languages.detect("warm the detector's profiles before the clock starts: the quick brown fox");
                for (int round = 0; round < 2; round++) { // the first round warms up
                    guesses[0] = 0;
                    guesses[1] = 0;
                    long t0 = CPU.getCurrentThreadCpuTime();
                    List<List<String>> before = documents.stream()
                            .map(ChunkLanguagesProbe::everyChunk)
                            .toList();
                    long t1 = CPU.getCurrentThreadCpuTime();
                    List<List<String>> now = documents.stream()
                            .map(ChunkLanguagesProbe::asIngest)
                            .toList();
                    long t2 = CPU.getCurrentThreadCpuTime();
                    if (round == 1 && System.getProperty("probe.out") != null) {
                        List<String> lines = new ArrayList<>();
                        for (List<String> document : now) {
                            document.forEach(language -> lines.add(Languages.textConfig(language)));
                        }
                        Files.write(
                                Path.of(System.getProperty("probe.out") + "."
                                        + Path.of(arg).getFileName()),
                                lines);
                    }
                    long chunks = 0;
                    long differ = 0;
                    TreeMap<String, Integer> configs = new TreeMap<>();
                    for (int d = 0; d < documents.size(); d++) {
                        for (int i = 0; i < before.get(d).size(); i++) {
                            chunks++;
                            String was = Languages.textConfig(before.get(d).get(i));
                            String is = Languages.textConfig(now.get(d).get(i));
                            configs.merge(is, 1, Integer::sum);
                            if (!Objects.equals(was, is)) {
                                differ++;
                                System.out.printf(
                                        Locale.ROOT,
                                        "  differs: %s -> %s: %.80s%n",
                                        was,
                                        is,
                                        documents.get(d).get(i).text().replace('\n', ' '));
                            }
                        }
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "round %d, %s: %d documents, %d chunks; detector on every chunk %.2f CPU-s, as ingest"
                                    + " now %.2f CPU-s (the detector asked about %d chunks, not asked about %d);"
                                    + " chunks with another configuration %d; configurations now %s%n",
                            round + 1,
                            arg,
                            documents.size(),
                            chunks,
                            (t1 - t0) / 1e9,
                            (t2 - t1) / 1e9,
                            guesses[0],
                            guesses[1],
                            differ,
                            configs);
                }
            }
        }
    }

    private static List<String> asIngest(List<Chunk> chunks) {
        ChunkLanguages languages = new ChunkLanguages();
        List<String> out = new ArrayList<>();
        for (int from = 0; from < chunks.size(); from += BATCH) {
            out.addAll(languages.of(chunks.subList(from, Math.min(chunks.size(), from + BATCH))));
        }
        guesses[0] += languages.guessesAsked();
        guesses[1] += languages.guessesSkipped();
        return out;
    }

    /** The rule before the function-word check: the document's language, then the detector on each chunk. */
    private static List<String> everyChunk(List<Chunk> chunks) {
        StringBuilder sample = new StringBuilder();
        for (Chunk c : chunks.subList(0, Math.min(BATCH, chunks.size()))) {
            if (sample.length() >= 2_000) {
                break;
            }
            sample.append(c.text()).append('\n');
        }
        String document = confident(sample, null);
        List<String> out = new ArrayList<>();
        for (Chunk c : chunks) {
            out.add(c.text().length() < 150 ? document : confident(c.text(), document));
        }
        return out;
    }

    private static String confident(CharSequence text, String otherwise) {
        return Languages.detect(text)
                .filter(Languages.Guess::confident)
                .map(Languages.Guess::language)
                .orElse(otherwise);
    }
}
