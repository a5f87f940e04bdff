package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML with jsoup: the title and the main text. Page furniture (navigation, headers, footers,
 * asides, forms, scripts, styles) is dropped; {@code <main>} or {@code <article>} is preferred when
 * present; h1–h6 become section headings. Navigation that only class names or ARIA roles give away
 * (DocBook's navheader/navfooter, Sphinx's related bars and sidebar, javadoc's navigation bars,
 * {@code role=navigation}) stays in the document text, so offsets into it do not move, but its
 * blocks are marked {@linkplain Block#boilerplate() boilerplate} and kept out of the chunks; a
 * heading inside it names no section. The tree is walked without recursion, so
 * deeply nested markup cannot overflow the stack. jsoup builds the whole tree in memory, hence the
 * markup limit.
 */
final class HtmlParser implements FormatParser {

    private static final String DROPPED = "script, style, noscript, template, nav, aside, form, iframe, svg, canvas, "
            + "object, embed, button, select, textarea, dialog";
    /** Navigation by markup that is not a nav, aside, header or footer element; see docs/decisions/0012-boilerplate.md. */
    static final String FURNITURE = "[role=navigation], [role=banner], [role=contentinfo], [role=search], "
            + "div.navheader, div.navfooter, " // DocBook XSL (the PostgreSQL manual)
            + "div.related, div.sphinxsidebar, div.footer, " // Sphinx
            + "div.top-nav, div.sub-nav, div.bottom-nav, div.topNav, div.subNav, div.bottomNav, " // javadoc
            + ".skip-nav, .skipNav";

    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        long size = Files.size(file);
        if (size > budget.maxMarkupBytes()) {
            throw new DocumentException(
                    FailureReason.TOO_LARGE,
                    Phrase.of(
                            "parse.htmlTooLarge",
                            ContentSniffer.megabytes(size),
                            ContentSniffer.megabytes(budget.maxMarkupBytes())));
        }
        // With a BOM or non-UTF-8 bytes we know better than jsoup's default; otherwise let <meta charset> decide.
        String charset = sniffed.bomLength() > 0 || !StandardCharsets.UTF_8.equals(sniffed.charset())
                ? sniffed.charset().name()
                : null;
        Document doc = Jsoup.parse(file, charset, "");
        out.checkpoint();

        String title = doc.title().strip();
        Element root = mainText(doc);
        if (title.isEmpty()) {
            Element h1 = doc.selectFirst("h1");
            title = h1 != null && !h1.text().isBlank() ? h1.text().strip() : FormatParser.titleFromFileName(file);
        }
        emit(root, title, null, out);
        return new Info(title, 0);
    }

    /** Drops the page furniture and returns the element that holds the main text. */
    static Element mainText(Document doc) {
        doc.select(DROPPED).remove();
        for (Element e : doc.select("header, footer")) {
            if (e.closest("main, article") == null) {
                e.remove();
            }
        }
        Element root = doc.selectFirst("main");
        if (root == null) {
            root = doc.selectFirst("article");
        }
        if (root == null) {
            root = doc.body() != null ? doc.body() : doc;
        }
        return root;
    }

    /**
     * Emits the text under {@code root} paragraph by paragraph, h1–h6 naming the sections.
     *
     * @param heading what text before the first heading is filed under
     * @param chapter for a book's chapter, its title: a heading inside it is then cited as
     *                "chapter › heading" (or as the chapter alone where they name the same thing)
     */
    static void emit(Element root, String heading, String chapter, BlockEmitter out) throws DocumentException {
        Set<Element> furniture = Collections.newSetFromMap(new IdentityHashMap<>());
        furniture.addAll(root.select(FURNITURE));
        Walker walker = new Walker(out, heading, chapter, furniture);
        try {
            NodeTraversor.traverse(walker, root);
            walker.flush();
        } catch (Unchecked e) {
            throw e.cause;
        }
    }

    /**
     * {@code text} with each run of spaces, tabs, vertical tabs, form feeds and carriage returns
     * made one space, and no space beside a line break: what
     * {@code replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" ?\\n ?", "\\n")} gives, in one pass
     * and without compiling two patterns for every paragraph (a tenth of the parse threads' time on
     * the PostgreSQL manual, docs/decisions/0008-ingest-speed.md).
     */
    static String collapseSpaces(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false; // a run of spaces not yet written
        boolean afterBreak = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r') {
                space = true;
            } else if (c == '\n') {
                out.append('\n');
                space = false;
                afterBreak = true;
            } else {
                if (space && !afterBreak) {
                    out.append(' ');
                }
                out.append(c);
                space = false;
                afterBreak = false;
            }
        }
        if (space && !afterBreak) {
            out.append(' ');
        }
        return out.toString();
    }

    /** Carries a DocumentException out of jsoup's visitor, which cannot throw checked exceptions. */
    private static final class Unchecked extends RuntimeException {
        final DocumentException cause;

        Unchecked(DocumentException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    private static final class Walker implements NodeVisitor {
        private final BlockEmitter out;
        private final String title;
        private final String chapter;
        private final Set<Element> furniture;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder headingText = new StringBuilder();
        private Element inHeading;
        private Element inFurniture;
        private int preDepth;
        private String heading;
        private long visited;

        Walker(BlockEmitter out, String title, String chapter, Set<Element> furniture) {
            this.out = out;
            this.title = title;
            this.chapter = chapter;
            this.furniture = furniture;
        }

        @Override
        public void head(Node node, int depth) {
            if ((++visited & 4095) == 0) {
                out.checkpoint();
            }
            if (node instanceof TextNode t) {
                StringBuilder target = inHeading != null ? headingText : text;
                target.append(preDepth > 0 ? t.getWholeText() : t.text());
                if (target == text && text.length() >= TextParser.MAX_BLOCK_CHARS) {
                    flush();
                }
                return;
            }
            if (!(node instanceof Element e)) {
                return;
            }
            String tag = e.normalName();
            if (inFurniture == null && furniture.contains(e)) {
                flush();
                inFurniture = e;
            }
            if (HEADINGS.contains(tag) && inHeading == null) {
                flush();
                inHeading = e;
                headingText.setLength(0);
            } else if (tag.equals("pre")) {
                flush();
                preDepth++;
            } else if (tag.equals("br")) {
                (inHeading != null ? headingText : text).append('\n');
            } else if (tag.equals("td") || tag.equals("th")) {
                text.append(' ');
            } else if (e.isBlock()) {
                flush();
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element e)) {
                return;
            }
            String tag = e.normalName();
            if (e == inHeading) {
                String h = headingText.toString().replaceAll("\\s+", " ").strip();
                if (!h.isEmpty() && inFurniture == null) { // a sidebar's "Navigation" names no section
                    heading = inChapter(h);
                }
                inHeading = null;
            } else if (tag.equals("pre")) {
                flush();
                preDepth--;
            } else if (e.isBlock() && !tag.equals("td") && !tag.equals("th")) {
                flush();
            }
            if (e == inFurniture) {
                flush();
                inFurniture = null;
            }
        }

        private String inChapter(String h) {
            if (chapter == null) {
                return h;
            }
            String a = h.toLowerCase(java.util.Locale.ROOT);
            String b = chapter.toLowerCase(java.util.Locale.ROOT);
            return a.contains(b) || b.contains(a) ? chapter : chapter + " \u203A " + h;
        }

        void flush() {
            if (text.isEmpty()) {
                return;
            }
            String paragraph = preDepth > 0 ? text.toString() : collapseSpaces(text);
            text.setLength(0);
            try {
                out.emitParagraph(paragraph, heading == null ? title : heading, null, inFurniture != null);
            } catch (DocumentException e) {
                throw new Unchecked(e);
            }
        }
    }
}
