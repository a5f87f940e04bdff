package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenDocument spreadsheets (.ods): content.xml streamed with StAX, row by row. Each sheet's rows
 * become readable lines through {@link TableRows}, headed {@code Budget, rows 2-40}; a cell's text is
 * what the sheet shows, so a formula gives its cached value. Repeats are counted, not expanded: a
 * sheet ends in "a million empty rows" ({@code number-rows-repeated}) and rows in "a thousand empty
 * cells" ({@code number-columns-repeated}); only repeats of cells that hold text are written out,
 * up to {@link XlsxParser#MAX_COLUMNS} columns and {@link #MAX_REPEATED_ROWS} copies of a row.
 */
final class OdsParser implements FormatParser {

    static final String WHAT = Phrase.of("kind.ods");
    /** Identical rows written out at most this many times; the row numbers still count them all. */
    static final int MAX_REPEATED_ROWS = 1_000;

    /** Comments, drawings over the sheet and change tracking are not cell values. */
    private static final Set<String> SKIPPED = Set.of("annotation", "shapes", "tracked-changes", "forms");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        String title = new Walker(out).read(file, WHAT, budget);
        return new Info(title != null ? title : FormatParser.titleFromFileName(file), 0);
    }

    /** Walks office:spreadsheet; holds only the current row. */
    private static final class Walker extends OdfWalker {
        private final List<String> cells = new ArrayList<>();
        /** The cell being read; null between cells. */
        private Cell cell;

        private TableRows table;
        private int tableDepth;
        private long column;
        private long row;
        private long rowRepeat;

        Walker(BlockEmitter out) {
            super(out, "spreadsheet");
        }

        @Override
        void text(String raw) {
            if (cell != null) {
                cell.append(collapse(raw));
            }
        }

        @Override
        boolean skips(String ns, String name) {
            return SKIPPED.contains(name) && (ns.equals(TABLE) || ns.equals(OFFICE));
        }

        @Override
        void start(XMLStreamReader x, String ns, String name) {
            if (ns.equals(TABLE)) {
                switch (name) {
                    case "table" -> {
                        if (tableDepth++ == 0) {
                            String sheet = attribute(x, "name");
                            table = new TableRows(out, sheet == null || sheet.isBlank() ? "Sheet" : sheet.strip());
                            row = 0;
                        }
                    }
                    case "table-row" -> {
                        if (tableDepth == 1) {
                            cells.clear();
                            column = 0;
                            rowRepeat = repeat(x, "number-rows-repeated");
                        }
                    }
                    case "table-cell", "covered-table-cell" -> {
                        if (tableDepth == 1) {
                            cell = new Cell(repeat(x, "number-columns-repeated"), firstValue(x));
                        }
                    }
                    default -> {}
                }
            } else if (cell != null && ns.equals(TEXT)) {
                switch (name) {
                    case "p", "h" -> {
                        if (cell.paragraphs++ > 0) {
                            cell.append("\n");
                        }
                    }
                    case "s" -> cell.append(" ");
                    case "tab" -> cell.append("\t");
                    case "line-break" -> cell.append("\n");
                    default -> {}
                }
            }
        }

        @Override
        void end(XMLStreamReader x, String ns, String name) throws DocumentException {
            if (!ns.equals(TABLE)) {
                return;
            }
            switch (name) {
                case "table" -> {
                    if (--tableDepth == 0) {
                        table.finish();
                        table = null;
                    }
                }
                case "table-cell", "covered-table-cell" -> {
                    if (tableDepth == 1 && cell != null) {
                        endCell(cell);
                        cell = null;
                    }
                }
                case "table-row" -> {
                    if (tableDepth == 1) {
                        endRow();
                    }
                }
                default -> {}
            }
        }

        private void endCell(Cell cell) {
            String value = cell.text.toString().strip();
            if (value.isEmpty() && cell.value != null) {
                value = cell.value; // a value with no text shown: the cached number itself
            }
            if (!value.isEmpty() && column < XlsxParser.MAX_COLUMNS) {
                while (cells.size() < column) {
                    cells.add("");
                }
                long copies = Math.min(cell.repeat, XlsxParser.MAX_COLUMNS - column);
                for (long i = 0; i < copies; i++) {
                    cells.add(value);
                }
            }
            column += cell.repeat;
        }

        private void endRow() throws DocumentException {
            if (!cells.isEmpty()) {
                long copies = Math.min(rowRepeat, MAX_REPEATED_ROWS);
                for (long i = 0; i < copies; i++) {
                    table.accept(cells, row + 1 + i);
                }
            }
            row += rowRepeat; // empty rows, however many, are only counted
        }

        /** The cell's typed value, for a cell whose shown text is missing. */
        private static String firstValue(XMLStreamReader x) {
            for (String a : new String[] {"value", "date-value", "time-value", "boolean-value", "string-value"}) {
                for (int i = 0; i < x.getAttributeCount(); i++) {
                    if (x.getAttributeLocalName(i).equals(a) && OFFICE.equals(x.getAttributeNamespace(i))) {
                        return x.getAttributeValue(i).strip();
                    }
                }
            }
            return null;
        }

        private static long repeat(XMLStreamReader x, String attribute) {
            String n = attribute(x, attribute);
            try {
                return n == null ? 1 : Math.clamp(Long.parseLong(n.strip()), 1, 1L << 31);
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }

    /** One cell as it is read: its shown text, the paragraphs seen, its typed value and how often it repeats. */
    private static final class Cell {
        final StringBuilder text = new StringBuilder();
        final long repeat;
        final String value;
        int paragraphs;

        Cell(long repeat, String value) {
            this.repeat = repeat;
            this.value = value;
        }

        void append(String s) {
            if (s.startsWith(" ") && (text.isEmpty() || text.charAt(text.length() - 1) == ' ')) {
                s = s.substring(1);
            }
            if (text.length() < TextParser.MAX_BLOCK_CHARS) {
                text.append(s);
            }
        }
    }
}
