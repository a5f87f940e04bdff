package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads delimited rows as RFC 4180 writes them, streaming: fields in double quotes may hold the
 * delimiter, line breaks and doubled quotes; a quote inside an unquoted field is just a character;
 * rows end at CRLF, LF or CR. Lenient where files in the wild are sloppy (text after a closing
 * quote is kept, a file may end inside quotes), strict only about size: a row longer than the
 * limit is an error, since it almost always means a quote that is never closed.
 */
final class CsvReader {

    private final Reader reader;
    private final char delimiter;
    private final int maxRowChars;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long row;
    private boolean lastEndedInQuotes;

    CsvReader(Reader reader, char delimiter, int maxRowChars) {
        this.reader = reader;
        this.delimiter = delimiter;
        this.maxRowChars = maxRowChars;
    }

    /** The next row's fields, or null at the end of the file. */
    List<String> next() throws IOException, DocumentException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        int rowChars = 0;
        while (true) {
            if (pos == len && !fill()) {
                lastEndedInQuotes = quoted;
                if (fields.isEmpty() && field.isEmpty() && fieldStart && rowChars == 0) {
                    return null;
                }
                row++;
                fields.add(field.toString());
                return fields;
            }
            char c = buf[pos++];
            if (++rowChars > maxRowChars) {
                throw tooLong(quoted);
            }
            if (quoted) {
                if (c == '"') {
                    if (pos == len && !fill()) {
                        quoted = false;
                        continue;
                    }
                    if (buf[pos] == '"') {
                        field.append('"');
                        pos++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && (pos < len || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                row++;
                fields.add(field.toString());
                return fields;
            } else {
                field.append(c);
                fieldStart = false;
            }
        }
    }

    /** The 1-based number of the row {@link #next()} returned last (rows, not lines: a quoted line break stays in its row). */
    long row() {
        return row;
    }

    /** Whether the file ended inside a quoted field (a truncated file, or a quote never closed). */
    boolean endedInQuotes() {
        return lastEndedInQuotes;
    }

    private DocumentException tooLong(boolean quoted) {
        return new DocumentException(
                FailureReason.CORRUPT,
                Phrase.of(quoted ? "parse.csvOpenQuote" : "parse.csvLongRow", row + 1, maxRowChars / 1024));
    }

    private boolean fill() throws IOException {
        int n = reader.read(buf);
        pos = 0;
        len = Math.max(n, 0);
        return n > 0;
    }

    /** The delimiter of a .csv file: whichever of comma, semicolon, tab or bar its first line uses most, comma on a tie. */
    static char guessDelimiter(String firstLine) {
        char[] candidates = {',', ';', '\t', '|'};
        int[] counts = new int[candidates.length];
        boolean quoted = false;
        for (int i = 0; i < firstLine.length(); i++) {
            char c = firstLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                for (int k = 0; k < candidates.length; k++) {
                    if (c == candidates[k]) {
                        counts[k]++;
                    }
                }
            }
        }
        int best = 0;
        for (int k = 1; k < candidates.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return candidates[best];
    }
}
