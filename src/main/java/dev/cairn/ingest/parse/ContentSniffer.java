package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Decides what a file is from its bytes, the extension only breaking ties between text formats
 * (a renamed PDF is still a PDF; a {@code .md} file is Markdown only if it is text).
 */
final class ContentSniffer {

    static final int HEAD_BYTES = 8192;

    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RTF = "{\\rtf".getBytes(StandardCharsets.US_ASCII);

    /** Extensions that name a binary format, with the format as a sentence names it. */
    private static final java.util.Map<String, String> BINARY_EXTENSIONS = java.util.Map.ofEntries(
            java.util.Map.entry("pdf", Phrase.of("kind.a.pdf")),
            java.util.Map.entry("docx", Phrase.of("kind.a.docx")),
            java.util.Map.entry("xlsx", Phrase.of("kind.a.xlsx")),
            java.util.Map.entry("pptx", Phrase.of("kind.a.pptx")),
            java.util.Map.entry("odt", Phrase.of("kind.a.odf")),
            java.util.Map.entry("ods", Phrase.of("kind.a.odf")),
            java.util.Map.entry("odp", Phrase.of("kind.a.odf")),
            java.util.Map.entry("epub", Phrase.of("kind.a.epub")),
            java.util.Map.entry("doc", Phrase.of("kind.a.office")),
            java.util.Map.entry("xls", Phrase.of("kind.a.office")),
            java.util.Map.entry("ppt", Phrase.of("kind.a.office")),
            java.util.Map.entry("zip", Phrase.of("kind.a.zip")),
            java.util.Map.entry("png", Phrase.of("kind.a.png")),
            java.util.Map.entry("jpg", Phrase.of("kind.a.jpeg")),
            java.util.Map.entry("jpeg", Phrase.of("kind.a.jpeg")),
            java.util.Map.entry("tif", Phrase.of("kind.a.tiff")),
            java.util.Map.entry("tiff", Phrase.of("kind.a.tiff")));

    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
    private static final byte[] OLE2 = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    /** Magic numbers of common non-documents, so the message can say what the file is. */
    private record Magic(byte[] bytes, String what) {}

