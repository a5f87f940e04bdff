package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plain text, streamed: the file is decoded in 64 KB reads and cut into blocks at blank lines, so a
 * 300 MB file passes through holding one block at a time. The document text is the decoded file
 * itself (BOM excluded): block offsets point straight into it.
 */
final class TextParser implements FormatParser {

    /** A block is cut at a line end once this long, and anywhere (at whitespace if it can) past twice that. */
    static final int MAX_BLOCK_CHARS = 32 * 1024;

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        String title = FormatParser.titleFromFileName(file);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(sniffed.bomLength());
            Reader reader = new InputStreamReader(
                    in,
                    sniffed.charset()
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE));
            new Splitter(out, title).run(reader);
        }
        return new Info(title, 0);
    }

    /** Groups lines into paragraphs (each with the blank lines after it) without ever holding more than one. */
    private static final class Splitter {
        private final BlockEmitter out;
        private final String heading;
        private final StringBuilder block = new StringBuilder(MAX_BLOCK_CHARS + 1024);
        private boolean blockHasText;
        private boolean lineBlank = true;
        private boolean afterBlankLine;
        private char previous;

        Splitter(BlockEmitter out, String heading) {
            this.out = out;
            this.heading = heading;
        }

        void run(Reader reader) throws IOException, DocumentException {
            char[] buf = new char[64 * 1024];
            int n;
            while ((n = reader.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    accept(buf[i]);
                }
                out.checkpoint();
            }
            flush(block.length());
        }

        private void accept(char c) throws DocumentException {
            boolean whitespace = Character.isWhitespace(c);
            if (!whitespace && lineBlank) {
                // first visible character of a line: a paragraph starts here if blank lines came before
                if (afterBlankLine && blockHasText) {
                    flush(block.length());
                }
                afterBlankLine = false;
            }
            block.append(c);
            if (!whitespace) {
                lineBlank = false;
                blockHasText = true;
            }
            if (c == '\n' || c == '\r') {
                boolean secondHalfOfCrLf = c == '\n' && previous == '\r';
                if (!secondHalfOfCrLf) {
                    if (lineBlank && blockHasText) {
                        afterBlankLine = true;
                    }
                    lineBlank = true;
                }
                if (c == '\n' && block.length() >= MAX_BLOCK_CHARS) {
                    flush(block.length());
                }
            } else if (block.length() >= 2 * MAX_BLOCK_CHARS) {
                flush(cutPoint());
            }
            previous = c;
        }

        /** Where to cut a block that has no line end: after the last whitespace, else before a low surrogate. */
        private int cutPoint() {
            for (int i = block.length() - 1; i > MAX_BLOCK_CHARS; i--) {
                if (Character.isWhitespace(block.charAt(i))) {
                    return i + 1;
                }
            }
            int cut = block.length();
            return Character.isHighSurrogate(block.charAt(cut - 1)) ? cut - 1 : cut; // never split a surrogate pair
        }

        private void flush(int upTo) throws DocumentException {
            if (upTo == 0) {
                return;
            }
            out.emitRaw(block.substring(0, upTo), heading, null);
            block.delete(0, upTo);
            blockHasText = !block.toString().isBlank();
            afterBlankLine = false;
        }
    }
}
