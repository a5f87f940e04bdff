package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file line by line with each line's terminator kept, so that the lines joined again
 * are the decoded file (offsets and line numbers stay true). A line longer than the limit comes in
 * pieces, cut after a space where there is one near the limit; only the last piece has the terminator.
 */
final class SourceLines implements AutoCloseable {

    private final Reader reader;
    private final int maxLine;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long lineNumber = 1;
    private long nextLineNumber = 1;
    private boolean lastEndedLine;

    SourceLines(Reader reader, int maxLine) {
        this.reader = reader;
        this.maxLine = maxLine;
    }

    /** Opens a sniffed text file: BOM skipped, bytes the charset can't map become U+FFFD. */
    static SourceLines open(Path file, Sniffed sniffed, int maxLine) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(sniffed.bomLength());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new SourceLines(
                new InputStreamReader(
                        in,
                        sniffed.charset()
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(CodingErrorAction.REPLACE)),
                maxLine);
    }

    /** The next line with its terminator ({@code \n}, {@code \r\n} or {@code \r}), a piece of a long one, or null at the end. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder(80);
        lineNumber = nextLineNumber;
        while (true) {
            if (pos == len && !fill()) {
                return line.isEmpty() ? null : end(line, false);
            }
            char c = buf[pos++];
            line.append(c);
            if (c == '\n') {
                return end(line, true);
            }
            if (c == '\r') {
                if (pos == len && !fill()) {
                    return end(line, true);
                }
                if (buf[pos] == '\n') {
                    line.append(buf[pos++]);
                }
                return end(line, true);
            }
            if (line.length() >= maxLine && !Character.isHighSurrogate(c)) {
                return piece(line);
            }
        }
    }

    /** The 1-based line number of the text {@link #next()} returned last. */
    long lineNumber() {
        return lineNumber;
    }

    /** Whether the text {@link #next()} returned last ended its line (false for all but the last piece of a long line). */
    boolean endedLine() {
        return lastEndedLine;
    }

    private String end(StringBuilder line, boolean terminated) {
        lastEndedLine = terminated;
        if (terminated) {
            nextLineNumber = lineNumber + 1;
        }
        return line.toString();
    }

    /** Cuts a long line after its last space in the final quarter, handing the rest back to the buffer. */
    private String piece(StringBuilder line) {
        for (int i = line.length() - 1; i > line.length() * 3 / 4; i--) {
            int keep = line.length() - (i + 1);
            if (keep > pos) {
                break; // those chars came from an earlier read: cut where the limit is
            }
            if (Character.isWhitespace(line.charAt(i))) {
                pos -= keep; // still in buf, read again as the start of the next piece
                line.setLength(i + 1);
                break;
            }
        }
        lastEndedLine = false;
        return line.toString();
    }

    private boolean fill() throws IOException {
        int n = reader.read(buf);
        pos = 0;
        len = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
