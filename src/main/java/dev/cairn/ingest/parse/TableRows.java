package dev.cairn.ingest.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a table's rows into text a person can read in a snippet. The first non-empty row names the
 * columns and every row after it becomes a line {@code name: Ann; city: Oslo}, so each block (and
 * each chunk) carries its column names with it. Blocks gather rows up to about one chunk, headed
 * with the table's name and the rows they hold as a spreadsheet numbers them (the header is row 1):
 * {@code people.csv, rows 120-160} or {@code Budget, rows 2-40}. Empty rows are skipped; rows longer
 * or shorter than the header keep what they have; extra cells are named "column 7". Shared by CSV/TSV
 * and the spreadsheets (XLSX, ODS), so a table reads the same whatever file it came from.
 */
final class TableRows {

    /** About one chunk of table text. */
    static final int TARGET_BLOCK_CHARS = 900;
    /** A row's text longer than this is emitted in pieces, cut between cells. */
    static final int MAX_PIECE_CHARS = 8 * 1024;

    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    private final BlockEmitter out;
    private final String name;
    private List<String> header;
    private final StringBuilder block = new StringBuilder();
    private long firstRow = -1;
    private long lastRow;
    private long headerRow;

    TableRows(BlockEmitter out, String name) {
        this.out = out;
        this.name = name;
    }

    void accept(List<String> cells, long row) throws DocumentException {
        if (cells.stream().allMatch(String::isBlank)) {
            return;
        }
        if (header == null) {
            headerRow = row;
            header = new ArrayList<>(cells.size());
            for (int i = 0; i < cells.size(); i++) {
                String h = oneLine(cells.get(i));
                header.add(h.isEmpty() ? "column " + (i + 1) : h);
            }
            return;
        }
        String text = readable(cells);
        if (text.length() > MAX_PIECE_CHARS) {
            flush();
            emitInPieces(text, row);
            return;
        }
        if (firstRow < 0) {
            firstRow = row;
        }
        lastRow = row;
        block.append(text).append('\n');
        if (block.length() >= TARGET_BLOCK_CHARS) {
            flush();
        }
    }

    void finish() throws DocumentException {
        flush();
        if (header != null && firstRow < 0 && lastRow == 0) {
            // a header and nothing under it: its column names are still worth finding
            out.emitParagraph("Columns: " + String.join("; ", header), name + ", row " + headerRow, null);
        }
    }

    /** {@code name: Ann; age: 31}: empty cells left out, cells past the header named by their position. */
    private String readable(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String value = oneLine(cells.get(i));
            if (value.isEmpty()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(i < header.size() ? header.get(i) : "column " + (i + 1))
                    .append(": ")
                    .append(value);
        }
        return sb.toString();
    }

    private void emitInPieces(String text, long row) throws DocumentException {
        lastRow = row;
        String heading = name + ", row " + row;
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + MAX_PIECE_CHARS);
            if (end < text.length()) {
                int cut = text.lastIndexOf("; ", end);
                if (cut <= start) {
                    cut = text.lastIndexOf(' ', end);
                }
                end = cut > start ? cut + 1 : end;
                if (Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--;
                }
            }
            out.emitParagraph(text.substring(start, end), heading, null);
            start = end;
        }
    }

    private void flush() throws DocumentException {
        if (block.isEmpty()) {
            return;
        }
        String rows = firstRow == lastRow ? "row " + firstRow : "rows " + firstRow + "-" + lastRow;
        out.emitParagraph(block.toString(), name + ", " + rows, null);
        block.setLength(0);
        firstRow = -1;
    }

    private static String oneLine(String cell) {
        String s = cell.strip();
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0
                ? s
                : LINE_BREAKS.matcher(s).replaceAll(" ");
    }
}
