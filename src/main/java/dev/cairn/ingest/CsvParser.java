package dev.cairn.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV and TSV tables, streamed row by row ({@link CsvReader}). The first row names the columns and
 * every row after it becomes a line a person can read in a snippet, {@code name: Ann; city: Oslo},
 * so each block (and each chunk) carries its column names with it. Blocks gather rows up to about
 * one chunk, headed with the rows they hold as a spreadsheet numbers them (the header is row 1):
 * {@code people.csv, rows 120-160}. Rows longer or shorter than the header keep what they have;
 * extra cells are named "column 7".
 */
final class CsvParser implements FormatParser {

    /** About one chunk of table text. */
    static final int TARGET_BLOCK_CHARS = 900;
    /** A row's text longer than this is emitted in pieces, cut between cells. */
    static final int MAX_PIECE_CHARS = 8 * 1024;
    /** A longer row is an error: almost always a quote that is never closed. */
    static final int MAX_ROW_CHARS = 1024 * 1024;
    private static final int PEEK_CHARS = 64 * 1024;
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out) throws IOException, DocumentException {
        String title = FormatParser.titleFromFileName(file);
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(sniffed.bomLength());
            var reader = new BufferedReader(new InputStreamReader(in, sniffed.charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)), PEEK_CHARS);
            char delimiter = delimiter(reader, ContentSniffer.extension(file));
            CsvReader rows = new CsvReader(reader, delimiter, MAX_ROW_CHARS);
            Table table = new Table(out, name);
            List<String> row;
            while ((row = rows.next()) != null) {
                table.accept(row, rows.row());
                if ((rows.row() & 1023) == 0) {
                    out.checkpoint();
                }
            }
            table.finish();
        }
        return new Info(title, 0);
    }

    /** Tab for .tsv; for .csv, Excel's {@code sep=;} first line if there is one (consumed), else a guess from the first line. */
    private static char delimiter(BufferedReader reader, String ext) throws IOException {
        if (ext.equals("tsv")) {
            return '\t';
        }
        reader.mark(PEEK_CHARS);
        char[] head = new char[PEEK_CHARS];
        int n = reader.read(head, 0, PEEK_CHARS);
        reader.reset();
        String text = n <= 0 ? "" : new String(head, 0, n);
        int end = text.indexOf('\n');
        String first = (end < 0 ? text : text.substring(0, end)).strip();
        if (first.length() == 5 && first.startsWith("sep=")) {
            reader.skip(end < 0 ? text.length() : end + 1);
            return first.charAt(4);
        }
        return CsvReader.guessDelimiter(first);
    }

    private static final class Table {
        private final BlockEmitter out;
        private final String name;
        private List<String> header;
        private final StringBuilder block = new StringBuilder();
        private long firstRow = -1;
        private long lastRow;

        Table(BlockEmitter out, String name) {
            this.out = out;
            this.name = name;
        }

        void accept(List<String> cells, long row) throws DocumentException {
            if (cells.stream().allMatch(String::isBlank)) {
                return;
            }
            if (header == null) {
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
                out.emitParagraph("Columns: " + String.join("; ", header), name + ", row 1", null);
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
                sb.append(i < header.size() ? header.get(i) : "column " + (i + 1)).append(": ").append(value);
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
            return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : LINE_BREAKS.matcher(s).replaceAll(" ");
        }
    }
}
