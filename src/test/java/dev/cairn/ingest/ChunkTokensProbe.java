package dev.cairn.ingest;

import dev.cairn.embed.ModelInputs;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.ModelTokenizer;
import dev.cairn.ingest.parse.Block;
import dev.cairn.ingest.parse.ParseBudget;
import dev.cairn.ingest.parse.Parsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder chunked twice, tokenizing every chunk again (as before) and putting each chunk's model
 * input together from the chunker's tokens: whether the chunks are the same, whether every input is
 * the chunk's text encoded, and the chunking time of each (the files parsed once beforehand). Run by hand:
 *
 * <pre>java -cp ... dev.cairn.ingest.ChunkTokensProbe FOLDER [MODEL]</pre>
 */
public final class ChunkTokensProbe {

    private ChunkTokensProbe() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        ModelSpec spec = args.length > 1 ? ModelSpec.byId(args[1]) : ModelSpec.DEFAULT;
        List<List<Block>> documents = new ArrayList<>();
        try (Parsers parsers = Parsers.create();
                Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                List<Block> blocks = new ArrayList<>();
                parsers.parse(file, ParseBudget.defaults(), blocks::add);
                documents.add(blocks);
            }
        }
        try (ModelTokenizer now = ModelTokenizer.load(spec);
                ModelTokenizer before = ModelTokenizer.load(spec)) {
            Chunker assembling = new Chunker(TokenCounter.of(now), ChunkingPolicy.DEFAULT);
            Chunker tokenizingAgain =
                    new Chunker(ChunkTokensTest.withoutTokens(TokenCounter.of(before)), ChunkingPolicy.DEFAULT);
            for (int round = 0; round < 2; round++) { // the first round warms up
                long t0 = System.nanoTime();
                List<List<Chunk>> old =
                        documents.stream().map(tokenizingAgain::chunk).toList();
                long t1 = System.nanoTime();
                List<List<Chunk>> assembled =
                        documents.stream().map(assembling::chunk).toList();
                long t2 = System.nanoTime();
                long chunks = assembled.stream().mapToLong(List::size).sum();
                long differentDocuments = 0;
                for (int i = 0; i < documents.size(); i++) {
                    differentDocuments += old.get(i).equals(assembled.get(i)) ? 0 : 1;
                }
                long wrongInputs = 0;
                for (List<Chunk> document : assembled) {
                    for (Chunk c : document) {
                        long[] taken = ModelInputs.taken(now, c.embeddingText());
                        wrongInputs += Arrays.equals(taken, ModelInputs.encodedAfresh(spec, c.embeddingText())) ? 0 : 1;
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "round %d, %s: %d documents, %d chunks; tokenizing each chunk again %.2f s, assembling %.2f s;"
                                + " documents chunked differently %d; inputs assembled so far %d; inputs not the"
                                + " text encoded %d%n",
                        round + 1,
                        spec.id(),
                        documents.size(),
                        chunks,
                        (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9,
                        differentDocuments,
                        now.assembledInputs(),
                        wrongInputs);
            }
        }
    }
}
