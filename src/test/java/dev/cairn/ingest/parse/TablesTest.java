package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CSV and TSV: rows as readable lines with their column names, row ranges in the headings. */
class TablesTest extends ParsingTest {

    @Test
    void csvRowsBecomeColumnValueLinesUnderTheirRowRange() throws Exception {
        Path file = Files.writeString(dir.resolve("people.csv"), """
                name,age,city
                Ann,31,Oslo
                "Berg, Bo",45,"Malmö"
                "Cy ""the quick"" Dee",,"New
                York"
                """);

        Collected c = parse(file);

        assertThat(c.parsed().title()).isEqualTo("people");
        assertThat(c.parsed().mediaType()).isEqualTo("text/csv");
        assertThat(c.blocks()).hasSize(1);
        Block block = c.blocks().getFirst();
        assertThat(block.heading()).isEqualTo("people.csv, rows 2-4");
        assertThat(block.text()).isEqualTo("""
                name: Ann; age: 31; city: Oslo
                name: Berg, Bo; age: 45; city: Malmö
                name: Cy "the quick" Dee; city: New York

                """);
    }

    @Test
    void everyBlockOfALongTableCarriesTheColumnNamesAndItsOwnRows() throws Exception {
        StringBuilder sb = new StringBuilder("id,product,price\r\n");
        for (int i = 1; i <= 500; i++) {
            sb.append(i)
                    .append(",Widget number ")
                    .append(i)
                    .append(',')
                    .append(i * 3)
                    .append("\r\n");
        }
        Collected c = parse(Files.writeString(dir.resolve("prices.csv"), sb.toString()));

        assertThat(c.blocks()).hasSizeGreaterThan(10);
        long expectedFirst = 2;
        for (Block b : c.blocks()) {
            String[] lines = b.text().strip().split("\n");
            for (String line : lines) {
                assertThat(line).startsWith("id: ").contains("; product: Widget number ", "; price: ");
            }
            long last = expectedFirst + lines.length - 1;
            assertThat(b.heading()).isEqualTo("prices.csv, rows " + expectedFirst + "-" + last);
            assertThat(b.text().length()).isLessThan(TableRows.TARGET_BLOCK_CHARS + 200);
            expectedFirst = last + 1;
        }
        assertThat(expectedFirst).isEqualTo(502);
    }

    @Test
    void tsvInUtf16WithAByteOrderMarkAsExcelSavesIt() throws Exception {
        Path file = dir.resolve("export.tsv");
        Files.write(file, "\uFEFFCity\tCountry\nZürich\tSchweiz\n".getBytes(StandardCharsets.UTF_16LE));

        Collected c = parse(file);

        assertThat(c.parsed().mediaType()).isEqualTo("text/tab-separated-values");
        assertThat(c.text()).isEqualTo("City: Zürich; Country: Schweiz\n\n");
        assertThat(c.blocks().getFirst().heading()).isEqualTo("export.tsv, row 2");
    }

    @Test
    void latin1CsvWithSemicolonsIsDecodedAndSplitRight() throws Exception {
        Path file = dir.resolve("umsatz.csv");
        Files.write(file, "Stadt;Umsatz\nKöln;1.234,50\nMünchen;99,00\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(parse(file).text()).isEqualTo("Stadt: Köln; Umsatz: 1.234,50\nStadt: München; Umsatz: 99,00\n\n");
    }

    @Test
    void excelsSepLineChoosesTheDelimiterAndIsNotARow() throws Exception {
        Path file = Files.writeString(dir.resolve("sep.csv"), "sep=|\na|b\n1|2\n");

        Collected c = parse(file);

        assertThat(c.text()).isEqualTo("a: 1; b: 2\n\n");
        assertThat(c.blocks().getFirst().heading()).isEqualTo("sep.csv, row 2");
    }

    @Test
    void raggedRowsKeepWhatTheyHaveAndNameExtraCellsByPosition() throws Exception {
        Path file = Files.writeString(dir.resolve("ragged.csv"), "a,b,c\n1\n1,2,3,4,5\n,,\n7,8\n");

        Collected c = parse(file);

        assertThat(c.text()).isEqualTo("a: 1\na: 1; b: 2; c: 3; column 4: 4; column 5: 5\na: 7; b: 8\n\n");
        assertThat(c.blocks().getFirst().heading()).isEqualTo("ragged.csv, rows 2-5");
    }

    @Test
    void aHeaderWithoutRowsStillIndexesItsColumnNames() throws Exception {
        Collected c = parse(Files.writeString(dir.resolve("empty-table.csv"), "invoice,amount,due date\n"));

        assertThat(c.text()).isEqualTo("Columns: invoice; amount; due date\n\n");
        assertThat(c.blocks().getFirst().heading()).isEqualTo("empty-table.csv, row 1");
    }

    @Test
    void aHugeRowIsCutBetweenCellsIntoBoundedBlocks() throws Exception {
        StringBuilder header = new StringBuilder("c0");
        StringBuilder row = new StringBuilder("v0");
        for (int i = 1; i < 20_000; i++) {
            header.append(",c").append(i);
            row.append(",v").append(i);
        }
        Collected c = parse(Files.writeString(dir.resolve("wide.csv"), header + "\n" + row + "\n"));

        assertThat(c.blocks()).hasSizeGreaterThan(10);
        for (Block b : c.blocks()) {
            assertThat(b.heading()).isEqualTo("wide.csv, row 2");
            assertThat(b.text().length()).isLessThanOrEqualTo(TableRows.MAX_PIECE_CHARS + 2);
            assertThat(b.text().strip()).matches("(c\\d+: v\\d+; )*c\\d+: v\\d+;?");
        }
        assertThat(c.text()).contains("c0: v0; ", "c19999: v19999");
    }

    @Test
    void aQuoteThatNeverClosesOnABigFileIsReportedWithItsRow() throws Exception {
        StringBuilder sb = new StringBuilder("a,b\n1,2\n3,\"opens here\n");
        for (int i = 0; i < 60_000; i++) {
            sb.append("more,text,that,never,closes\n");
        }
        Collected c = parse(Files.writeString(dir.resolve("broken.csv"), sb.toString()));

        assertThat(c.failed().reason()).isEqualTo(FailureReason.CORRUPT);
        assertThat(c.failed().message()).contains("Row 3", "quoted field", "never closed");
    }

    @Test
    void aTruncatedCsvKeepsTheRowsBeforeTheCut() throws Exception {
        Collected c = parse(Files.writeString(dir.resolve("cut.csv"), "a,b\n1,2\n3,\"half a fie"));

        assertThat(c.text()).isEqualTo("a: 1; b: 2\na: 3; b: half a fie\n\n");
    }
}
