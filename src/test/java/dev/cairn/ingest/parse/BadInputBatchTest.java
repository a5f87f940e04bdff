package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.ChunkingPolicy;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.ingest.LibraryTest;
import dev.cairn.platform.Phrase;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, point 3, for every format it added, in one batch through the pipeline and the bundled
 * PostgreSQL: an empty, a truncated, a corrupt and an oversized file of each, a zip bomb of each
 * zip-based one and a password-protected one where the format has passwords. Each bad file is
 * listed with a reason in words; every good file is indexed.
 */
class BadInputBatchTest extends LibraryTest {

    private static final long LIMIT = ParseBudget.MB;
    private static final List<TestBooks.Chapter> CHAPTER =
            List.of(new TestBooks.Chapter("one.xhtml", "One", "<h1>One</h1><p>The quokka naps under the eaves.</p>"));
    /** The part each zip-based format reads its text from, where a bomb goes. */
    private static final Map<String, String> MAIN_PART = Map.of(
            "epub", "OEBPS/text/one.xhtml",
            "odt", "content.xml",
            "odp", "content.xml",
            "ods", "content.xml",
            "pptx", "ppt/slides/slide1.xml",
            "xlsx", "xl/worksheets/sheet1.xml");

    /** Well-formed XML that unpacks to 12 MB of blanks from a few kilobytes. */
    private static final byte[] BOMB =
            TestBooks.utf8("<?xml version=\"1.0\"?>" + " ".repeat(12 * (int) ParseBudget.MB) + "<x/>");

