package dev.cairn.ingest.parse;

import static dev.cairn.ingest.parse.TestBooks.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Slides (PPTX, ODP) and spreadsheets (XLSX, ODS): text, slides and notes, sheets and rows, titles, and bad files. */
class SlidesAndSheetsTest extends ParsingTest {

    private static List<String> blocks(Collected c) {
        return c.blocks().stream()
                .map(b -> b.page() + " | " + b.heading() + " | " + b.text().strip())
                .toList();
    }

    private void assertFails(Path file, FailureReason reason, String words) throws InterruptedException {
        ParseOutcome.Failed failed = parse(file).failed();
        assertThat(failed.reason())
                .as(file.getFileName() + ": " + failed.message())
                .isEqualTo(reason);
        assertThat(failed.message()).as(file.getFileName().toString()).contains(words);
    }

    // ---- slides -------------------------------------------------------------------------------

    @Test
    void pptxFramesCarryTheSlideNumberTitleAndNotes() throws Exception {
        Collected c = parse(TestOffice.pptx(dir.resolve("plans.pptx"), "Harbour Plans 2026"));

        assertThat(c.parsed().title()).isEqualTo("Harbour Plans 2026");
        assertThat(c.parsed().mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.presentationml.presentation");
        assertThat(c.parsed().pageCount()).isEqualTo(3);
        assertThat(blocks(c))
                .containsExactly(
                        "1 | Slide 1 \u2014 Harbour Plans | Harbour Plans",
                        "1 | Slide 1 \u2014 Harbour Plans | Spring meeting",
                        "2 | Slide 2 \u2014 Results | Results",
                        "2 | Slide 2 \u2014 Results | Boats moored rose by a fifth.",
                        "2 | Slide 2 \u2014 Results | Source: harbour office ledger",
                        "2 | Slide 2 \u2014 Results (notes) | Mention the storm in March.",
                        "3 | Slide 3 | A slide without a title.");
    }

    @Test
    void pptxWithoutATitleIsNamedByItsFirstSlide() throws Exception {
        Collected c = parse(TestOffice.pptx(dir.resolve("untitled.pptx"), null));

        assertThat(c.parsed().title()).isEqualTo("Harbour Plans");
    }

    @Test
    void odpFramesCarryTheSlideNumberTitleAndNotes() throws Exception {
        String body = TestOffice.odpPage("Harbour  Plans", null, "<text:p>Spring meeting</text:p>")
                + TestOffice.odpPage(
                        "Results",
                        "Mention the storm in March.",
                        "<text:list><text:list-item><text:p>Boats moored</text:p></text:list-item>"
                                + "<text:list-item><text:p>rose by<text:s/>a fifth.</text:p></text:list-item></text:list>",
                        "<text:p>Source: ledger<office:annotation><text:p>check this</text:p></office:annotation></text:p>")
                + TestOffice.odpPage(null, null, "<text:p>A slide without a title.</text:p>");
        Path file = TestBooks.zip(dir.resolve("plans.odp"), TestOffice.odfParts("presentation", null, body));

        Collected c = parse(file);

        assertThat(c.parsed().title()).isEqualTo("Harbour Plans");
        assertThat(c.parsed().mediaType()).isEqualTo("application/vnd.oasis.opendocument.presentation");
        assertThat(c.parsed().pageCount()).isEqualTo(3);
        assertThat(blocks(c))
                .containsExactly(
                        "1 | Slide 1 \u2014 Harbour Plans | Harbour Plans",
                        "1 | Slide 1 \u2014 Harbour Plans | Spring meeting",
                        "2 | Slide 2 \u2014 Results | Results",
                        "2 | Slide 2 \u2014 Results | Boats moored\nrose by a fifth.",
                        "2 | Slide 2 \u2014 Results | Source: ledger",
                        "2 | Slide 2 \u2014 Results (notes) | Mention the storm in March.",
                        "3 | Slide 3 | A slide without a title.");
    }

    @Test
    void odpTitleComesFromItsMetadataFirst() throws Exception {
        Path file = TestBooks.zip(
                dir.resolve("meta.odp"),
                TestOffice.odfParts(
                        "presentation",
                        "The Harbour Deck",
                        TestOffice.odpPage("Opening", null, "<text:p>Welcome</text:p>")));

        assertThat(parse(file).parsed().title()).isEqualTo("The Harbour Deck");
    }

    // ---- spreadsheets -------------------------------------------------------------------------

    @Test
    void xlsxRowsReadWithTheirColumnNamesAndFormulasAsValues() throws Exception {
        Collected c = parse(TestOffice.xlsx(dir.resolve("house.xlsx")));

        assertThat(c.parsed().title()).isEqualTo("Household");
        assertThat(c.parsed().mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(blocks(c))
                .containsExactly(
                        "null | Budget, rows 2-5 | Item: Rent; Cost: 900; Note: monthly\nItem: Food; Cost: 350\nItem: Total; Cost: 1250",
                        "null | People, row 2 | Name: Ann; City: Oslo");
    }

    @Test
    void aHundredThousandRowSheetStreamsInChunkSizedBlocks() throws Exception {
        Path file = TestOffice.bigXlsx(dir.resolve("log.xlsx"), 100_000);
        long[] seen = new long[2];
        String[] last = new String[1];

        ParseOutcome outcome = parsers.parse(file, ParseBudget.defaults(), b -> {
            seen[0]++;
            seen[1] = Math.max(seen[1], b.text().length());
            last[0] = b.heading() + " | "
                    + b.text().strip().lines().reduce((a, z) -> z).orElse("");
        });

        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(seen[0]).isGreaterThan(1_000);
        assertThat(seen[1]).isLessThan(TableRows.TARGET_BLOCK_CHARS + 200);
        assertThat(last[0]).endsWith("-100001 | Id: 100000; Event: event number 100000");
    }

    @Test
    void odsRowsCountRepeatsWithoutExpandingThem() throws Exception {
        String body = "<table:table table:name=\"Budget\">"
                + "<table:table-column table:number-columns-repeated=\"16384\"/>"
                + "<table:table-row><table:table-cell><text:p>Item</text:p></table:table-cell>"
                + "<table:table-cell><text:p>Cost</text:p></table:table-cell></table:table-row>"
                + "<table:table-row><table:table-cell><text:p>Rent</text:p></table:table-cell>"
                + "<table:table-cell office:value-type=\"float\" office:value=\"900\"><text:p>900</text:p></table:table-cell>"
                + "<table:table-cell table:number-columns-repeated=\"16382\"/></table:table-row>"
                + "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
                + "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell><text:p>Fee</text:p></table:table-cell>"
                + "<table:table-cell table:formula=\"of:=[.B2]/90\" office:value-type=\"float\" office:value=\"10\"><text:p>10</text:p>"
                + "<office:annotation><text:p>a comment</text:p></office:annotation></table:table-cell></table:table-row>"
                + "<table:table-row><table:table-cell table:number-columns-repeated=\"2\"><text:p>x</text:p></table:table-cell></table:table-row>"
                + "</table:table>"
                + "<table:table table:name=\"Empty\"><table:table-row table:number-rows-repeated=\"1048576\">"
                + "<table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table>"
                + "<table:table table:name=\"People\"><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell></table:table-row>"
                + "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Ann</text:p><text:p>Berg</text:p>"
                + "</table:table-cell></table:table-row></table:table>";
        Path file = TestBooks.zip(dir.resolve("house.ods"), TestOffice.odfParts("spreadsheet", "Household", body));

        Collected c = parse(file);

        assertThat(c.parsed().title()).isEqualTo("Household");
        assertThat(c.parsed().mediaType()).isEqualTo("application/vnd.oasis.opendocument.spreadsheet");
        assertThat(blocks(c))
                .containsExactly(
                        "null | Budget, rows 2-1048005 | Item: Rent; Cost: 900\nItem: Fee; Cost: 10\nItem: Fee; Cost: 10\nItem: x; Cost: x",
                        "null | People, row 2 | Name: Ann Berg");
    }

    @Test
    void anOdsWithoutMetadataIsNamedByItsFile() throws Exception {
        String body =
                "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>A</text:p></table:table-cell></table:table-row>"
                        + "<table:table-row><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>";

        Collected c = parse(TestBooks.zip(dir.resolve("notes.ods"), TestOffice.odfParts("spreadsheet", null, body)));

        assertThat(c.parsed().title()).isEqualTo("notes");
        assertThat(blocks(c)).containsExactly("null | S, row 2 | A: b");
    }

    // ---- bad files ----------------------------------------------------------------------------

    @Test
    void emptyTruncatedAndCorruptOfficeFilesEachSayWhy() throws Exception {
        for (String ext : List.of("pptx", "xlsx", "odp", "ods")) {
            assertFails(Files.createFile(dir.resolve("empty." + ext)), FailureReason.EMPTY, "empty (0 bytes)");
        }
        byte[] pptx = Files.readAllBytes(TestOffice.pptx(dir.resolve("whole.pptx"), "T"));
        assertFails(
                Files.write(dir.resolve("cut.pptx"), Arrays.copyOf(pptx, pptx.length / 2)),
                FailureReason.CORRUPT,
                "damaged or truncated");
        byte[] xlsx = Files.readAllBytes(TestOffice.xlsx(dir.resolve("whole.xlsx")));
        assertFails(
                Files.write(dir.resolve("cut.xlsx"), Arrays.copyOf(xlsx, xlsx.length / 2)),
                FailureReason.CORRUPT,
                "damaged or truncated");
        assertFails(
                Files.write(dir.resolve("noise.xlsx"), "not a spreadsheet at all".getBytes()),
                FailureReason.CORRUPT,
                "Not an Excel (.xlsx) file");

        Path garbledPptx = replaceEntry(
                dir.resolve("whole.pptx"),
                dir.resolve("garbled.pptx"),
                "ppt/slides/slide2.xml",
                utf8("<p:sld never closed"));
        assertFails(garbledPptx, FailureReason.CORRUPT, "This PowerPoint file is damaged");
        Path garbledXlsx = replaceEntry(
                dir.resolve("whole.xlsx"),
                dir.resolve("garbled.xlsx"),
                "xl/worksheets/sheet1.xml",
                utf8("<worksheet><sheetData><row"));
        assertFails(garbledXlsx, FailureReason.CORRUPT, "This Excel spreadsheet is damaged");

        Map<String, byte[]> garbledOds = TestOffice.odfParts("spreadsheet", null, "");
        garbledOds.put("content.xml", utf8("<office:document-content><table:table>never closed"));
        assertFails(
                TestBooks.zip(dir.resolve("garbled.ods"), garbledOds),
                FailureReason.CORRUPT,
                "its part content.xml could not be read");
        Map<String, byte[]> noContent = TestOffice.odfParts("presentation", null, "");
        noContent.remove("content.xml");
        assertFails(
                TestBooks.zip(dir.resolve("nocontent.odp"), noContent),
                FailureReason.CORRUPT,
                "has no content.xml inside");
        assertFails(
                TestBooks.zip(
                        dir.resolve("blank.odp"),
                        TestOffice.odfParts("presentation", null, TestOffice.odpPage(null, null))),
                FailureReason.EMPTY,
                "no text");
    }

    @Test
    void passwordProtectedOfficeFilesSaySo() throws Exception {
        Path pptx = TestOffice.encrypt(TestOffice.pptx(dir.resolve("open.pptx"), "T"), dir.resolve("locked.pptx"));
        assertFails(pptx, FailureReason.ENCRYPTED, "password-protected");
        Path xlsx = TestOffice.encrypt(TestOffice.xlsx(dir.resolve("open.xlsx")), dir.resolve("locked.xlsx"));
        assertFails(xlsx, FailureReason.ENCRYPTED, "password-protected");

        Map<String, byte[]> locked = TestOffice.odfParts("spreadsheet", null, "");
        locked.put("META-INF/manifest.xml", utf8("""
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">
                  <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>
                 </manifest:file-entry>
                </manifest:manifest>"""));
        locked.put("content.xml", new byte[] {0x13, 0x37, 0x00, (byte) 0xFF});
        assertFails(TestBooks.zip(dir.resolve("locked.ods"), locked), FailureReason.ENCRYPTED, "password-protected");
    }

    @Test
    void zipBombsAreRefusedWithAReason() throws Exception {
        String padding = " ".repeat(8 * 1024 * 1024);
        Path pptx = replaceEntry(
                TestOffice.pptx(dir.resolve("small.pptx"), "T"),
                dir.resolve("bomb.pptx"),
                "ppt/slides/slide1.xml",
                utf8("<?xml version=\"1.0\"?>" + padding + "<x/>"));
        assertFails(pptx, FailureReason.RESOURCE_LIMIT, "zip bomb");
        Path xlsx = replaceEntry(
                TestOffice.xlsx(dir.resolve("small.xlsx")),
                dir.resolve("bomb.xlsx"),
                "xl/worksheets/sheet1.xml",
                utf8("<?xml version=\"1.0\"?>" + padding + "<x/>"));
        assertFails(xlsx, FailureReason.RESOURCE_LIMIT, "zip bomb");

        Map<String, byte[]> ods = TestOffice.odfParts("spreadsheet", null, "");
        ods.put("content.xml", utf8(TestOffice.content("spreadsheet", padding)));
        assertFails(TestBooks.zip(dir.resolve("bomb.ods"), ods), FailureReason.RESOURCE_LIMIT, "zip bomb");
    }

    @Test
    void externalEntitiesAreNeverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "hunter2");
        String doctype = "<!DOCTYPE x [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>";
        Map<String, byte[]> ods = TestOffice.odfParts("spreadsheet", null, "");
        ods.put(
                "content.xml",
                utf8(TestOffice.content(
                                "spreadsheet",
                                "<table:table table:name=\"S\"><table:table-row>"
                                        + "<table:table-cell><text:p>A</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell>"
                                        + "<text:p>&leak;</text:p></table:table-cell></table:table-row></table:table>")
                        .replaceFirst("\n", "\n" + doctype + "\n")));
        Collected c = parse(TestBooks.zip(dir.resolve("xxe.ods"), ods));
        assertThat(c.text()).doesNotContain("hunter2");

        Path xlsx = replaceEntry(
                TestOffice.xlsx(dir.resolve("plain.xlsx")),
                dir.resolve("xxe.xlsx"),
                "xl/worksheets/sheet2.xml",
                utf8(
                        "<?xml version=\"1.0\"?>" + doctype
                                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                                + "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&leak;</t></is></c></row></sheetData></worksheet>"));
        assertThat(parse(xlsx).text()).doesNotContain("hunter2");
    }

    /** A copy of the package with one entry's bytes replaced. */
    private static Path replaceEntry(Path from, Path to, String name, byte[] bytes) throws Exception {
        try (ZipFile in = new ZipFile(from.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : in.stream().toList()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(
                        e.getName().equals(name) ? bytes : in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        return to;
    }
}
