package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenDocument presentations (.odp): content.xml streamed with StAX. Each {@code draw:page} is a
 * slide; each shape holding text (a {@code draw:frame}, a custom shape...) is one block with the
 * slide number as its page, headed {@code Slide 4 — Results} after the frame the file marks as the
 * title; the speaker notes ({@code presentation:notes}) follow, headed {@code Slide 4 — Results (notes)}.
 * A slide's frames are held until the slide ends (to learn its title), at most {@link #MAX_HELD_CHARS}.
 * The title is meta.xml's, else the first slide's.
 */
final class OdpParser implements FormatParser {

    static final String WHAT = Phrase.of("kind.odp");
    private static final String DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    private static final String PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
    /** Comments, alternative text and forms are not what the slide shows. */
    private static final Set<String> SKIPPED = Set.of("annotation", "forms", "title", "desc", "event-listeners");
    /** Containers of shapes, not shapes. */
    private static final Set<String> CONTAINERS = Set.of("page", "g", "layer-set", "layer");

    static final int MAX_HELD_CHARS = 256 * 1024;

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        Walker walker = new Walker(out);
        String title = walker.read(file, WHAT, budget);
        if (title == null) {
            title = walker.firstTitle != null ? walker.firstTitle : FormatParser.titleFromFileName(file);
        }
        return new Info(title, walker.slide);
    }

    private record Frame(String text, boolean title, boolean notes) {}

    /** Walks office:presentation event by event; holds only the current slide's frames. */
    private static final class Walker extends OdfWalker {
        private final List<Frame> frames = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int slide;
        private String slideTitle;
        private String firstTitle;
        private boolean inNotes;
        private boolean frameIsTitle;
        private int frameDepth;
        private long held;

        Walker(BlockEmitter out) {
            super(out, "presentation");
        }

        @Override
        void text(String raw) throws DocumentException {
            if (frameDepth > 0) {
                append(collapse(raw));
            }
        }

        @Override
        boolean skips(String ns, String name) {
            return SKIPPED.contains(name) && !ns.equals(TEXT);
        }

        @Override
        void start(XMLStreamReader x, String ns, String name) throws DocumentException {
            if (frameDepth > 0) {
                frameDepth++;
                if (ns.equals(TEXT)) {
                    switch (name) {
                        case "s" -> {
                            String c = attribute(x, "c");
                            append(" "
                                    .repeat(
                                            c != null && c.strip().matches("\\d{1,2}")
                                                    ? Math.max(1, Integer.parseInt(c.strip()))
                                                    : 1));
                        }
                        case "tab" -> append("\t");
                        case "line-break" -> append("\n");
                        default -> {}
                    }
                }
                return;
            }
            if (ns.equals(DRAW) && name.equals("page")) {
                slide++;
                slideTitle = null;
            } else if (ns.equals(PRESENTATION) && name.equals("notes")) {
                inNotes = true;
            } else if (ns.equals(DRAW) && !CONTAINERS.contains(name) && slide > 0) {
                frameDepth = 1;
                frameIsTitle = !inNotes && "title".equals(presentationClass(x));
                text.setLength(0);
            }
        }

        @Override
        void end(XMLStreamReader x, String ns, String name) throws DocumentException {
            if (frameDepth > 0) {
                if (--frameDepth == 0) {
                    endFrame();
                } else if (ns.equals(TEXT) && (name.equals("p") || name.equals("h"))) {
                    append("\n");
                } else if (ns.equals(TABLE) && name.equals("table-cell")) {
                    append(" | ");
                } else if (ns.equals(TABLE) && name.equals("table-row")) {
                    append("\n");
                }
                return;
            }
            if (ns.equals(PRESENTATION) && name.equals("notes")) {
                inNotes = false;
            } else if (ns.equals(DRAW) && name.equals("page")) {
                emitSlide();
            }
        }

        private void endFrame() throws DocumentException {
            String t = text.toString()
                    .replaceAll(" *\n *", "\n")
                    .replaceAll("( \\| )+\n", "\n")
                    .strip();
            text.setLength(0);
            if (t.isEmpty()) {
                return;
            }
            if (frameIsTitle && slideTitle == null) {
                slideTitle = t.replaceAll("\\s+", " ");
                if (firstTitle == null) {
                    firstTitle = slideTitle;
                }
            }
            frames.add(new Frame(t, frameIsTitle, inNotes));
            held += t.length();
            if (held > MAX_HELD_CHARS) {
                emitSlide(); // a slide this full goes out with the title known so far
            }
        }

        private void emitSlide() throws DocumentException {
            String heading = "Slide " + slide + (slideTitle == null ? "" : " \u2014 " + slideTitle);
            for (Frame f : frames) {
                if (!f.notes()) {
                    out.emitParagraph(f.text(), heading, slide);
                }
            }
            for (Frame f : frames) {
                if (f.notes()) {
                    out.emitParagraph(f.text(), heading + " (notes)", slide);
                }
            }
            frames.clear();
            held = 0;
        }

        private void append(String s) throws DocumentException {
            if (s.startsWith(" ")
                    && (text.isEmpty()
                            || text.charAt(text.length() - 1) == ' '
                            || text.charAt(text.length() - 1) == '\n')) {
                s = s.substring(1);
            }
            text.append(s);
            if (text.length() >= TextParser.MAX_BLOCK_CHARS) {
                frameIsTitle = false; // a "title" this long is text
                endFrame();
            }
        }

        private static String presentationClass(XMLStreamReader x) {
            for (int i = 0; i < x.getAttributeCount(); i++) {
                if (x.getAttributeLocalName(i).equals("class") && PRESENTATION.equals(x.getAttributeNamespace(i))) {
                    return x.getAttributeValue(i);
                }
            }
            return null;
        }
    }
}
