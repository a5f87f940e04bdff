package dev.cairn.ingest.parse;

import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The event loop the OpenDocument parsers share (text, presentation, spreadsheet): streams a
 * {@code content.xml}, hands each element and each run of text to the format's walker, and lets
 * the time budget and cancellation in every few thousand events.
 */
abstract class OdfWalker {

    private static final Pattern WHITE_SPACE = Pattern.compile("[ \t\r\n]+");

    final BlockEmitter out;
    private long events;

    OdfWalker(BlockEmitter out) {
        this.out = out;
    }

    /** Reads to the end of the document, or until {@link #finished()} says the body is done. */
    final void walk(XMLStreamReader x) throws XMLStreamException, DocumentException {
        while (x.hasNext()) {
            int event = x.next();
            if ((++events & 4095) == 0) {
                out.checkpoint();
            }
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> start(x);
                case XMLStreamConstants.END_ELEMENT -> {
                    end(x);
                    if (finished()) {
                        return;
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                    text(x.getText());
                default -> {}
            }
        }
    }

    abstract void start(XMLStreamReader x) throws DocumentException;

    abstract void end(XMLStreamReader x) throws DocumentException;

    /** A run of character data as the XML has it; the walker decides whether it counts. */
    abstract void text(String raw) throws DocumentException;

    /** Whether nothing after the last element ended is wanted. */
    boolean finished() {
        return false;
    }

    /** Runs of XML white space (tabs and line breaks in the markup) as one space, as ODF reads them. */
    static String collapse(String s) {
        return WHITE_SPACE.matcher(s).replaceAll(" ");
    }
}
