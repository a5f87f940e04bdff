package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rich Text Format, read by a small streaming reader rather than Swing's RTFEditorKit, which builds
 * the whole document in memory as a StyledDocument and discards the {@code \info} group (so the
 * title) and outline levels (see docs/decisions/0014-books-and-open-formats.md). One pass over the
 * bytes with an explicit group stack (no recursion): each {@code \par} ends a paragraph; a paragraph
 * with an outline level or a heading style names a section; a table becomes one paragraph a row,
 * cells joined with " | "; fonts, colours, pictures, embedded objects' data, field codes, headers
 * and footers are skipped. Bytes are decoded in the {@code \ansicpg} code page (per-font
 * {@code \fcharset}s are not followed). The title is {@code \info\title}, else the first heading.
 */
final class RtfParser implements FormatParser {

    static final int MAX_DEPTH = 4_096;
    private static final int MAX_HEADING_CHARS = 1_000;
    private static final Pattern HEADING_STYLE = Pattern.compile("(?i)\\s*(heading\\s*[1-9]|title)\\s*;?\\s*");

    /** Where the characters of a group go. */
    private enum Dest {
        TEXT,
        SKIP,
        INFO,
        TITLE,
        STYLES,
        OBJECT
    }

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        try (InputStream in = Files.newInputStream(file)) {
            Reader reader = new Reader(in, out, FormatParser.titleFromFileName(file));
            reader.run();
            String title = reader.title.toString().replaceAll("\\s+", " ").strip();
            if (title.isEmpty()) {
                title = reader.firstHeading != null ? reader.firstHeading : FormatParser.titleFromFileName(file);
            }
            return new Info(title, 0);
        }
    }

    private static final class Reader {
        private final InputStream in;
        private final BlockEmitter out;
        private final String fallback;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private final Dest[] dest = new Dest[MAX_DEPTH + 1];
        private final int[] uc = new int[MAX_DEPTH + 1];
        private int depth;
        private final StringBuilder para = new StringBuilder();
        final StringBuilder title = new StringBuilder();
        private final StringBuilder styleName = new StringBuilder();
        private final ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        private final Set<Integer> headingStyles = new HashSet<>();
        private Charset codePage = TextEncoding.WINDOWS_1252;
        private int styleNumber;
        private int stylesDepth = -1;
        private boolean styleIsHeading;
        private int paraStyle;
        private int outlineLevel = -1;
        private int skipChars;
        private String heading;
        String firstHeading;

        Reader(InputStream in, BlockEmitter out, String fallback) {
            this.in = in;
            this.out = out;
            this.fallback = fallback;
            dest[0] = Dest.TEXT;
            uc[0] = 1;
        }

        void run() throws IOException, DocumentException {
            int b;
            boolean started = false;
            while ((b = next()) >= 0) {
                switch (b) {
                    case '{' -> {
                        if (depth == MAX_DEPTH) {
                            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.rtfDeep", MAX_DEPTH));
                        }
                        flushBytes();
                        depth++;
                        dest[depth] = dest[depth - 1];
                        uc[depth] = uc[depth - 1];
                        skipChars = 0;
                        started = true;
                        if (dest[depth] == Dest.STYLES && depth - 1 == stylesDepth) {
                            styleName.setLength(0);
                            styleNumber = 0;
                            styleIsHeading = false;
                        }
                    }
                    case '}' -> closeGroup();
                    case '\\' -> controlSymbol();
                    case '\r', '\n' -> {}
                    default -> {
                        if (b < 0x20 && b != '\t' && b != '\f') { // raw control bytes never occur in RTF text
                            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.rtfBinary"));
                        }
                        character(b);
                    }
                }
                if (started && depth == 0) {
                    break; // the document's group is closed; anything after it is not RTF
                }
            }
            if (depth != 0) {
                throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.rtfTruncated"));
            }
            endParagraph();
        }

        private void closeGroup() throws DocumentException {
            flushBytes();
            if (depth == 0) {
                return;
            }
            if (dest[depth] == Dest.STYLES
                    && depth - 1 == stylesDepth
                    && styleNumber >= 0
                    && (styleIsHeading || HEADING_STYLE.matcher(styleName).matches())) {
                headingStyles.add(styleNumber);
            }
            depth--;
            skipChars = 0;
        }

        private void controlSymbol() throws IOException, DocumentException {
            int c = next();
            if (c < 0) {
                return;
            }
            if (isLetter(c)) {
                controlWord(c);
                return;
            }
            switch (c) {
                case '\'' -> {
                    int hi = Character.digit(next(), 16);
                    int lo = Character.digit(next(), 16);
                    if (hi >= 0 && lo >= 0) {
                        if (skipChars > 0) {
                            skipChars--;
                        } else if (target() != null) {
                            pendingBytes.write(hi * 16 + lo);
                            if (pendingBytes.size() >= 4096) {
                                flushBytes();
                            }
                        }
                    }
                }
                case '*' -> dest[depth] = Dest.SKIP; // an optional destination: no reader needs to know it
                case '{', '}', '\\' -> character(c);
                case '~' -> text("\u00A0");
                case '_' -> text("\u2011");
                case '\r', '\n' -> endParagraph(); // a backslash before a line break is \par
                default -> {}
            }
        }

        private void controlWord(int first) throws IOException, DocumentException {
            StringBuilder word = new StringBuilder().append((char) first);
            int c = next();
            while (isLetter(c) && word.length() < 32) {
                word.append((char) c);
                c = next();
            }
            boolean negative = c == '-';
            if (negative) {
                c = next();
            }
            long param = 0;
            boolean hasParam = false;
            while (c >= '0' && c <= '9') {
                param = Math.min(param * 10 + (c - '0'), Integer.MAX_VALUE);
                hasParam = true;
                c = next();
            }
            if (c != ' ' && c >= 0) {
                pos--; // the delimiter belongs to what follows
            }
            int n = (int) (negative ? -param : param);
            apply(word.toString(), hasParam ? n : null);
        }

        private void apply(String word, Integer param) throws IOException, DocumentException {
            Dest here = dest[depth];
            if (RtfWords.SKIPPED.contains(word)) {
                dest[depth] = Dest.SKIP;
                return;
            }
            switch (word) {
                case "info" -> dest[depth] = Dest.INFO;
                case "title" -> dest[depth] = here == Dest.INFO ? Dest.TITLE : here;
                case "stylesheet" -> {
                    dest[depth] = Dest.STYLES;
                    stylesDepth = depth;
                }
                case "object" -> dest[depth] = here == Dest.SKIP ? here : Dest.OBJECT;
                case "result" -> dest[depth] = here == Dest.OBJECT ? Dest.TEXT : here;
                case "s" -> {
                    if (here == Dest.STYLES) {
                        styleNumber = param == null ? 0 : param;
                    } else {
                        paraStyle = param == null ? 0 : param;
                    }
                }
                case "cs", "ds", "ts", "tsrowd" -> styleNumber = here == Dest.STYLES ? -1 : styleNumber;
                case "pard" -> {
                    if (here != Dest.STYLES) {
                        paraStyle = 0;
                        outlineLevel = -1;
                    }
                }
                case "outlinelevel" -> {
                    int level = param == null ? 0 : param;
                    if (here == Dest.STYLES) {
                        styleIsHeading = level >= 0 && level <= 8; // a style with an outline level is a heading style
                    } else {
                        outlineLevel = level;
                    }
                }
                case "par", "sect", "page", "row", "nestrow" -> {
                    if (here == Dest.TEXT) {
                        flushBytes();
                        if (word.endsWith("row") && para.toString().endsWith(" | ")) {
                            para.setLength(para.length() - 3); // the row's last \cell
                        }
                        endParagraph();
                    }
                }
                case "u" -> {
                    if (param != null) {
                        int code = param < 0 ? param + 65536 : param;
                        text(String.valueOf((char) code));
                        skipChars = uc[depth];
                    }
                }
                case "uc" -> uc[depth] = param == null ? 1 : Math.clamp(param, 0, 16);
                case "ansicpg" -> codePage = RtfWords.codePage(param);
                case "mac" -> codePage = RtfWords.charsetOr("x-MacRoman");
                case "pc" -> codePage = RtfWords.charsetOr("IBM437");
                case "pca" -> codePage = RtfWords.charsetOr("IBM850");
                case "bin" -> skipBytes(param == null ? 0 : Math.max(0, param));
                default -> {
                    String symbol = RtfWords.SYMBOLS.get(word);
                    if (symbol != null) {
                        text(symbol);
                    }
                }
            }
        }

        private void character(int b) throws DocumentException {
            if (skipChars > 0) {
                skipChars--;
                return;
            }
            if (target() == null) {
                return;
            }
            if (b < 0x80) {
                flushBytes();
                target().append((char) b);
                afterAppend();
            } else {
                pendingBytes.write(b);
                if (pendingBytes.size() >= 4096) {
                    flushBytes(); // a long run of non-ASCII bytes stays bounded
                }
            }
        }

        private void text(String s) throws DocumentException {
            flushBytes();
            StringBuilder t = target();
            if (t != null) {
                t.append(s);
                afterAppend();
            }
        }

        /** Raw and escaped bytes wait here so a multi-byte code page decodes a character's bytes together. */
        private void flushBytes() throws DocumentException {
            if (pendingBytes.size() == 0) {
                return;
            }
            StringBuilder t = target();
            if (t != null) {
                t.append(new String(pendingBytes.toByteArray(), codePage));
            }
            pendingBytes.reset();
            afterAppend();
        }

        private StringBuilder target() {
            return switch (dest[depth]) {
                case TEXT -> para;
                case TITLE -> title.length() < MAX_HEADING_CHARS ? title : null;
                case STYLES -> styleName.length() < 256 ? styleName : null;
                default -> null;
            };
        }

        private void afterAppend() throws DocumentException {
            if (para.length() >= TextParser.MAX_BLOCK_CHARS) {
                out.emitParagraph(para.toString(), heading == null ? fallback : heading, null);
                para.setLength(0);
            }
        }

        private void endParagraph() throws DocumentException {
            flushBytes();
            boolean isHeading = (outlineLevel >= 0 && outlineLevel <= 8) || headingStyles.contains(paraStyle);
            String text = para.toString();
            para.setLength(0);
            if (isHeading && !text.isBlank() && text.length() <= MAX_HEADING_CHARS) {
                heading = text.replaceAll("\\s+", " ").strip();
                if (firstHeading == null) {
                    firstHeading = heading;
                }
            } else {
                out.emitParagraph(text, heading == null ? fallback : heading, null);
            }
        }

        private int next() throws IOException {
            if (pos == limit) {
                out.checkpoint();
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buf[pos++] & 0xFF;
        }

        private void skipBytes(long n) throws IOException {
            long left = n;
            while (left > 0) {
                if (pos == limit) {
                    if (next() < 0) {
                        return;
                    }
                    left--;
                    continue;
                }
                int step = (int) Math.min(left, limit - pos);
                pos += step;
                left -= step;
            }
        }

        private static boolean isLetter(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
    }
}
