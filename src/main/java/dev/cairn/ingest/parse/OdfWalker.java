package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What the OpenDocument parsers share (text, presentation, spreadsheet): the package is refused
 * when it is encrypted, meta.xml gives the title, and {@code content.xml} is streamed with StAX,
 * never held as a tree. The walker sees the body's elements and text, less the elements its format
 * skips (and all inside them), and lets the time budget and cancellation in every few thousand events.
 */
abstract class OdfWalker {

    static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

    private static final Pattern WHITE_SPACE = Pattern.compile("[ \t\r\n]+");

    final BlockEmitter out;
    private final String body;
    private boolean inBody;
    private int skipDepth;
    private long events;
    /** meta.xml's title, once {@link #read} has looked; null when it has none. */
    String metaTitle;

    /** @param body the local name of the office element that holds the content: "text", "presentation"... */
    OdfWalker(BlockEmitter out, String body) {
        this.out = out;
        this.body = body;
    }

    /**
     * Reads the package: refuses an encrypted one, learns meta.xml's title, then walks content.xml.
     *
     * @param what the format as a sentence names it, for the messages about a damaged file
     * @return meta.xml's title, or null when it has none
     */
    final String read(Path file, String what, ParseBudget budget) throws IOException, DocumentException {
        try (ZipParts zip = ZipParts.open(file, what, budget)) {
            refuseEncrypted(zip, budget);
            metaTitle = metaTitle(zip, budget);
            try (InputStream in = zip.require("content.xml", budget.maxFileBytes())) {
                walk(ZipParts.xml(in));
            } catch (CancellationException e) {
                throw e; // the guard gave up on this parse: not a damaged file
            } catch (XMLStreamException | IllegalStateException | NoSuchElementException e) {
                throw zip.damaged("content.xml", e);
            }
            return metaTitle;
        }
    }

    /** Reads to the end of the document, or until {@link #finished()} says the body is done. */
    private void walk(XMLStreamReader x) throws XMLStreamException, DocumentException {
        while (x.hasNext()) {
            int event = x.next();
            if ((++events & 4095) == 0) {
                out.checkpoint();
            }
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> started(x);
                case XMLStreamConstants.END_ELEMENT -> {
                    ended(x);
                    if (finished()) {
                        return;
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (inBody && skipDepth == 0) {
                        text(x.getText());
                    }
                }
                default -> {}
            }
        }
    }

    private void started(XMLStreamReader x) throws DocumentException {
        String ns = String.valueOf(x.getNamespaceURI());
        String name = x.getLocalName();
        if (!inBody) {
            inBody = ns.equals(OFFICE) && name.equals(body);
            return;
        }
        if (skipDepth > 0 || skips(ns, name)) {
            skipDepth++;
            return;
        }
        start(x, ns, name);
    }

    private void ended(XMLStreamReader x) throws DocumentException {
        if (!inBody) {
            return;
        }
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        String ns = String.valueOf(x.getNamespaceURI());
        String name = x.getLocalName();
        if (ns.equals(OFFICE) && name.equals(body)) {
            inBody = false;
            endBody();
            return;
        }
        end(x, ns, name);
    }

    /** Whether an element of the body is left out, with all inside it. */
    abstract boolean skips(String ns, String name);

    /** An element of the body starts. */
    abstract void start(XMLStreamReader x, String ns, String name) throws DocumentException;

    /** An element of the body ends. */
    abstract void end(XMLStreamReader x, String ns, String name) throws DocumentException;

    /** A run of the body's character data as the XML has it; the walker decides whether it counts. */
    abstract void text(String raw) throws DocumentException;

    /** The body ended. */
    void endBody() throws DocumentException {}

    /** Whether nothing after the last element ended is wanted. */
    boolean finished() {
        return false;
    }

    /** Runs of XML white space (tabs and line breaks in the markup) as one space, as ODF reads them. */
    static String collapse(String s) {
        return WHITE_SPACE.matcher(s).replaceAll(" ");
    }

    /** An attribute's value by its local name, whatever its namespace; null when the element has none. */
    static String attribute(XMLStreamReader x, String localName) {
        for (int i = 0; i < x.getAttributeCount(); i++) {
            if (x.getAttributeLocalName(i).equals(localName)) {
                return x.getAttributeValue(i);
            }
        }
        return null;
    }

    private static void refuseEncrypted(ZipParts zip, ParseBudget budget) throws IOException, DocumentException {
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
                    throw new DocumentException(FailureReason.ENCRYPTED, Phrase.of("parse.odfEncrypted"));
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw zip.damaged(name, e);
        }
    }

    private static String metaTitle(ZipParts zip, ParseBudget budget) throws IOException, DocumentException {
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
}