    private static final Magic[] BINARIES = {
        new Magic(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Phrase.of("kind.a.png")),
        new Magic(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, Phrase.of("kind.a.jpeg")),
        new Magic("GIF8".getBytes(StandardCharsets.US_ASCII), Phrase.of("kind.a.gif")),
        new Magic(new byte[] {0x1F, (byte) 0x8B}, Phrase.of("kind.a.gzip")),
        new Magic(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF}, Phrase.of("kind.a.7z")),
        new Magic("Rar!".getBytes(StandardCharsets.US_ASCII), Phrase.of("kind.a.rar")),
        new Magic(new byte[] {0x7F, 'E', 'L', 'F'}, Phrase.of("kind.a.elf")),
        new Magic(new byte[] {'M', 'Z'}, Phrase.of("kind.a.exe")),
        new Magic(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, Phrase.of("kind.a.class")),
    };

    private ContentSniffer() {}

    static Sniffed sniff(Path file, ParseBudget budget) throws IOException, DocumentException {
        if (!Files.isRegularFile(file)) {
            throw new DocumentException(FailureReason.UNREADABLE, Phrase.of("parse.notRegular"));
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new DocumentException(FailureReason.EMPTY, Phrase.of("parse.empty"));
        }
        if (size > budget.maxFileBytes()) {
            throw new DocumentException(
                    FailureReason.TOO_LARGE,
                    Phrase.of("parse.tooLarge", megabytes(size), megabytes(budget.maxFileBytes())));
        }
        byte[] head = readHead(file);
        String ext = extension(file);

        if (indexOf(head, PDF, 1024) >= 0) {
            return new Sniffed(Sniffed.Kind.PDF, null, 0);
        }
        if (startsWith(head, RTF)) {
            return new Sniffed(Sniffed.Kind.RTF, null, 0);
        }
        Sniffed.Kind image = imageKind(head);
        if (image != null) {
            return new Sniffed(image, null, 0);
        }
        if (startsWith(head, ZIP)) {
            return sniffZip(file);
        }
        if (startsWith(head, OLE2)) {
            throw sniffOle2(file);
        }
        String claimed = BINARY_EXTENSIONS.get(ext);
        if (claimed != null) {
            // Named as a binary format, but its bytes are not that format: never read as text.
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.mislabelled", claimed, ext));
        }
        TextEncoding.Detected encoding = TextEncoding.detect(file, head);
        if (encoding == null) {
            for (Magic m : BINARIES) {
                if (startsWith(head, m.bytes())) {
                    throw binary(Phrase.of("parse.notDocument", m.what()));
                }
            }
            var listed = DocumentTypes.forExtension(ext);
            throw binary(
                    listed.isPresent()
                            ? Phrase.of("parse.binaryNamed", ext, listed.get().name())
                            : Phrase.of("parse.binary"));
        }
        Sniffed.Kind kind = textKind(head, encoding, ext);
        return new Sniffed(kind, encoding.charset(), encoding.bomLength());
    }

    /** Images Cairn reads with OCR, by their magic numbers; null for anything else. */
    private static Sniffed.Kind imageKind(byte[] head) {
        if (startsWith(head, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return Sniffed.Kind.PNG;
        }
        if (startsWith(head, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return Sniffed.Kind.JPEG;
        }
        if (startsWith(head, new byte[] {'I', 'I', 42, 0}) || startsWith(head, new byte[] {'M', 'M', 0, 42})) {
            return Sniffed.Kind.TIFF;
        }
        return null;
    }

    private static Sniffed.Kind textKind(byte[] head, TextEncoding.Detected encoding, String ext) {
        String start = encoding.decodeHead(head).stripLeading().toLowerCase(Locale.ROOT);
        boolean htmlExt = ext.equals("html") || ext.equals("htm") || ext.equals("xhtml");
        if (start.startsWith("<!doctype html")
                || start.startsWith("<html")
                || (start.startsWith("<?xml") && start.contains("<html"))
                || (htmlExt && start.startsWith("<"))) {
            return Sniffed.Kind.HTML;
        }
        Sniffed.Kind mail = MailSniffer.kind(encoding.decodeHead(head), ext);
        if (mail != null) {
            return mail;
        }
        if (ext.equals("md") || ext.equals("markdown") || ext.equals("mdown") || ext.equals("mkd")) {
            return Sniffed.Kind.MARKDOWN;
        }
        Sniffed.Kind listed = DocumentTypes.textKind(ext);
        return listed != null ? listed : Sniffed.Kind.TEXT;
    }

    private static Sniffed sniffZip(Path file) throws DocumentException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry("word/document.xml") != null) {
                return new Sniffed(Sniffed.Kind.DOCX, null, 0);
            }
            Sniffed packaged = MimetypeSniffer.sniff(zip); // EPUB, OpenDocument
            if (packaged != null) {
                return packaged;
            }
            if (zip.getEntry("xl/workbook.xml") != null) {
                return new Sniffed(Sniffed.Kind.XLSX, null, 0);
            }
            if (zip.getEntry("ppt/presentation.xml") != null) {
                return new Sniffed(Sniffed.Kind.PPTX, null, 0);
            }
            if (zip.getEntry("mimetype") != null && zip.getEntry("content.xml") != null) {
                throw unsupported(Phrase.of("parse.odfOtherKind"));
            }
            throw unsupported(Phrase.of("parse.zipArchive"));
        } catch (ZipException e) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.zipDamaged"), e);
        } catch (IOException e) {
            throw new DocumentException(
                    FailureReason.UNREADABLE, Phrase.of("parse.couldNotRead", ParseGuard.describe(e)), e);
        }
    }

    private static DocumentException sniffOle2(Path file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            if (fs.getRoot().hasEntryCaseInsensitive("EncryptionInfo")
                    || fs.getRoot().hasEntryCaseInsensitive("EncryptedPackage")) {
                return new DocumentException(FailureReason.ENCRYPTED, Phrase.of("parse.officeEncrypted"));
            }
        } catch (IOException | RuntimeException e) {
            return new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.officeDamaged"), e);
        }
        return unsupported(Phrase.of("parse.legacyOffice"));
    }

    private static DocumentException unsupported(String message) {
        return new DocumentException(FailureReason.UNSUPPORTED, message);
    }

    private static DocumentException binary(String first) {
        return new DocumentException(
                FailureReason.BINARY, first + " " + Phrase.of("parse.reads", DocumentTypes.sentence()));
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** A size as a {@link Phrase} code ("12 MB", "512 bytes"), its number put into words where it is shown. */
    static String megabytes(long bytes) {
        return bytes >= ParseBudget.MB
                ? Phrase.of("size.megabytes", bytes / ParseBudget.MB)
                : Phrase.of("size.bytes", bytes);
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD_BYTES);
        }
    }

    static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] needle, int within) {
        int last = Math.min(data.length, within) - needle.length;
        for (int i = 0; i <= last; i++) {
            if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Streams the whole file through a strict UTF-8 decoder; false at the first malformed sequence. */
    static boolean isValidUtf8(Path file, int skip) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(skip);
            int n;
            while ((n = in.read(bytes.array(), bytes.position(), bytes.remaining())) >= 0) {
                bytes.position(bytes.position() + n);
                bytes.flip();
                CoderResult r;
                do {
                    chars.clear();
                    r = decoder.decode(bytes, chars, false);
                    if (r.isError()) {
                        return false;
                    }
                } while (r.isOverflow());
                bytes.compact();
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("interrupted while checking the encoding");
                }
            }
            bytes.flip();
            chars.clear();
            return !decoder.decode(bytes, chars, true).isError()
                    && !decoder.flush(chars).isError();
        }
    }
}
