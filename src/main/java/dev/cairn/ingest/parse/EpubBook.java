package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What an EPUB (2 or 3) says about itself: META-INF/container.xml names the package file (OPF),
 * whose metadata gives the title and authors, whose manifest and spine give the chapters in reading
 * order, and whose table of contents (the EPUB 3 nav document, else the EPUB 2 NCX) names them.
 * Paths are resolved inside the package; one that climbs out of it is refused as a path trick.
 */
record EpubBook(String title, String author, List<String> chapters, Map<String, String> chapterTitles) {

    static final String WHAT = Phrase.of("kind.epub");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Set<String> CHAPTER_TYPES = Set.of("application/xhtml+xml", "text/html", "application/html");
    /** Font obfuscation (IDPF, Adobe) also uses encryption.xml; it hides fonts, not text, and is no DRM. */
    private static final Set<String> FONT_MANGLING =
            Set.of("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC");

    private record Item(String href, String path, String mediaType, String properties) {}

    static EpubBook read(ZipParts zip, ParseBudget budget) throws IOException, DocumentException {
        String opf = rootfile(zip, budget);
        String base = opf.contains("/") ? opf.substring(0, opf.lastIndexOf('/') + 1) : "";
        Map<String, Item> manifest = new HashMap<>();
        List<String> spineIds = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<String> creators = new ArrayList<>();
        String ncxId = null;
        try (InputStream in = zip.require(opf, budget.maxMarkupBytes())) {
            XMLStreamReader x = ZipParts.xml(in);
            boolean inMetadata = false;
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) {
                    if (x.getEventType() == XMLStreamConstants.END_ELEMENT
                            && x.getLocalName().equals("metadata")) {
                        inMetadata = false;
                    }
                    continue;
                }
                switch (x.getLocalName()) {
                    case "metadata" -> inMetadata = true;
                    case "title" -> addText(inMetadata ? titles : null, x);
                    case "creator" -> addText(inMetadata ? creators : null, x);
                    case "item" -> {
                        String href = x.getAttributeValue(null, "href");
                        String id = x.getAttributeValue(null, "id");
                        if (href != null && id != null) {
                            String path = resolveOrNull(base, href);
                            manifest.put(
                                    id,
                                    new Item(
                                            href,
                                            path,
                                            lower(x.getAttributeValue(null, "media-type")),
                                            lower(x.getAttributeValue(null, "properties"))));
                        }
                    }
                    case "spine" -> ncxId = x.getAttributeValue(null, "toc");
                    case "itemref" -> {
                        String idref = x.getAttributeValue(null, "idref");
                        if (idref != null) {
                            spineIds.add(idref);
                        }
                    }
                    default -> {}
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw zip.damaged(opf, e);
        }
        List<String> chapters = new ArrayList<>();
        for (String id : spineIds) {
            Item item = manifest.get(id);
            if (item == null || !CHAPTER_TYPES.contains(item.mediaType())) {
                continue; // images and other non-text spine items
            }
            if (item.path() == null) {
                throw pathTrick(item.href());
            }
            chapters.add(item.path());
        }
        if (chapters.isEmpty()) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.epubNoSpine", WHAT));
        }
        refuseEncrypted(zip, budget, chapters);
        Map<String, String> toc = new HashMap<>();
        for (Item item : manifest.values()) {
            if (item.path() != null
                    && item.properties() != null
                    && Set.of(item.properties().split("\\s+")).contains("nav")) {
                navTitles(zip, budget, item.path(), toc);
            }
        }
        Item ncx = ncxId == null ? null : manifest.get(ncxId);
        if (toc.isEmpty() && ncx != null && ncx.path() != null) {
            ncxTitles(zip, budget, ncx.path(), toc);
        }
        String author = creators.isEmpty()
                ? null
                : String.join(", ", creators.subList(0, Math.min(3, creators.size())))
                        + (creators.size() > 3 ? " et al." : "");
        return new EpubBook(titles.isEmpty() ? null : titles.getFirst(), author, chapters, toc);
    }

    private static String rootfile(ZipParts zip, ParseBudget budget) throws IOException, DocumentException {
        String container = "META-INF/container.xml";
        try (InputStream in = zip.require(container, budget.maxMarkupBytes())) {
            XMLStreamReader x = ZipParts.xml(in);
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT
                        && x.getLocalName().equals("rootfile")) {
                    String path = x.getAttributeValue(null, "full-path");
                    if (path != null && !path.isBlank()) {
                        String resolved = resolveOrNull("", path);
                        if (resolved == null) {
                            throw pathTrick(path);
                        }
                        return resolved;
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw zip.damaged(container, e);
        }
        throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.epubNoPackage", WHAT));
    }

    private static void refuseEncrypted(ZipParts zip, ParseBudget budget, List<String> chapters)
            throws IOException, DocumentException {
        String name = "META-INF/encryption.xml";
        Set<String> encrypted = new HashSet<>();
        try (InputStream in = zip.open(name, budget.maxMarkupBytes())) {
            if (in == null) {
                return;
            }
            XMLStreamReader x = ZipParts.xml(in);
            String algorithm = "";
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (x.getLocalName().equals("EncryptionMethod")) {
                    algorithm = String.valueOf(x.getAttributeValue(null, "Algorithm"));
                } else if (x.getLocalName().equals("CipherReference") && !FONT_MANGLING.contains(algorithm)) {
                    String uri = x.getAttributeValue(null, "URI");
                    String path = uri == null ? null : resolveOrNull("", uri);
                    if (path != null) {
                        encrypted.add(path);
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw zip.damaged(name, e);
        }
        if (chapters.stream().anyMatch(encrypted::contains)) {
            throw new DocumentException(FailureReason.ENCRYPTED, Phrase.of("parse.epubDrm"));
        }
    }

    /** EPUB 3: the nav document's {@code <nav epub:type="toc">} links, the first title per chapter file. */
    private static void navTitles(ZipParts zip, ParseBudget budget, String nav, Map<String, String> toc)
            throws IOException, DocumentException {
        Document doc;
        try (InputStream in = zip.require(nav, budget.maxMarkupBytes())) {
            doc = Jsoup.parse(in, null, "");
        } catch (IOException | RuntimeException e) {
            throw zip.damaged(nav, e);
        }
        String base = nav.contains("/") ? nav.substring(0, nav.lastIndexOf('/') + 1) : "";
        for (Element n : doc.select("nav")) {
            if (!n.attr("epub:type").toLowerCase(Locale.ROOT).contains("toc")) {
                continue;
            }
            for (Element a : n.select("a[href]")) {
                String path = resolveOrNull(base, a.attr("href"));
                String text = a.text().strip();
                if (path != null && !text.isEmpty()) {
                    toc.putIfAbsent(path, text);
                }
            }
        }
    }

    /** EPUB 2: the NCX's navPoints, depth first, the first title per chapter file. */
    private static void ncxTitles(ZipParts zip, ParseBudget budget, String ncx, Map<String, String> toc)
            throws IOException, DocumentException {
        try (InputStream in = zip.open(ncx, budget.maxMarkupBytes())) {
            if (in == null) {
                return; // a missing table of contents costs only the chapter names
            }
            XMLStreamReader x = ZipParts.xml(in);
            String label = null;
            boolean inLabel = false;
            String base = ncx.contains("/") ? ncx.substring(0, ncx.lastIndexOf('/') + 1) : "";
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (x.getLocalName()) {
                        case "navLabel" -> inLabel = true;
                        case "text" -> label = inLabel ? x.getElementText().strip() : label;
                        case "content" -> {
                            String path = resolveOrNull(base, String.valueOf(x.getAttributeValue(null, "src")));
                            if (path != null && label != null && !label.isEmpty()) {
                                toc.putIfAbsent(path, label);
                            }
                        }
                        default -> {}
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT
                        && x.getLocalName().equals("navLabel")) {
                    inLabel = false;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw zip.damaged(ncx, e);
        }
    }

    private static void addText(List<String> into, XMLStreamReader x) throws XMLStreamException {
        if (into == null) {
            return;
        }
        String text = x.getElementText().replaceAll("\\s+", " ").strip();
        if (!text.isEmpty() && into.size() < 16) {
            into.add(text);
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    private static DocumentException pathTrick(String href) {
        return new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.epubPathTrick", WHAT, href));
    }

    /**
     * The package path that {@code href} (percent-encoded, relative to the folder {@code base})
     * names, without its fragment; {@code null} for one that leaves the package (an URL, or "../"
     * above its root).
     */
    static String resolveOrNull(String base, String href) {
        String h = href.strip();
        int cut = h.indexOf('#');
        h = cut >= 0 ? h.substring(0, cut) : h;
        cut = h.indexOf('?');
        h = cut >= 0 ? h.substring(0, cut) : h;
        if (SCHEME.matcher(h).find() || h.indexOf('\\') >= 0) {
            return null;
        }
        String path = h.startsWith("/") ? h.substring(1) : base + h;
        List<String> segments = new ArrayList<>();
        for (String s : percentDecoded(path).split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
            } else {
                segments.add(s);
            }
        }
        return segments.isEmpty() ? null : String.join("/", segments);
    }

    private static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%'
                    && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
