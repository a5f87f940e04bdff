package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Tells EPUB books and OpenDocument files from other zips by their {@code mimetype} entry, which
 * both formats put first in the package: {@code application/epub+zip} is an EPUB,
 * {@code application/vnd.oasis.opendocument.text} an ODT, {@code ...presentation} an ODP and
 * {@code ...spreadsheet} an ODS; other OpenDocument kinds are refused by name.
 */
final class MimetypeSniffer {

    static final String EPUB = "application/epub+zip";
    static final String ODF = "application/vnd.oasis.opendocument.";

    private MimetypeSniffer() {}

    /** The package's kind, or {@code null} when it is neither (the caller goes on with its own checks). */
    static Sniffed sniff(ZipFile zip) throws IOException, DocumentException {
        String mimetype = mimetype(zip);
        String ext = ContentSniffer.extension(Path.of(zip.getName()));
        if (mimetype.equals(EPUB) || (mimetype.isEmpty() && zip.getEntry("META-INF/container.xml") != null)) {
            return new Sniffed(Sniffed.Kind.EPUB, null, 0);
        }
        if (mimetype.startsWith(ODF + "text") // text, text-template, text-master
                || (mimetype.isEmpty() && ext.equals("odt") && zip.getEntry("content.xml") != null)) {
            return new Sniffed(Sniffed.Kind.ODT, null, 0);
        }
        if (mimetype.startsWith(ODF + "spreadsheet")
                || (mimetype.isEmpty() && ext.equals("ods") && zip.getEntry("content.xml") != null)) {
            return new Sniffed(Sniffed.Kind.ODS, null, 0);
        }
        if (mimetype.startsWith(ODF + "presentation")
                || (mimetype.isEmpty() && ext.equals("odp") && zip.getEntry("content.xml") != null)) {
            return new Sniffed(Sniffed.Kind.ODP, null, 0);
        }
        if (mimetype.startsWith(ODF)) {
            String type = mimetype.substring(ODF.length());
            String what = type.startsWith("graphics") ? Phrase.of("kind.a.odg") : Phrase.of("kind.a.odfOther", type);
            throw new DocumentException(FailureReason.UNSUPPORTED, Phrase.of("parse.odfUnsupported", what));
        }
        String expected = switch (ext) {
            case "epub" -> EPUB;
            case "odt" -> ODF + "text";
            case "odp" -> ODF + "presentation";
            case "ods" -> ODF + "spreadsheet";
            default -> null;
        };
        if (expected != null && !mimetype.isEmpty()) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.odfMimetype", ext, mimetype, expected));
        }
        return null;
    }

    /** The stripped first bytes of the {@code mimetype} entry, or "" when there is none. */
    private static String mimetype(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry("mimetype");
        if (entry == null || entry.isDirectory()) {
            return "";
        }
        try (InputStream in = zip.getInputStream(entry)) {
            String text = new String(in.readNBytes(128), StandardCharsets.US_ASCII).strip();
            return text.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
