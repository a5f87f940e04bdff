package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds real EPUB and OpenDocument packages (and their damaged variants) for the parser tests. */
final class TestBooks {

    static final String EPUB_MIMETYPE = "application/epub+zip";
    static final String ODT_MIMETYPE = "application/vnd.oasis.opendocument.text";

    /** One chapter: its file name under OEBPS/text/, its name in the table of contents (null: unlisted), its body XHTML. */
    record Chapter(String file, String tocName, String body) {}

    private TestBooks() {}

    /** Writes the entries in order; "mimetype" is stored uncompressed, as both formats require. */
    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (e.getKey().equals("mimetype")) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The parts of an EPUB 3 (nav document) or EPUB 2 (NCX) book; the spine lists the chapters in the given order. */
    static Map<String, byte[]> epubParts(String title, String author, List<Chapter> chapters, boolean epub3) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("mimetype", utf8(EPUB_MIMETYPE));
        parts.put("META-INF/container.xml", utf8("""
                <?xml version="1.0"?>
                <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                </container>"""));
        StringBuilder manifest = new StringBuilder();
        StringBuilder spine = new StringBuilder();
        StringBuilder toc = new StringBuilder();
        // the manifest in reverse: reading order must come from the spine
        for (int i = chapters.size() - 1; i >= 0; i--) {
            Chapter c = chapters.get(i);
            manifest.append("<item id=\"c")
                    .append(i)
                    .append("\" href=\"text/")
                    .append(c.file().replace(" ", "%20"))
                    .append("\" media-type=\"application/xhtml+xml\"/>\n");
        }
        int n = 0;
        for (Chapter c : chapters) {
            spine.append("<itemref idref=\"c").append(n++).append("\"/>\n");
            if (c.tocName() != null) {
                String href = "text/" + c.file().replace(" ", "%20");
                toc.append(
                        epub3
                                ? "<li><a href=\"" + href + "#start\">" + c.tocName() + "</a></li>\n"
                                : "<navPoint id=\"p" + n + "\" playOrder=\"" + n + "\"><navLabel><text>" + c.tocName()
                                        + "</text></navLabel><content src=\"" + href + "\"/></navPoint>\n");
            }
            parts.put("OEBPS/text/" + c.file(), utf8("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE html>
                    <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
                    <head><title>ignored</title></head><body>%s</body></html>""".formatted(c.body())));
        }
        String tocItem = epub3
                ? "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>"
                : "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>";
        parts.put("OEBPS/content.opf", utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <package xmlns="http://www.idpf.org/2007/opf" version="%s" unique-identifier="id">
                  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                    %s%s<dc:language>en</dc:language>
                  </metadata>
                  <manifest>%s
                %s</manifest>
                  <spine%s>
                %s</spine>
                </package>""".formatted(
                        epub3 ? "3.0" : "2.0",
                        title == null ? "" : "<dc:title>" + title + "</dc:title>",
                        author == null ? "" : "<dc:creator>" + author + "</dc:creator>",
                        tocItem,
                        manifest,
                        epub3 ? "" : " toc=\"ncx\"",
                        spine)));
        if (epub3) {
            parts.put("OEBPS/nav.xhtml", utf8("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
                    <nav epub:type="landmarks"><ol><li><a href="text/nowhere.xhtml">Not a chapter name</a></li></ol></nav>
                    <nav epub:type="toc"><ol>
                    %s</ol></nav></body></html>""".formatted(toc)));
        } else {
            parts.put("OEBPS/toc.ncx", utf8("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
                    <docTitle><text>Not a chapter name</text></docTitle>
                    <navMap>
                    %s</navMap></ncx>""".formatted(toc)));
        }
        return parts;
    }

    static Path epub(Path file, String title, String author, List<Chapter> chapters, boolean epub3) throws IOException {
        return zip(file, epubParts(title, author, chapters, epub3));
    }

    /** The parts of an ODT whose office:text holds {@code body} (text: and table: prefixes bound). */
    static Map<String, byte[]> odtParts(String metaTitle, String body) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("mimetype", utf8(ODT_MIMETYPE));
        parts.put("META-INF/manifest.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
                 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                </manifest:manifest>"""));
        if (metaTitle != null) {
            parts.put("meta.xml", utf8("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                        xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">
                      <office:meta><dc:title>%s</dc:title></office:meta>
                    </office:document-meta>""".formatted(metaTitle)));
        }
        parts.put("content.xml", utf8(odtContent(body)));
        return parts;
    }

    static String odtContent(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
                    xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
                    xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">
                  <office:automatic-styles><text:p>Not in the body</text:p></office:automatic-styles>
                  <office:body><office:text>%s</office:text></office:body>
                </office:document-content>""".formatted(body);
    }

    static Path odt(Path file, String metaTitle, String body) throws IOException {
        return zip(file, odtParts(metaTitle, body));
    }

    /** A part of {@code size} bytes of one repeated letter: it deflates about a thousandfold. */
    static byte[] repeated(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    /** Rewrites the uncompressed size that the central directory declares for {@code entry}. */
    static void declareSize(Path file, String entry, long declared) throws IOException {
        byte[] zip = Files.readAllBytes(file);
        byte[] name = utf8(entry);
        for (int i = 0; i + 46 < zip.length; i++) {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 1 && zip[i + 3] == 2) {
                int nameLength = (zip[i + 28] & 0xFF) | (zip[i + 29] & 0xFF) << 8;
                if (nameLength == name.length
                        && java.util.Arrays.equals(zip, i + 46, i + 46 + nameLength, name, 0, nameLength)) {
                    for (int b = 0; b < 4; b++) {
                        zip[i + 24 + b] = (byte) (declared >>> (8 * b));
                    }
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(zip);
        }
    }
}
