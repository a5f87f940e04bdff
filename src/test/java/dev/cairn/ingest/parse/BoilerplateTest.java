package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.Chunk;
import dev.cairn.ingest.ChunkStream;
import dev.cairn.ingest.Chunker;
import dev.cairn.ingest.ChunkingPolicy;
import dev.cairn.ingest.RealTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoilerplateTest extends ParsingTest {

    private static final Chunker CHUNKER = new Chunker(RealTokenizer.COUNTER, ChunkingPolicy.DEFAULT);

    private record Chunked(Collected parse, List<Chunk> chunks) {
        String text() {
            return parse.text();
        }

        String chunkText() {
            return String.join("\n", chunks.stream().map(Chunk::text).toList());
        }

        List<String> marked() {
            return parse.blocks().stream()
                    .filter(Block::boilerplate)
                    .map(b -> b.text().strip())
                    .toList();
        }
    }

    private static Chunked parseAndChunk(Parsers with, Path file, Chunker chunker) throws InterruptedException {
        List<Block> blocks = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        ParseOutcome outcome;
        try (ChunkStream stream = chunker.open(chunks::add)) {
            outcome = with.parse(file, ParseBudget.defaults(), b -> {
                blocks.add(b);
                stream.accept(b);
            });
        }
        Chunked c = new Chunked(new Collected(outcome, blocks), chunks);
        c.parse().parsed();
        for (Chunk chunk : chunks) {
            assertThat(c.text().substring((int) chunk.charStart(), (int) chunk.charEnd()))
                    .isEqualTo(chunk.text());
        }
        return c;
    }

    private static Chunked parseAndChunk(Path file) throws InterruptedException {
        return parseAndChunk(parsers, file, CHUNKER);
    }

    private static String docBookPage(String title, String chapter, String prev, String next, String body) {
        return """
                <html><head><title>%1$s</title></head><body>
                <div class="navheader"><table><tr><th colspan="5">%1$s</th></tr>
                <tr><td><a href="p.html">Prev</a></td><td><a href="u.html">Up</a></td><th>%2$s</th>
                <td><a href="index.html">Home</a></td><td><a href="n.html">Next</a></td></tr></table><hr></div>
                <div class="sect1"><h2>%1$s</h2>%5$s</div>
                <div class="navfooter"><hr><table><tr><td>Prev</td><td>Up</td><td>Next</td></tr>
                <tr><td>%3$s</td><td>Home</td><td>%4$s</td></tr></table></div>
                </body></html>
                """.formatted(title, chapter, prev, next, body);
    }

    // ---- navigation by markup -------------------------------------------------------------

    @Test
    void docBookNavigationStaysInTheDocumentTextButOutOfTheChunks() throws Exception {
        Path file = Files.writeString(
                dir.resolve("tutorial-arch.html"),
                docBookPage(
                        "1.2. Architectural Fundamentals",
                        "Chapter 1. Getting Started",
                        "1.1. Installation",
                        "1.3. Creating a Database",
                        "<p>PostgreSQL uses a client/server model.</p><p>The server forks a process for each connection.</p>"));

        Chunked c = parseAndChunk(file);

        assertThat(c.text())
                .startsWith("1.2. Architectural Fundamentals\n\nPrev Up Chapter 1. Getting Started Home Next\n\n")
                .endsWith("Prev Up Next\n\n1.1. Installation Home 1.3. Creating a Database\n\n");
        assertThat(c.marked())
                .containsExactly(
                        "1.2. Architectural Fundamentals",
                        "Prev Up Chapter 1. Getting Started Home Next",
                        "Prev Up Next",
                        "1.1. Installation Home 1.3. Creating a Database");
        assertThat(c.chunks()).singleElement().satisfies(chunk -> {
            assertThat(chunk.text())
                    .isEqualTo(
                            "PostgreSQL uses a client/server model.\n\nThe server forks a process for each connection.");
            assertThat(chunk.heading()).isEqualTo("1.2. Architectural Fundamentals");
        });
    }

    @Test
    void sphinxBarsAndSidebarAreFurnitureAndTheirHeadingsNameNoSection() throws Exception {
        Path file = Files.writeString(dir.resolve("json.html"), """
                <html><head><title>json — JSON encoder and decoder</title></head><body>
                <div class="related" role="navigation"><h3>Navigation</h3><ul><li>index</li><li>modules |</li></ul></div>
                <div class="document"><div class="body" role="main">
                <h1>json — JSON encoder and decoder</h1><p>JSON is a lightweight data interchange format.</p>
                <h2>Basic Usage</h2><p>Serialize obj as a JSON formatted stream to fp.</p>
                </div></div>
                <div class="sphinxsidebar" role="navigation"><h3>Table of Contents</h3><ul><li>Basic Usage</li></ul></div>
                <div class="footer">© Copyright 2001-2026, Python Software Foundation.</div>
                </body></html>
                """);

        Chunked c = parseAndChunk(file);

        assertThat(c.marked())
                .containsExactly(
                        "index", "modules |", "Basic Usage", "© Copyright 2001-2026, Python Software Foundation.");
        assertThat(c.text()).doesNotContain("Navigation", "Table of Contents"); // headings were never text, as before
        assertThat(c.chunks())
                .extracting(Chunk::heading)
                .containsExactly("json — JSON encoder and decoder", "Basic Usage");
        assertThat(c.chunkText()).doesNotContain("modules |", "Copyright");
    }

    @Test
    void aPageOfOnlyNavigationIsStillIndexed() throws Exception {
        Path file = Files.writeString(dir.resolve("frame.html"), """
                <html><head><title>Contents</title></head><body>
                <div role="navigation"><p>Overview of the harbour archive</p><p>Tide tables by year</p></div>
                </body></html>
                """);

        Chunked c = parseAndChunk(file);

        assertThat(c.marked()).hasSize(2);
        assertThat(c.chunks())
                .singleElement()
                .extracting(Chunk::text)
                .isEqualTo("Overview of the harbour archive\n\nTide tables by year");
    }

    // ---- text repeated across a folder ----------------------------------------------------

    private static final String SITE_HEADER = "Acme Wiki | Home | Search | Help\n\n";
    private static final String SITE_FOOTER = "Last edited by the wiki team.\n\n(c) Acme 2026. All rights reserved.\n";

    /** Six pages of one site, each with the site's header and footer and a "Parameters" line mid-text. */
    private Path wiki() throws Exception {
        Path site = Files.createDirectories(dir.resolve("wiki"));
        String[] topics = {"anchors", "buoys", "cranes", "docks", "ferries", "gantries"};
        for (String topic : topics) {
            Files.writeString(
                    site.resolve(topic + ".txt"),
                    SITE_HEADER
                            + "How the harbour keeps its " + topic + " in working order, season after season.\n\n"
                            + "Parameters\n\n"
                            + "The " + topic + " are inspected every spring by the harbour master.\n\n"
                            + SITE_FOOTER);
        }
        return site;
    }

    @Test
    void textRepeatedAtTheEdgesOfAFoldersDocumentsIsKeptOutOfTheChunks() throws Exception {
        Path site = wiki();

        for (Path page : List.of(site.resolve("anchors.txt"), site.resolve("gantries.txt"))) {
            Chunked c = parseAndChunk(page);

            assertThat(c.text()).isEqualTo(Files.readString(page)); // the document text is untouched
            assertThat(c.marked())
                    .as(page.toString())
                    .containsExactly(
                            "Acme Wiki | Home | Search | Help",
                            "Last edited by the wiki team.",
                            "(c) Acme 2026. All rights reserved.");
            assertThat(c.chunkText())
                    .doesNotContain("Acme Wiki", "All rights reserved")
                    .contains("How the harbour keeps its", "inspected every spring");
        }
    }

    @Test
    void citationsPointIntoTheTextTheSourceViewerShows() throws Exception {
        Path site = wiki();
        Path html = Files.writeString(
                site.resolve("tutorial-arch.html"),
                docBookPage(
                        "1.2. Architectural Fundamentals",
                        "Chapter 1",
                        "1.1. Installation",
                        "1.3. Creating a Database",
                        "<p>PostgreSQL uses a client/server model.</p>"));

        for (Path page : List.of(site.resolve("cranes.txt"), html)) {
            Chunked c = parseAndChunk(page);
            String shown = SourcePassages.documentText(page);

            assertThat(c.marked()).isNotEmpty();
            assertThat(shown).isEqualTo(c.text());
            for (Chunk chunk : c.chunks()) {
                assertThat(shown.substring((int) chunk.charStart(), (int) chunk.charEnd()))
                        .isEqualTo(chunk.text());
            }
        }
    }

    @Test
    void repeatedTextBetweenADocumentsOwnTextIsContent() throws Exception {
        Chunked c = parseAndChunk(wiki().resolve("docks.txt"));

        assertThat(c.marked()).doesNotContain("Parameters");
        assertThat(c.chunks())
                .singleElement()
                .extracting(Chunk::text)
                .isEqualTo("How the harbour keeps its docks in working order, season after season.\n\nParameters\n\n"
                        + "The docks are inspected every spring by the harbour master.");
    }

    @Test
    void aDocumentOfOnlyRepeatedTextIsStillIndexed() throws Exception {
        Path site = wiki();
        Path empty = Files.writeString(site.resolve("zz-placeholder.txt"), SITE_HEADER + SITE_FOOTER);

        Chunked c = parseAndChunk(empty);

        assertThat(c.marked()).hasSize(3);
        assertThat(c.chunks())
                .singleElement()
                .extracting(Chunk::text)
                .isEqualTo(
                        "Acme Wiki | Home | Search | Help\n\nLast edited by the wiki team.\n\n(c) Acme 2026. All rights reserved.");
    }

    @Test
    void aFolderWithTooFewDocumentsMarksNothing() throws Exception {
        Path site = Files.createDirectories(dir.resolve("small"));
        for (String topic : List.of("anchors", "buoys", "cranes")) {
            Files.writeString(site.resolve(topic + ".txt"), SITE_HEADER + "About " + topic + ".\n\n" + SITE_FOOTER);
        }

        assertThat(parseAndChunk(site.resolve("cranes.txt")).marked()).isEmpty();
    }

    @Test
    void whatIsMarkedDependsOnTheFolderNotOnWhatWasReadBefore() throws Exception {
        Path site = wiki();
        Path page = site.resolve("ferries.txt");
        List<String> afterTheOthers;
        try (Parsers fresh = Parsers.create()) {
            for (String other : List.of("anchors", "buoys", "cranes", "docks")) {
                parseAndChunk(fresh, site.resolve(other + ".txt"), CHUNKER);
            }
            afterTheOthers = parseAndChunk(fresh, page, CHUNKER).marked();
        }
        List<String> alone;
        try (Parsers fresh = Parsers.create()) {
            alone = parseAndChunk(fresh, page, CHUNKER).marked();
        }

        assertThat(alone).hasSize(3).isEqualTo(afterTheOthers);
    }

    @Test
    void aChangedFolderIsLearntAgain() throws Exception {
        Path site = wiki();
        assertThat(parseAndChunk(site.resolve("buoys.txt")).marked()).hasSize(3);

        for (String topic : List.of("anchors", "cranes", "docks", "ferries", "gantries")) {
            Path page = site.resolve(topic + ".txt");
            Files.writeString(page, Files.readString(page).replace("Acme Wiki", "Acme Harbour Wiki"));
        }

        assertThat(parseAndChunk(site.resolve("buoys.txt")).marked()).hasSize(2); // only the footer is still shared
    }

    @Test
    void filesAddedAfterTheReferencesDoNotMakeThemReadAgain() throws Exception {
        Path site = wiki();
        for (String topic :
                List.of("harbours", "inlets", "jetties")) { // nine pages: the first eight are the references
            Files.writeString(site.resolve(topic + ".txt"), SITE_HEADER + "About " + topic + ".\n\n" + SITE_FOOTER);
        }
        RepeatedText repeated = new RepeatedText();
        List<Path> read = new ArrayList<>();
        RepeatedText.EdgeReader reader = file -> {
            read.add(file.getFileName());
            RepeatedText.EdgeSampler edges = new RepeatedText.EdgeSampler();
            parsers.parseText(file, edges);
            return edges.edges();
        };

        Set<Long> first = repeated.repeatedFor(site.resolve("docks.txt"), reader);
        Files.setLastModifiedTime(site, FileTime.fromMillis(0)); // as if the folder changed
        Files.writeString(site.resolve("quays.txt"), SITE_HEADER + "New page.\n\n" + SITE_FOOTER);
        Set<Long> again = repeated.repeatedFor(site.resolve("quays.txt"), reader);
        Files.writeString(site.resolve("buoys.txt"), "Rewritten.\n");
        Set<Long> afterAReferenceChanged = repeated.repeatedFor(site.resolve("quays.txt"), reader);

        assertThat(first).hasSize(4); // header, "Parameters", two footer lines
        assertThat(again).isEqualTo(first);
        assertThat(read).hasSize(16); // each reference once, and again after one of them changed
        assertThat(afterAReferenceChanged).hasSize(4);
    }

    // ---- chunking around boilerplate ------------------------------------------------------

    /** Blocks that tile a document, as a parser emits them; {@code B:} marks boilerplate. */
    private static List<Block> tiled(StringBuilder doc, String... texts) {
        List<Block> blocks = new ArrayList<>();
        for (String t : texts) {
            boolean boiler = t.startsWith("B:");
            String text = boiler ? t.substring(2) : t;
            blocks.add(new Block(text, "Notes", null, doc.length(), boiler));
            doc.append(text);
        }
        return blocks;
    }

    @Test
    void blankTextAroundLeadingBoilerplateDoesNotShiftOffsets() {
        StringBuilder doc = new StringBuilder();
        List<Chunk> chunks = CHUNKER.chunk(tiled(doc, "\n\n", "B:Home | Search\n\n", "\n", "Real text.\n\n"));

        assertThat(chunks).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("Real text.");
            assertThat(doc.substring((int) c.charStart(), (int) c.charEnd())).isEqualTo("Real text.");
        });
    }

    @Test
    void moreLeadingBoilerplateThanCanBeHeldIsIndexedInOnePiece() {
        StringBuilder doc = new StringBuilder();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 80; i++) { // 80 x ~1 K characters of navigation, blank lines between, no content
            texts.add("B:" + ("Menu entry " + i + " ").repeat(80) + "\n\n");
            texts.add("\n");
        }
        List<Chunk> chunks = CHUNKER.chunk(tiled(doc, texts.toArray(String[]::new)));

        assertThat(chunks).isNotEmpty();
        for (Chunk c : chunks) {
            assertThat(doc.substring((int) c.charStart(), (int) c.charEnd())).isEqualTo(c.text());
        }
        assertThat(chunks.getFirst().text()).startsWith("Menu entry 0 ");
        assertThat(chunks.getLast().text()).endsWith("Menu entry 79");
    }

    @Test
    void noChunkOrOverlapSpansBoilerplate() {
        Chunker small = new Chunker(RealTokenizer.COUNTER, new ChunkingPolicy(40, 0.3));
        List<Block> blocks = new ArrayList<>();
        long at = 0;
        String sentence = "The tide rises twice a day along this stretch of the coast. ";
        String[] texts = {sentence.repeat(3) + "\n\n", "Back to top | Next page\n\n", sentence.repeat(3) + "\n\n"};
        boolean[] boiler = {false, true, false};
        StringBuilder doc = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            blocks.add(new Block(texts[i], "Tides", null, at, boiler[i]));
            doc.append(texts[i]);
            at += texts[i].length();
        }

        List<Chunk> chunks = small.chunk(blocks);

        long navStart = texts[0].length();
        long navEnd = navStart + texts[1].length();
        assertThat(chunks.size()).isGreaterThan(2);
        for (Chunk c : chunks) {
            assertThat(doc.substring((int) c.charStart(), (int) c.charEnd())).isEqualTo(c.text());
            assertThat(c.charEnd() <= navStart || c.charStart() >= navEnd)
                    .as(c.toString())
                    .isTrue();
        }
        assertThat(chunks)
                .extracting(Chunk::index)
                .containsExactly(java.util.stream.IntStream.range(0, chunks.size())
                        .boxed()
                        .toArray(Integer[]::new));
    }
}
