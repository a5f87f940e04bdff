package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.Reader;

/** Reads lines (terminators dropped) but never builds one longer than a limit: longer lines come in pieces. */
final class LineReader {

    private final Reader reader;
    private final int maxLine;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private boolean skipLf;

    LineReader(Reader reader, int maxLine) {
        this.reader = reader;
        this.maxLine = maxLine;
    }

    /** The next line, or null at the end. */
    String next() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (pos == len) {
                len = reader.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return line == null ? null : line.toString();
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            if (line == null) {
                line = new StringBuilder(80);
            }
            while (pos < len) {
                char c = buf[pos++];
                if (c == '\n') {
                    return line.toString();
                }
                if (c == '\r') {
                    skipLf = true;
                    return line.toString();
                }
                line.append(c);
                if (line.length() >= maxLine && !Character.isHighSurrogate(c)) {
                    return line.toString();
                }
            }
        }
    }
}