    @Test
    void everyNewFormatsBadFilesFailInWordsAndTheGoodOnesAreIndexed() throws Exception {
        ScannedPages.assumeTesseract();
        Path batch = Files.createDirectories(dir.resolve("batch"));
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        Map<String, Path> good = goodFiles(batch, scratch);
        Map<String, String> expected = new LinkedHashMap<>(); // bad file -> words its reason must hold
        Random random = new Random(16);
        for (var e : good.entrySet()) {
            String ext = e.getKey();
            byte[] bytes = Files.readAllBytes(e.getValue());
            Files.write(batch.resolve("empty." + ext), new byte[0]);
            expected.put("empty." + ext, "empty");
            Files.write(batch.resolve("truncated." + ext), Arrays.copyOf(bytes, bytes.length / 2));
            byte[] noise = new byte[4096];
            random.nextBytes(noise);
            Files.write(batch.resolve("corrupt." + ext), noise);
            expected.put("corrupt." + ext, "");
            byte[] big = Arrays.copyOf(bytes, (int) LIMIT + 4096);
            Files.write(batch.resolve("oversized." + ext), big);
            expected.put("oversized." + ext, "over Cairn's limit of 1 MB");
            if (MAIN_PART.containsKey(ext)) {
                rezip(e.getValue(), batch.resolve("bomb." + ext), MAIN_PART.get(ext), BOMB);
                expected.put("bomb." + ext, "");
            }
        }
        for (String ext : List.of("pptx", "xlsx")) {
            TestOffice.encrypt(good.get(ext), batch.resolve("locked." + ext));
            expected.put("locked." + ext, "password-protected");
        }
        for (String ext : List.of("odt", "odp", "ods")) {
            rezip(good.get(ext), batch.resolve("locked." + ext), "META-INF/manifest.xml", TestBooks.utf8("""
                    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
                     <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">
                      <manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>
                    </manifest:manifest>"""));
            expected.put("locked." + ext, "password-protected");
        }
        Map<String, byte[]> drm = TestBooks.epubParts("Locked", null, CHAPTER, true);
        drm.put("META-INF/encryption.xml", TestBooks.utf8("""
                <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
                    xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
                  <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
                    <enc:CipherData><enc:CipherReference URI="OEBPS/text/one.xhtml"/></enc:CipherData></enc:EncryptedData>
                </encryption>"""));
        TestBooks.zip(batch.resolve("locked.epub"), drm);
        expected.put("locked.epub", "encrypted");

        IngestSummary summary = new IngestPipeline(
                        parsers,
                        model,
                        store,
                        governor,
                        new IngestPipeline.Options(
                                ParseBudget.defaults().withMaxFileBytes(LIMIT),
                                ChunkingPolicy.DEFAULT,
                                2,
                                32,
                                2048,
                                false))
                .ingest(List.of(batch), false, new IngestControl(), IngestPipeline.Listener.NONE);

        Map<String, DocumentRecord> stored = store.listDocuments().stream()
                .filter(d -> !d.isPart())
                .collect(Collectors.toMap(d -> Path.of(d.path()).getFileName().toString(), Function.identity()));
        assertThat(summary.stopped()).isNull();
        for (String ext : good.keySet()) {
            assertThat(stored.get("good." + ext).status()).as("good." + ext).isEqualTo(DocumentStatus.INDEXED);
        }
        expected.forEach((name, words) -> {
            DocumentRecord d = stored.get(name);
            assertThat(d).as(name).isNotNull();
            assertThat(d.status()).as(name).isEqualTo(DocumentStatus.FAILED);
            assertThat(Phrase.english(d.error()))
                    .as(name)
                    .isNotBlank()
                    .contains(words)
                    .doesNotContain("Exception", "java.", "null");
        });
        for (String ext : good.keySet()) {
            DocumentRecord truncated = stored.get("truncated." + ext);
            assertThat(truncated.status() == DocumentStatus.INDEXED
                            || !truncated.error().isBlank())
                    .as("truncated." + ext + " is read as far as it goes, or fails in words: " + truncated.error())
                    .isTrue();
        }
        assertThat(store.fullTextSearch("quokka", 200).stream()
                        .map(h -> Path.of(h.path()).getFileName().toString())
                        .filter(n -> n.startsWith("good."))
                        .collect(Collectors.toSet()))
                .as("every good file is found by its words (the scans by theirs)")
                .isEqualTo(good.keySet().stream()
                        .filter(ext -> !List.of("png", "jpg", "tiff").contains(ext))
                        .map(ext -> "good." + ext)
                        .collect(Collectors.toSet()));
        assertThat(store.fullTextSearch("lighthouse keeper", 200).stream()
                        .map(h -> Path.of(h.path()).getFileName().toString())
                        .filter(n -> n.startsWith("good."))
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("good.png", "good.jpg", "good.tiff");
    }

    /** One good file of each new format, each about a quokka. */
    private static Map<String, Path> goodFiles(Path batch, Path scratch) throws Exception {
        String line = "The quokka naps under the eaves.";
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("epub", TestBooks.epub(batch.resolve("good.epub"), "Quokkas", "A. Writer", CHAPTER, true));
        files.put("odt", TestBooks.odt(batch.resolve("good.odt"), "Quokkas", "<text:p>" + line + "</text:p>"));
        files.put(
                "odp",
                TestBooks.zip(
                        batch.resolve("good.odp"),
                        TestOffice.odfParts(
                                "presentation",
                                "Quokkas",
                                TestOffice.odpPage("Quokkas", null, "<text:p>" + line + "</text:p>"))));
        files.put(
                "ods",
                TestBooks.zip(
                        batch.resolve("good.ods"),
                        TestOffice.odfParts(
                                "spreadsheet",
                                "Quokkas",
                                "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>note</text:p>"
                                        + "</table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>"
                                        + line + "</text:p></table:table-cell></table:table-row></table:table>")));
        Path pptx = TestOffice.pptx(scratch.resolve("slides.pptx"), "Quokkas");
        files.put("pptx", rezipText(pptx, batch.resolve("good.pptx"), "Boats moored rose by a fifth.", line));
        Path xlsx = TestOffice.xlsx(scratch.resolve("sheet.xlsx"));
        files.put("xlsx", rezipText(xlsx, batch.resolve("good.xlsx"), "monthly", "quokka"));
        files.put("rtf", Files.writeString(batch.resolve("good.rtf"), "{\\rtf1\\ansi " + line + "\\par}"));
        files.put("csv", Files.writeString(batch.resolve("good.csv"), "animal,habit\nquokka,naps under the eaves\n"));
        files.put("tsv", Files.writeString(batch.resolve("good.tsv"), "animal\thabit\nquokka\tnaps under the eaves\n"));
        files.put("eml", TestMail.eml(batch.resolve("good.eml"), "Quokkas", line, Map.of()));
        files.put(
                "mbox",
                TestMail.mbox(batch.resolve("good.mbox"), List.of(TestMail.message("Quokkas", line, Map.of()))));
        files.put("rst", Files.writeString(batch.resolve("good.rst"), "Quokkas\n=======\n\n" + line + "\n"));
        files.put("adoc", Files.writeString(batch.resolve("good.adoc"), "= Quokkas\n\n" + line + "\n"));
        files.put("org", Files.writeString(batch.resolve("good.org"), "* Quokkas\n" + line + "\n"));
        files.put(
                "py",
                Files.writeString(
                        batch.resolve("good.py"), "def quokka():\n    \"\"\"" + line + "\"\"\"\n    return 1\n"));
        files.put("json", Files.writeString(batch.resolve("good.json"), "{\"quokka\": \"naps under the eaves\"}\n"));
        files.put("png", ScannedPages.png(batch.resolve("good.png"), ScannedPages.LINES));
        javax.imageio.ImageIO.write(
                ScannedPages.page(ScannedPages.LINES),
                "jpg",
                batch.resolve("good.jpg").toFile());
        files.put("jpg", batch.resolve("good.jpg"));
        tiff(batch.resolve("good.tiff"));
        files.put("tiff", batch.resolve("good.tiff"));
        return files;
    }

    /** A grey, Deflate-compressed TIFF of the scanned page (uncompressed it would be over the batch's size limit). */
    private static void tiff(Path file) throws IOException {
        java.awt.image.BufferedImage grey =
                new java.awt.image.BufferedImage(1275, 1650, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(ScannedPages.page(ScannedPages.LINES), 0, 0, null);
        javax.imageio.ImageWriter writer =
                javax.imageio.ImageIO.getImageWritersByFormatName("tiff").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType("Deflate");
        try (javax.imageio.stream.ImageOutputStream out =
                javax.imageio.ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(grey, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** A copy of the package with {@code entry}'s bytes replaced (or added at the end). */
    private static Path rezip(Path from, Path to, String entry, byte[] data) throws IOException {
        Map<String, byte[]> parts = read(from);
        parts.put(entry, data);
        return TestBooks.zip(to, parts);
    }

    /** A copy of the package with {@code text} replaced by {@code with} in every XML part. */
    private static Path rezipText(Path from, Path to, String text, String with) throws IOException {
        Map<String, byte[]> parts = read(from);
        parts.replaceAll((name, bytes) -> name.endsWith(".xml")
                ? TestBooks.utf8(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace(text, with))
                : bytes);
        return TestBooks.zip(to, parts);
    }

    private static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                parts.put(e.getName(), in.readAllBytes());
            }
        }
        return parts;
    }
}
