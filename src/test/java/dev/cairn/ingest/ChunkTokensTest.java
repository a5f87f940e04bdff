package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelInputs;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.ModelTokenizer;
import dev.cairn.ingest.parse.BigText;
import dev.cairn.ingest.parse.Block;
import dev.cairn.ingest.parse.ParseBudget;
import dev.cairn.ingest.parse.ParseOutcome;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.TestDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chunker's tokens go to the model: a chunk's model input is put together from the tokens its
 * pieces were counted with, not from tokenizing its text again, and it is exactly what encoding the
 * text would give. The chunks are the same as when every chunk is tokenized again.
 */
class ChunkTokensTest {

    @TempDir
    static Path corpus;

    private static Parsers parsers;

    @BeforeAll
    static void writeCorpus() throws Exception {
        parsers = Parsers.create();
        BigText.write(corpus.resolve("prose.txt"), 150_000);
        Files.writeString(corpus.resolve("guide.md"), guide());
        Files.writeString(corpus.resolve("long-sentence.md"), longSentence());
        Files.writeString(corpus.resolve("cjk.txt"), cjk());
        Files.writeString(corpus.resolve("blobs.txt"), blobs());
        Files.writeString(corpus.resolve("odd-spaces.txt"), oddSpaces());
        for (String command : List.of("select", "insert", "vacuum")) {
            Files.writeString(corpus.resolve("sql-" + command + ".html"), manualPage(command));
        }
        List<List<String>> pages = IntStream.range(0, 6)
                .mapToObj(p -> List.of(
                        "Page " + (p + 1) + " of the field notes: the glacier retreated again this year.",
                        "Walkers on a glacier rope up, because snow bridges can hide crevasses.",
                        "Résumé: the hut at the col sleeps forty climbers from June to September."))
                .toList();
        TestDocuments.pdf(corpus.resolve("notes.pdf"), pages, null, null);
    }

    @AfterAll
    static void stopParsers() {
        parsers.close();
    }

    static List<ModelSpec> shippedModels() {
        return ModelSpec.all();
    }

    @ParameterizedTest
    @MethodSource("shippedModels")
    void everyChunksModelInputIsItsTextEncodedAndTheChunksAreAsBefore(ModelSpec spec) throws Exception {
        try (ModelTokenizer tokenizer = ModelTokenizer.load(spec);
                ModelTokenizer before = ModelTokenizer.load(spec)) {
            TokenCounter reusing = TokenCounter.of(tokenizer);
            TokenCounter tokenizingEachChunk = withoutTokens(TokenCounter.of(before));
            int chunks = 0;
            for (Path file : files()) {
                long assembledBefore = tokenizer.assembledInputs();

                List<Chunk> now = chunk(file, reusing);

                assertThat(now).as("%s with %s", file.getFileName(), spec.id()).isNotEmpty();
                assertThat(now)
                        .as("%s with %s: chunks as when each is tokenized again", file.getFileName(), spec.id())
                        .isEqualTo(chunk(file, tokenizingEachChunk));
                for (Chunk c : now) {
                    assertThat(ModelInputs.taken(tokenizer, c.embeddingText()))
                            .as("%s chunk %d with %s", file.getFileName(), c.index(), spec.id())
                            .isEqualTo(ModelInputs.encodedAfresh(spec, c.embeddingText()));
                }
                long assembled = tokenizer.assembledInputs() - assembledBefore;
                if (Stream.of("prose.txt", "guide.md", "sql-select.html", "notes.pdf")
                        .anyMatch(file.getFileName().toString()::equals)) {
                    assertThat(assembled)
                            .as("%s: every chunk from the tokens it was counted with", file.getFileName())
                            .isEqualTo(now.size());
                }
                chunks += now.size();
            }
            assertThat(chunks).isGreaterThan(100);
            assertThat(before.assembledInputs()).isZero();
        }
    }

