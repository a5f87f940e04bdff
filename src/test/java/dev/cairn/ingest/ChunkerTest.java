package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.ingest.parse.BigText;
import dev.cairn.ingest.parse.Block;
import dev.cairn.ingest.parse.Collected;
import dev.cairn.ingest.parse.ParseBudget;
import dev.cairn.ingest.parse.ParseOutcome;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.TestDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkerTest {

    private static final TokenCounter TOKENS = RealTokenizer.COUNTER;
    private static final Chunker CHUNKER = new Chunker(TOKENS, ChunkingPolicy.DEFAULT);
    private static Parsers parsers;

    @TempDir
    Path dir;

    @BeforeAll
    static void startParsers() {
        parsers = Parsers.create();
    }

    @AfterAll
    static void stopParsers() {
        parsers.close();
    }

    /** Parses a file and chunks it; returns the document text and the chunks. */
    private record Chunked(String text, List<Chunk> chunks) {}

    private Chunked parseAndChunk(Path file, Chunker chunker) throws InterruptedException {
        List<Block> blocks = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        ParseOutcome outcome;
        try (ChunkStream stream = chunker.open(chunks::add)) {
            outcome = parsers.parse(file, ParseBudget.defaults(), b -> {
                blocks.add(b);
                stream.accept(b);
            });
        }
        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        return new Chunked(new Collected(outcome, blocks).text(), chunks);
    }

    private Path prose(String name, long bytes) throws Exception {
        Path file = dir.resolve(name);
        BigText.write(file, bytes);
        return file;
    }

    @Test
    void noChunkIsOverTheModelLimitByTheRealTokenizer() throws Exception {
        Chunked c = parseAndChunk(prose("prose.txt", 400_000), CHUNKER);

        assertThat(c.chunks()).hasSizeGreaterThan(300);
        for (Chunk chunk : c.chunks()) {
            int withSpecialTokens = TOKENS.count(chunk.embeddingText()) + 2;
            assertThat(withSpecialTokens).as("chunk %d", chunk.index()).isLessThanOrEqualTo(256);
            assertThat(chunk.tokens()).isEqualTo(withSpecialTokens - 2);
        }
        // packed close to the limit, not timidly
        double meanTokens =
                c.chunks().stream().mapToInt(Chunk::tokens).average().orElseThrow();
        assertThat(meanTokens).isGreaterThan(200);
    }

    @Test
    void theTokenizerRunsAboutOncePerChunkNotOncePerSentence() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        TokenCounter counted = TokenCounter.withOffsets(
                text -> {
                    calls.incrementAndGet();
                    return TOKENS.count(text);
                },
                text -> {
                    calls.incrementAndGet();
                    return TOKENS.tokenStarts(text);
                });

        Chunked c = parseAndChunk(prose("prose.txt", 400_000), new Chunker(counted, ChunkingPolicy.DEFAULT));

        assertThat((double) calls.get() / c.chunks().size()).isLessThan(2.0);
    }

    @Test
    void countingFromTokenOffsetsCutsTheSameChunksAsCountingEachPiece() throws Exception {
        Path file = prose("prose.txt", 200_000);
        TokenCounter pieceByPiece = TOKENS::count; // no offsets: every paragraph and sentence is tokenized alone

        List<Chunk> fromOffsets = parseAndChunk(file, CHUNKER).chunks();
        List<Chunk> counted = parseAndChunk(file, new Chunker(pieceByPiece, ChunkingPolicy.DEFAULT))
                .chunks();

        assertThat(fromOffsets).hasSizeGreaterThan(100).isEqualTo(counted);
    }

    @Test
    void eachChunkIsTheDocumentTextBetweenItsOffsets() throws Exception {
        Chunked c = parseAndChunk(prose("prose.txt", 200_000), CHUNKER);
        String document = Files.readString(dir.resolve("prose.txt"));

        assertThat(c.text()).isEqualTo(document);
        for (Chunk chunk : c.chunks()) {
            assertThat(document.substring((int) chunk.charStart(), (int) chunk.charEnd()))
                    .isEqualTo(chunk.text());
        }
        assertThat(c.chunks())
                .extracting(Chunk::index)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, c.chunks().size())
                                .boxed()
                                .toList());
    }

    @Test
    void chunksStartAndEndAtWordBoundaries() throws Exception {
        Chunked c = parseAndChunk(prose("prose.txt", 200_000), CHUNKER);
        String doc = c.text();

        for (Chunk chunk : c.chunks()) {
            int start = (int) chunk.charStart();
            int end = (int) chunk.charEnd();
            assertThat(start == 0 || Character.isWhitespace(doc.charAt(start - 1)))
                    .as(
                            "chunk %d starts a word: ...%s|%s",
                            chunk.index(),
                            doc.substring(Math.max(0, start - 10), start),
                            doc.substring(start, Math.min(doc.length(), start + 10)))
                    .isTrue();
            assertThat(end == doc.length() || Character.isWhitespace(doc.charAt(end)))
                    .as("chunk %d ends a word", chunk.index())
                    .isTrue();
        }
    }

    @Test
    void everyWordOfTheDocumentIsInSomeChunk() throws Exception {
        Chunked c = parseAndChunk(prose("prose.txt", 100_000), CHUNKER);
        boolean[] covered = new boolean[c.text().length()];
        c.chunks().forEach(ch -> Arrays.fill(covered, (int) ch.charStart(), (int) ch.charEnd(), true));

        for (int i = 0; i < covered.length; i++) {
            if (!covered[i]) {
                assertThat(Character.isWhitespace(c.text().charAt(i)))
                        .as("uncovered char at %d is whitespace", i)
                        .isTrue();
            }
        }
    }

    @Test
    void consecutiveChunksOverlapByAboutFifteenPercent() throws Exception {
        Chunked c = parseAndChunk(prose("prose.txt", 300_000), new Chunker(TOKENS, new ChunkingPolicy(256, 0.15)));

        List<Double> shares = new ArrayList<>();
        for (int i = 1; i < c.chunks().size(); i++) {
            Chunk previous = c.chunks().get(i - 1);
            Chunk next = c.chunks().get(i);
            assertThat(next.charStart()).isGreaterThan(previous.charStart());
            String shared = next.charStart() < previous.charEnd()
                    ? c.text().substring((int) next.charStart(), (int) previous.charEnd())
                    : "";
            shares.add((double) TOKENS.count(shared) / TOKENS.count(previous.text()));
        }
        double mean = shares.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isBetween(0.12, 0.18);
        assertThat(shares).allSatisfy(s -> assertThat(s).isBetween(0.0, 0.3));
    }

    @Test
    void withoutOverlapSentencesThatFitStayWhole() {
        Chunker small = new Chunker(TOKENS, new ChunkingPolicy(40, 0.0));
        String text = "Cairn reads your files. It splits them into chunks! Does each chunk end a sentence? "
                + "It should, when sentences are short enough. This one is short. So is this. And the last one.";

        List<Chunk> chunks = small.chunk(List.of(new Block(text, "", null, 0)));

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks).allSatisfy(ch -> assertThat(ch.text()).matches("(?s).*[.!?]"));
        assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList())).isEqualTo(text);
    }

    @Test
    void headingsGoWithTheirChunksAndIntoTheEmbeddingText() throws Exception {
        StringBuilder md = new StringBuilder("# Alpha\n\n");
        Random random = new Random(3);
        for (String section : List.of("Alpha", "Beta", "Gamma")) {
            if (!section.equals("Alpha")) {
                md.append("## ").append(section).append("\n\n");
            }
            for (int p = 0; p < 12; p++) {
                md.append(section.toLowerCase())
                        .append(" paragraph ")
                        .append(p)
                        .append(" with words ")
                        .append("lorem ipsum dolor ".repeat(5 + random.nextInt(10)))
                        .append(".\n\n");
            }
        }
        Chunked c = parseAndChunk(Files.writeString(dir.resolve("sections.md"), md), CHUNKER);

        assertThat(c.chunks()).extracting(Chunk::heading).containsSubsequence("Alpha", "Beta", "Gamma");
        for (Chunk chunk : c.chunks()) {
            String own = chunk.heading().toLowerCase() + " paragraph";
            assertThat(chunk.text()).contains(own); // never spans two sections:
            for (String other : List.of("alpha", "beta", "gamma")) {
                if (!own.startsWith(other)) {
                    assertThat(chunk.text()).doesNotContain(other + " paragraph");
                }
            }
            assertThat(chunk.embeddingText()).isEqualTo(chunk.heading() + "\n" + chunk.text());
            assertThat(TOKENS.count(chunk.embeddingText()) + 2).isLessThanOrEqualTo(256);
        }
    }

    @Test
    void pdfChunksKeepTheirPageNumbers() throws Exception {
        List<List<String>> pages = new ArrayList<>();
        for (int p = 1; p <= 4; p++) {
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < 40; l++) {
                lines.add("Page " + p + " line " + l + " talks about cairns, ridges and maps.");
            }
            pages.add(lines);
        }
        Chunked c = parseAndChunk(TestDocuments.pdf(dir.resolve("pages.pdf"), pages, null, null), CHUNKER);

        assertThat(c.chunks()).extracting(Chunk::page).containsSubsequence(1, 2, 3, 4);
        for (Chunk chunk : c.chunks()) {
            assertThat(chunk.text())
                    .contains("Page " + chunk.page() + " line")
                    .doesNotContain("Page " + (chunk.page() + 1));
            assertThat(c.text().substring((int) chunk.charStart(), (int) chunk.charEnd()))
                    .isEqualTo(chunk.text());
        }
    }

    @Test
    void cjkTextWithoutSpacesIsChunkedWithinTheLimitAndOverlaps() {
        String sentence = "石塚は山道の目印として旅人を導き、霧の中でも迷わないように積み上げられた石である。";
        String text = sentence.repeat(60);

        List<Chunk> chunks = CHUNKER.chunk(List.of(new Block(text, "山の記録", null, 0)));

        assertThat(chunks).hasSizeGreaterThan(3);
        for (Chunk chunk : chunks) {
            assertThat(TOKENS.count(chunk.embeddingText()) + 2).isLessThanOrEqualTo(256);
            assertThat(text.substring((int) chunk.charStart(), (int) chunk.charEnd()))
                    .isEqualTo(chunk.text());
        }
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).charStart()).isLessThan(chunks.get(i - 1).charEnd()); // overlap without spaces
        }
    }

    @Test
    void aFiveThousandCharacterUrlOrBase64BlobIsCutIntoBoundedRuns() {
        StringBuilder url = new StringBuilder("https://example.org/archive?");
        Random random = new Random(9);
        while (url.length() < 5000) {
            url.append("key")
                    .append(random.nextInt(1000))
                    .append('=')
                    .append(Long.toHexString(random.nextLong()))
                    .append('&');
        }
        byte[] bytes = new byte[3750];
        random.nextBytes(bytes);
        String blob = Base64.getEncoder().encodeToString(bytes); // 5,000 characters, no spaces
        String text = "See " + url + " for the data. The attachment was " + blob + " in base64. Then the text goes on.";

        List<Chunk> chunks = CHUNKER.chunk(List.of(new Block(text, "Links", null, 0)));

        assertThat(chunks).hasSizeGreaterThan(2);
        boolean[] covered = new boolean[text.length()];
        for (Chunk chunk : chunks) {
            assertThat(TOKENS.count(chunk.embeddingText()) + 2).isLessThanOrEqualTo(256);
            assertThat(chunk.text().length()).isLessThanOrEqualTo(254 * Chunker.MAX_CHARS_PER_TOKEN);
            assertThat(text.substring((int) chunk.charStart(), (int) chunk.charEnd()))
                    .isEqualTo(chunk.text());
            Arrays.fill(covered, (int) chunk.charStart(), (int) chunk.charEnd(), true);
        }
        for (int i = 0; i < covered.length; i++) {
            assertThat(covered[i] || text.charAt(i) == ' ')
                    .as("char %d covered", i)
                    .isTrue();
        }
        assertThat(chunks.getLast().text()).endsWith("Then the text goes on.");
    }

    @Test
    void anOverlongHeadingIsShortenedToAQuarterOfTheBudget() {
        String heading = "A heading that goes on and on ".repeat(30).strip();
        List<Chunk> chunks = CHUNKER.chunk(List.of(new Block("Short body text.", heading, null, 0)));

        assertThat(chunks).singleElement().satisfies(ch -> {
            assertThat(heading).startsWith(ch.heading());
            assertThat(TOKENS.count(ch.heading())).isLessThanOrEqualTo(254 / 4);
            assertThat(ch.text()).isEqualTo("Short body text.");
        });
    }

    @Test
    void aPolicyThatCannotWorkIsRefusedWithAnExplanation() {
        assertThatThrownBy(() -> new ChunkingPolicy(10, 0.15))
                .hasMessageContaining("maxTokens must leave at least 16 tokens");
        assertThatThrownBy(() -> new ChunkingPolicy(256, 0.9))
                .hasMessageContaining("overlap must be between 0 and 0.5");
    }
}
