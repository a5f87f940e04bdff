package dev.cairn.ingest.parse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Source code and configuration files, streamed line by line and kept verbatim (the document text
 * is the decoded file, so offsets and line numbers are the file's). Blocks end where a definition
 * starts ({@link CodeOutline}), taking the comments and annotations right above it along, or at a
 * blank line once a block is about one chunk long, and never mid-line unless a line is huge. Each
 * block's heading names the file, the definitions around it and its lines:
 * {@code Parser.java: class Parser / parse(...) (lines 40-62)}. The chunker starts a new chunk at
 * each new heading, so blocks are sized to about a chunk and the line range stays precise.
 */
final class CodeParser implements FormatParser {

    /** About one chunk of code (code has fewer characters per token than prose). */
    static final int TARGET_BLOCK_CHARS = 700;
    /** Past this a block ends at the next line end, blank or not. */
    static final int MAX_BLOCK_CHARS = 4 * TARGET_BLOCK_CHARS;
    /** Longer lines (minified code, data on one line) come in pieces of at most this. */
    static final int MAX_LINE = 2048;
    /** A line that only closes what is open: it never starts a block of its own. */
    private static final Pattern CLOSING = Pattern.compile("^\\s*(?:[})\\];,]+|end|fi|done|esac)\\s*;?\\s*$");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        String name = file.getFileName().toString();
        Blocks blocks = new Blocks(out, name, CodeOutline.forExtension(ContentSniffer.extension(file)));
        try (SourceLines lines = SourceLines.open(file, sniffed, MAX_LINE)) {
            String text;
            boolean lineStart = true;
            long count = 0;
            while ((text = lines.next()) != null) {
                blocks.accept(text, lines.lineNumber(), lineStart);
                lineStart = lines.endedLine();
                if ((++count & 1023) == 0) {
                    out.checkpoint();
                }
            }
        }
        blocks.flush(Integer.MAX_VALUE);
        return new Info(name, 0);
    }

    /** One line, or one piece of a long line, held until its block is emitted. */
    private record Piece(String text, long line, boolean blank) {}

    private static final class Blocks {
        private final BlockEmitter out;
        private final String fileName;
        private final CodeOutline outline;
        private final List<Piece> pieces = new ArrayList<>();
        private int chars;
        private String path = "";
        /** Lines in the block that are neither blank nor comments or annotations. */
        private int codeLines;
        /** Where the comments and annotations right above the next line of code start, or -1. */
        private int attachedFrom = -1;

        Blocks(BlockEmitter out, String fileName, CodeOutline outline) {
            this.out = out;
            this.fileName = fileName;
            this.outline = outline;
        }

        void accept(String text, long line, boolean lineStart) throws DocumentException {
            String content = lineStart ? withoutTerminator(text) : "";
            boolean blank = lineStart && content.isBlank() && text.length() <= MAX_LINE;
            if (lineStart && !blank) {
                outline.accept(content);
                String now = outline.path();
                boolean attaches = outline.attaches(content);
                boolean closing = CLOSING.matcher(content).matches();
                boolean firstChild = !path.isEmpty() && now.startsWith(path + " / ") && codeLines <= 1;
                if (!now.equals(path) && !closing) {
                    if (!firstChild) {
                        // a closing brace stays with what it closes; a definition's first member keeps its opening line
                        flush(attachedFrom >= 0 ? attachedFrom : pieces.size());
                    }
                    path = now;
                }
                attachedFrom = attaches ? (attachedFrom >= 0 ? attachedFrom : pieces.size()) : -1;
                if (!attaches) {
                    codeLines++;
                }
            } else if (blank) {
                outline.accept("");
                attachedFrom = -1;
            }
            pieces.add(new Piece(text, line, blank));
            chars += text.length();
            if (blank && chars >= TARGET_BLOCK_CHARS || chars >= MAX_BLOCK_CHARS) {
                flush(pieces.size());
            }
        }

        /** Emits the first {@code upTo} pieces as one block; the rest start the next one. */
        void flush(int upTo) throws DocumentException {
            int n = Math.min(upTo, pieces.size());
            if (n == 0) {
                return;
            }
            StringBuilder text = new StringBuilder(chars);
            long first = -1;
            long last = -1;
            for (int i = 0; i < n; i++) {
                Piece p = pieces.get(i);
                text.append(p.text());
                if (!p.blank()) {
                    first = first < 0 ? p.line() : first;
                    last = p.line();
                }
            }
            out.emitRaw(text.toString(), heading(first, last), null);
            pieces.subList(0, n).clear();
            chars -= text.length();
            attachedFrom = attachedFrom >= n ? attachedFrom - n : -1;
            codeLines = 0; // what stays holds only comments, annotations and blank lines
        }

        private String heading(long first, long last) {
            String where = path.isEmpty() ? fileName : fileName + ": " + path;
            if (first < 0) {
                return where;
            }
            return where + (first == last ? " (line " + first + ")" : " (lines " + first + "-" + last + ")");
        }

        private static String withoutTerminator(String text) {
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return text.substring(0, end);
        }
    }
}
