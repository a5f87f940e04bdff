package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenDocument text (.odt, and its templates): content.xml streamed with StAX, never held as a tree.
 * Headings ({@code text:h}) name the sections; paragraphs and list items become paragraphs; a table
 * becomes one paragraph a row, cells joined with " | ". Tracked deletions, comments and generated
 * indexes (a table of contents repeats the headings) are left out. The title is meta.xml's
 * {@code dc:title}, else the first heading. A password-protected file says so instead of failing as damaged.
 */
final class OdtParser implements FormatParser {

    static final String WHAT = Phrase.of("kind.odt");
    private static final Set<String> SKIPPED = Set.of(
            "tracked-changes",
            "table-of-content",
            "alphabetical-index",
            "illustration-index",
            "table-index",
            "object-index",
            "user-index",
            "bibliography",
            "sequence-decls",
            "variable-decls",
            "user-field-decls",
            "dde-connection-decls",
            "note-citation",
            "annotation",
            "forms");
    private static final int MAX_HEADING_CHARS = 1_000;
    private static final int MAX_ROW_CELLS = 1_000;

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        String fileTitle = FormatParser.titleFromFileName(file);
        Walker walker = new Walker(out, fileTitle);
        String title = walker.read(file, WHAT, budget);
        if (title == null) {
            title = walker.firstHeading != null ? walker.firstHeading : fileTitle;
        }
        return new Info(title, 0);
    }

    /** Walks office:text event by event; state is only the current paragraph or table row. */
    private static final class Walker extends OdfWalker {
        private final String fileTitle;
        private final StringBuilder text = new StringBuilder();
        private final List<String> row = new ArrayList<>();
        private final StringBuilder cell = new StringBuilder();
        private String heading;
        private String firstHeading;
        private boolean isHeading;
        private int paraDepth;
        private int tableDepth;
        private boolean done;

        Walker(BlockEmitter out, String fileTitle) {
            super(out, "text");
            this.fileTitle = fileTitle;
        }

        /** The heading of text before the first heading: the document's title, else the file's name. */
        private String fallback() {
            return metaTitle != null ? metaTitle : fileTitle;
        }

        @Override
        void text(String raw) throws DocumentException {
            appendCollapsed(raw);
        }

        @Override
        boolean skips(String ns, String name) {
            return SKIPPED.contains(name) && (ns.equals(TEXT) || ns.equals(OFFICE));
        }

        @Override
        void endBody() throws DocumentException {
            flush();
            done = true;
        }

        @Override
        boolean finished() {
            return done;
        }

        @Override
        void start(XMLStreamReader x, String ns, String name) throws DocumentException {
            if (ns.equals(TABLE)) {
                switch (name) {
                    case "table" -> {
                        if (tableDepth++ == 0 && paraDepth == 0) {
                            flush();
                        }
                    }
                    case "table-row" -> {
                        if (tableDepth == 1) {
                            row.clear();
                        }
                    }
                    case "table-cell", "covered-table-cell" -> {
                        if (tableDepth == 1) {
                            cell.setLength(0);
                        } else {
                            appendCollapsed(" ");
                        }
                    }
                    default -> {}
                }
            } else if (ns.equals(TEXT)) {
                switch (name) {
                    case "p", "h" -> {
                        if (tableDepth > 0 || paraDepth > 0) {
                            appendCollapsed(" "); // a cell's paragraphs, a footnote or text box inside a paragraph
                        } else {
                            isHeading = name.equals("h");
                        }
                        paraDepth++;
                    }
                    case "s" -> {
                        String c = attribute(x, "c");
                        int n = c == null ? 1 : Math.clamp(parseOr(c, 1), 1, 64);
                        append(" ".repeat(n));
                    }
                    case "tab" -> append("\t");
                    case "line-break" -> append("\n");
                    default -> {}
                }
            }
        }

        @Override
        void end(XMLStreamReader x, String ns, String name) throws DocumentException {
            if (ns.equals(TEXT) && (name.equals("p") || name.equals("h"))) {
                if (--paraDepth == 0 && tableDepth == 0) {
                    flush();
                }
            } else if (ns.equals(TABLE)) {
                switch (name) {
                    case "table" -> tableDepth--;
                    case "table-cell", "covered-table-cell" -> {
                        if (tableDepth == 1) {
                            row.add(cell.toString().replaceAll("\\s+", " ").strip());
                            cell.setLength(0);
                            if (row.size() >= MAX_ROW_CELLS) {
                                emitRow(); // a row of thousands of (mostly empty) cells goes out in parts
                            }
                        }
                    }
                    case "table-row" -> {
                        if (tableDepth == 1) {
                            emitRow();
                        }
                    }
                    default -> {}
                }
            }
        }

        /** ODF collapses runs of white space in text to one space; text:s, text:tab and text:line-break are explicit. */
        private void appendCollapsed(String s) throws DocumentException {
            String collapsed = collapse(s);
            StringBuilder into = tableDepth > 0 ? cell : text;
            if (collapsed.startsWith(" ") && (into.isEmpty() || into.charAt(into.length() - 1) == ' ')) {
                collapsed = collapsed.substring(1);
            }
            if (!collapsed.isEmpty()) {
                append(collapsed);
            }
        }

        private void append(String s) throws DocumentException {
            if (tableDepth > 0) {
                cell.append(s);
                if (cell.length() >= TextParser.MAX_BLOCK_CHARS) {
                    row.add(cell.toString().strip());
                    cell.setLength(0);
                    emitRow();
                }
            } else if (paraDepth > 0) {
                text.append(s);
                if (isHeading ? text.length() > MAX_HEADING_CHARS : text.length() >= TextParser.MAX_BLOCK_CHARS) {
                    isHeading = false; // a "heading" this long is text
                    flush();
                }
            }
        }

        private void emitRow() throws DocumentException {
            int last = row.size();
            while (last > 0 && row.get(last - 1).isEmpty()) {
                last--; // a row's repeated empty cells up to the sheet's edge
            }
            out.emitParagraph(String.join(" | ", row.subList(0, last)), heading == null ? fallback() : heading, null);
            row.clear();
        }

        private void flush() throws DocumentException {
            if (isHeading) {
                String h = text.toString().replaceAll("\\s+", " ").strip();
                if (!h.isEmpty()) {
                    heading = h;
                    if (firstHeading == null) {
                        firstHeading = h;
                    }
                }
            } else {
                out.emitParagraph(text.toString(), heading == null ? fallback() : heading, null);
            }
            text.setLength(0);
            isHeading = false;
        }

        private static int parseOr(String s, int otherwise) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
    }
}