    @Test
    void blocksThatMeetAtACharacterTheTokenizerDeletesAreTokenizedAsOneText() {
        ModelSpec spec = ModelSpec.DEFAULT;
        try (ModelTokenizer tokenizer = ModelTokenizer.load(spec)) {
            Chunker chunker = new Chunker(TokenCounter.of(tokenizer), ChunkingPolicy.DEFAULT);
            // BERT deletes a form feed or a file separator (Java calls both white space): "up" and
            // "crevasses" become one word. A no-break space is white space to both.
            for (String between : List.of("\f", "\u001c", "\u00a0")) {
                String first = "Walkers rope up" + between;
                List<Block> blocks = List.of(
                        new Block(first, "Ropes", null, 0),
                        new Block("crevasses hide under snow.", "Ropes", null, first.length()));
                long assembledBefore = tokenizer.assembledInputs();

                List<Chunk> chunks = chunker.chunk(blocks);

                assertThat(chunks).hasSize(1);
                String text = chunks.getFirst().embeddingText();
                assertThat(ModelInputs.taken(tokenizer, text)).isEqualTo(ModelInputs.encodedAfresh(spec, text));
                assertThat(tokenizer.assembledInputs() - assembledBefore)
                        .as("U+%04X between the blocks", (int) between.charAt(0))
                        .isEqualTo(between.equals("\u00a0") ? 1 : 0);
            }
        }
    }

