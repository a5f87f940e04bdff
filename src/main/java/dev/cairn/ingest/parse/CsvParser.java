package dev.cairn.ingest.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CSV and TSV tables, streamed row by row ({@link CsvReader}). The first row names the columns and
 * every row after it becomes a line a person can read in a snippet ({@link TableRows}, which the
 * spreadsheet parsers share): {@code people.csv, rows 120-160}.
 */
final class CsvParser implements FormatParser {

    /** A longer row is an error: almost always a quote that is never closed. */
    static final int MAX_ROW_CHARS = 1024 * 1024;

    private static final int PEEK_CHARS = 64 * 1024;

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        String title = FormatParser.titleFromFileName(file);
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(sniffed.bomLength());
            var reader = new BufferedReader(
                    new InputStreamReader(
                            in,
                            sniffed.charset()
                                    .newDecoder()
                                    .onMalformedInput(CodingErrorAction.REPLACE)
                                    .onUnmappableCharacter(CodingErrorAction.REPLACE)),
                    PEEK_CHARS);
            char delimiter = delimiter(reader, ContentSniffer.extension(file));
            CsvReader rows = new CsvReader(reader, delimiter, MAX_ROW_CHARS);
            TableRows table = new TableRows(out, name);
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
}
