package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JRuntimeException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Excel (.xlsx) with POI's streaming event API: each sheet's XML is read with SAX, row by row, and
 * never held whole (XSSFWorkbook would hold the workbook). Rows become readable lines through
 * {@link TableRows}, the sheet's first non-empty row naming the columns, headed {@code Budget, rows 2-40}.
 * Formulas give their cached values, formatted as Excel shows them. Only the shared strings and the
 * styles are held in memory, so their unpacked size is checked against the markup budget first.
 */
final class XlsxParser implements FormatParser {

    static final String WHAT = Phrase.of("kind.xlsx");
    /** Excel's own widest sheet (column XFD). */
    static final int MAX_COLUMNS = 16_384;

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        checkHeldParts(file, budget);
        OPCPackage pkg = PptxParser.Ooxml.open(file, WHAT);
        try (pkg) {
            String title = PptxParser.Ooxml.coreTitle(pkg);
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            DataFormatter formatter = new DataFormatter();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                out.checkpoint();
                try (InputStream in = sheets.next()) {
                    Rows rows = new Rows(new TableRows(out, sheets.getSheetName()), out);
                    XMLReader sax = XMLHelper.newXMLReader();
                    sax.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, formatter, false));
                    sax.parse(new InputSource(in));
                    rows.finish();
                }
            }
            return new Info(title != null ? title : FormatParser.titleFromFileName(file), 0);
        } catch (SAXException e) {
            if (e.getException() instanceof Stop stop) {
                throw stop.reason;
            }
            if (e.getException() instanceof CancellationException c) {
                throw c;
            }
            throw PptxParser.Ooxml.damaged(WHAT, e);
        } catch (Stop stop) {
            throw stop.reason;
        } catch (OpenXML4JException
                | POIXMLException
                | OpenXML4JRuntimeException
                | javax.xml.parsers.ParserConfigurationException e) {
            throw PptxParser.Ooxml.damaged(WHAT, e);
        } catch (IOException e) {
            throw PptxParser.Ooxml.damaged(WHAT, e);
        } finally {
            pkg.revert();
        }
    }

    /** The shared strings and styles stay in memory while the sheets stream: they must fit the markup budget. */
    private static void checkHeldParts(Path file, ParseBudget budget) throws IOException, DocumentException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : List.of("xl/sharedStrings.xml", "xl/styles.xml")) {
                ZipEntry e = zip.getEntry(name);
                if (e != null && e.getSize() > budget.maxMarkupBytes()) {
                    throw new DocumentException(
                            FailureReason.RESOURCE_LIMIT,
                            Phrase.of(
                                    "parse.partTooLarge",
                                    WHAT,
                                    name,
                                    ContentSniffer.megabytes(e.getSize()),
                                    ContentSniffer.megabytes(budget.maxMarkupBytes())));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.damagedOpen", WHAT), e);
        }
    }

    /** Carries a refusal out of the SAX callbacks, which cannot throw checked exceptions. */
    private static final class Stop extends RuntimeException {
        final transient DocumentException reason;

        Stop(DocumentException reason) {
            super(reason.getMessage(), reason, false, false);
            this.reason = reason;
        }
    }

    /** One sheet's rows as POI reports them: cells by their reference, gaps filled with empty cells. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final TableRows table;
        private final BlockEmitter out;
        private final List<String> cells = new ArrayList<>();
        private long rowsSeen;

        Rows(TableRows table, BlockEmitter out) {
            this.table = table;
            this.out = out;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            try {
                table.accept(cells, rowNum + 1L);
            } catch (DocumentException e) {
                throw new Stop(e);
            }
            if ((++rowsSeen & 1023) == 0) {
                out.checkpoint();
            }
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            if (column < 0 || column >= MAX_COLUMNS || value == null) {
                return;
            }
            while (cells.size() < column) {
                cells.add("");
            }
            if (column < cells.size()) {
                cells.set(column, value);
            } else {
                cells.add(value);
            }
        }

        void finish() throws DocumentException {
            table.finish();
        }
    }
}
