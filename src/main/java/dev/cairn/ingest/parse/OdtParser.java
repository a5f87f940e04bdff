package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenDocument text (.odt, and its templates): content.xml streamed with StAX, never held as a tree.
 * Headings ({@code text:h}) name the sections; paragraphs and list items become paragraphs; a table
 * becomes one paragraph a row, cells joined with " | ". Tracked deletions, comments and generated
 * indexes (a table of contents repeats the headings) are left out. The title is meta.xml's
 * {@code dc:title}, else the first heading. A password-protected file says so instead of failing as damaged.
 */
final class OdtParser implements FormatParser {

    static final String WHAT = "OpenDocument text";
    private static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
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
        try (ZipParts zip = ZipParts.open(file, WHAT + " file", budget)) {
            refuseEncrypted(zip, budget);
            String title = metaTitle(zip, budget);
            Walker walker = new Walker(out, title != null ? title : FormatParser.titleFromFileName(file));
            try (InputStream in = zip.require("content.xml", budget.maxFileBytes())) {
                walker.walk(ZipParts.xml(in));
            } catch (java.util.concurrent.CancellationException e) {
                throw e; // the guard gave up on this parse: not a damaged file
            } catch (XMLStreamException | IllegalStateException | java.util.NoSuchElementException e) {
                throw zip.damaged("content.xml", e);
            }
            if (title == null) {
                title = walker.firstHeading != null ? walker.firstHeading : FormatParser.titleFromFileName(file);
            }
            return new Info(title, 0);
        }
    }

    static void refuseEncrypted(ZipParts zip, ParseBudget budget) throws IOException, DocumentException {
        String name = "META-INF/manifest.xml";
        try (InputStream in = zip.open(name, budget.maxMarkupBytes())) {
            if (in == null) {
                return;
            }
            XMLStreamReader x = ZipParts.xml(in);
            String entry = null;
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (x.getLocalName().equals("file-entry")) {
                    entry = attribute(x, "full-path");
                } else if (x.getLocalName().equals("encryption-data") && "content.xml".equals(entry)) {
                    throw new DocumentException(
                            FailureReason.ENCRYPTED,
                            "This OpenDocument file is password-protected; Cairn can't read it.");
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw zip.damaged(name, e);
        }
    }

    static String metaTitle(ZipParts zip, ParseBudget budget) throws IOException, DocumentException {
        try (InputStream in = zip.open("meta.xml", budget.maxMarkupBytes())) {
            if (in == null) {
                return null;
            }
            XMLStreamReader x = ZipParts.xml(in);
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT
                        && x.getLocalName().equals("title")) {
                    String title = x.getElementText().replaceAll("\\s+", " ").strip();
                    return title.isEmpty() ? null : title;
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            throw zip.damaged("meta.xml", e);
        }
    }

    static String attribute(XMLStreamReader x, String localName) {
        for (int i = 0; i < x.getAttributeCount(); i++) {
            if (x.getAttributeLocalName(i).equals(localName)) {
                return x.getAttributeValue(i);
            }
        }
        return null;
    }

    /** Walks office:text event by event; state is only the current paragraph or table row. */
    private static final class Walker extends OdfWalker {
        private final String fallback;
        private final StringBuilder text = new StringBuilder();
        private final List<String> row = new ArrayList<>();
        private final StringBuilder cell = new StringBuilder();
        private String heading;
        private String firstHeading;
        private boolean isHeading;
        private boolean inBody;
        private int skipDepth;
        private int paraDepth;
        private int tableDepth;
        private boolean done;

        Walker(BlockEmitter out, String fallback) {
            super(out);
            this.fallback = fallback;
        }

        @Override
        void text(String raw) throws DocumentException {
            if (inBody && skipDepth == 0) {
                appendCollapsed(raw);
            }
        }

        @Override
        void end(XMLStreamReader x) throws DocumentException {
            done = endElement(x);
        }

        @Override
        boolean finished() {
            return done;
        }

        @Override
        void start(XMLStreamReader x) throws DocumentException {
            String ns = String.valueOf(x.getNamespaceURI());
            String name = x.getLocalName();
            if (!inBody) {
                inBody = ns.equals(OFFICE) && name.equals("text");
                return;
            }
            if (skipDepth > 0 || SKIPPED.contains(name) && (ns.equals(TEXT) || ns.equals(OFFICE))) {
                skipDepth++;
                return;
            }
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

        /** @return true at the end of the body */
        private boolean endElement(XMLStreamReader x) throws DocumentException {
            if (!inBody) {
                return false;
            }
            if (skipDepth > 0) {
                skipDepth--;
                return false;
            }
            String ns = String.valueOf(x.getNamespaceURI());
            String name = x.getLocalName();
            if (ns.equals(OFFICE) && name.equals("text")) {
                flush();
                return true;
            }
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
            return false;
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
            out.emitParagraph(String.join(" | ", row.subList(0, last)), heading == null ? fallback : heading, null);
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
                out.emitParagraph(text.toString(), heading == null ? fallback : heading, null);
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