    private static List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(corpus)) {
            return files.sorted().toList();
        }
    }

    private static List<Chunk> chunk(Path file, TokenCounter counter) throws InterruptedException {
        List<Chunk> chunks = new ArrayList<>();
        ParseOutcome outcome;
        try (ChunkStream stream = new Chunker(counter, ChunkingPolicy.DEFAULT).open(chunks::add)) {
            outcome = parsers.parse(file, ParseBudget.defaults(), stream);
        }
        assertThat(outcome).as(file.toString()).isInstanceOf(ParseOutcome.Parsed.class);
        return chunks;
    }

    /** The same counter, without the tokens: every chunk is counted by tokenizing its text, as before. */
    static TokenCounter withoutTokens(TokenCounter counter) {
        return new TokenCounter() {
            @Override
            public int count(String text) {
                return counter.count(text);
            }

            @Override
            public int[] tokenStarts(String text) {
                return counter.tokenStarts(text);
            }

            @Override
            public int countChunk(String text) {
                return counter.countChunk(text);
            }
        };
    }

    private static String guide() {
        StringBuilder md = new StringBuilder("# Mountain safety\n\n");
        String[] headings = {"Glaciers and crevasses", "Huts — opening times", "Café stops in the Alps 🏔️", "Ropes"};
        for (String heading : headings) {
            md.append("## ").append(heading).append("\n\n");
            for (int p = 0; p < 8; p++) {
                md.append("Walkers on a glacier rope up, because snow bridges can hide crevasses. ")
                        .append("The naïve climber trusts the façade of fresh snow; the résumé of accidents says why. ")
                        .append("Use `ropeLength >= 30` and a prusik 🪢 on every rope.\n\n");
            }
            md.append("- first point with [SEP] and [MASK] written out\n- second point, Ångström and Straße\n\n");
            md.append("```\nSELECT * FROM huts WHERE open_from <= now();\n```\n\n");
        }
        return md.toString();
    }

    /** A paragraph longer than a chunk, with no full stop: cut in groups of words, the groups packed. */
    private static String longSentence() {
        StringBuilder md = new StringBuilder("# One long sentence\n\n");
        Random random = new Random(7);
        String[] words = {"snow", "bridge", "crevasse", "rope", "anchor", "glacier", "serac", "moraine"};
        for (int i = 0; i < 1500; i++) {
            md.append(words[random.nextInt(words.length)]).append(i % 17 == 16 ? ", " : " ");
        }
        md.append("end.\n");
        return md.toString();
    }

    private static String cjk() {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 30; p++) {
            text.append("冰川在自身重量的作用下缓慢地向下移动。在冰川上行走的人要结组，因为雪桥可能掩盖裂缝。")
                    .append("氷河を歩く人はロープで結び合う。한국어 문장도 있습니다. Mixed 中文English混合 text.\n\n");
        }
        return text.toString();
    }

    private static String blobs() {
        byte[] bytes = new byte[4000];
        new Random(3).nextBytes(bytes);
        String base64 = Base64.getEncoder().encodeToString(bytes);
        String url = "https://example.org/" + "path/segment-".repeat(300) + "end?q=1";
        String longParagraph =
                "A paragraph longer than a chunk's characters, without a blank line, about ropes and huts. ".repeat(60);
        return "Data follows.\n\n" + base64 + "\n\nA link: " + url + " and more words after it.\n\n" + longParagraph
                + "\n\nThe end of the blobs.\n";
    }

    private static String oddSpaces() {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 40; p++) {
            text.append("No-break\u00a0spaces\u00a0join words; a line\u2028separator and a\tparagraph.\r\n")
                    .append("A form feed\fjoins, a file separator\u001cjoins, a zero\u200bwidth space too.\r\n")
                    .append("Ideographic\u3000space and thin\u2009space between words. ")
                    .append("Emoji without spaces:😀🚀👍🏽done.\r\n\r\n");
        }
        return text.toString();
    }

    /** A page shaped like the PostgreSQL manual's: navigation above and below, a synopsis, prose, a table. */
    private static String manualPage(String command) {
        String upper = command.toUpperCase();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>")
                .append(upper)
                .append("</title></head><body>")
                .append("<div class=\"navheader\"><table width=\"100%\"><tr><th colspan=\"5\">")
                .append(upper)
                .append("</th></tr><tr><td><a href=\"prev.html\">Prev</a></td><td><a href=\"up.html\">Up</a></td>")
                .append("<td>SQL Commands</td><td><a href=\"index.html\">Home</a></td>")
                .append("<td><a href=\"next.html\">Next</a></td></tr></table><hr></div>")
                .append("<div class=\"refentry\"><h2>")
                .append(upper)
                .append(" — ")
                .append(command)
                .append(" rows of a table</h2><pre class=\"synopsis\">")
                .append(upper)
                .append(" [ ( <em>option</em> [, ...] ) ] [ <em>table_and_columns</em> [, ...] ]\n")
                .append(
                        "    where option can be one of:\n    FULL [ <em>boolean</em> ]\n    VERBOSE [ <em>boolean</em> ]</pre>")
                .append("<h2>Description</h2>");
        for (int p = 0; p < 12; p++) {
            html.append("<p><code class=\"command\">")
                    .append(upper)
                    .append("</code> reclaims storage occupied by dead tuples. In normal PostgreSQL operation, tuples ")
                    .append("that are deleted or obsoleted by an update are not physically removed from their table; ")
                    .append("they remain present until a <code class=\"command\">VACUUM</code> is done (see ")
                    .append("<a href=\"routine-vacuuming.html\">Section 25.1</a>).</p>");
        }
        html.append("<h2>Parameters</h2><dl>");
        for (String parameter : List.of("FULL", "VERBOSE", "ANALYZE", "table_name")) {
            html.append("<dt><span class=\"term\"><code class=\"literal\">")
                    .append(parameter)
                    .append("</code></span></dt><dd><p>Selects the ")
                    .append(parameter.toLowerCase())
                    .append(" behaviour, which can reclaim more space, but takes much longer and exclusively locks ")
                    .append("the table.</p></dd>");
        }
        html.append("</dl><table><tr><th>Column</th><th>Type</th></tr>")
                .append("<tr><td>relname</td><td>name</td></tr><tr><td>relpages</td><td>int4</td></tr></table>")
                .append("<pre class=\"programlisting\">")
                .append(upper)
                .append(
                        " (VERBOSE, ANALYZE) onek;\nSELECT relname, relpages FROM pg_class WHERE relname ~ '^pg_';</pre>")
                .append(
                        "</div><div class=\"navfooter\"><hr><table width=\"100%\"><tr><td><a href=\"prev.html\">Prev</a>")
                .append("</td><td><a href=\"up.html\">Up</a></td><td><a href=\"next.html\">Next</a></td></tr>")
                .append("</table></div></body></html>");
        return html.toString();
    }
}
