package dev.cairn.ingest.parse;

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
            java.util.Map.entry("pdf", "a PDF"),
            java.util.Map.entry("docx", "a Word (.docx) file"),
            java.util.Map.entry("xlsx", "an Excel (.xlsx) file"),
            java.util.Map.entry("pptx", "a PowerPoint (.pptx) file"),
            java.util.Map.entry("odt", "an OpenDocument file"),
            java.util.Map.entry("ods", "an OpenDocument file"),
            java.util.Map.entry("odp", "an OpenDocument file"),
            java.util.Map.entry("epub", "an EPUB book"),
            java.util.Map.entry("doc", "an Office file"),
            java.util.Map.entry("xls", "an Office file"),
            java.util.Map.entry("ppt", "an Office file"),
            java.util.Map.entry("zip", "a ZIP archive"),
            java.util.Map.entry("png", "a PNG image"),
            java.util.Map.entry("jpg", "a JPEG image"),
            java.util.Map.entry("jpeg", "a JPEG image"),
            java.util.Map.entry("tif", "a TIFF image"),
            java.util.Map.entry("tiff", "a TIFF image"));
    /** What Cairn reads, for messages about files it does not. */
    private static final String READS = "Cairn reads " + DocumentTypes.sentence() + ".";

    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
    private static final byte[] OLE2 = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    /** Magic numbers of common non-documents, so the message can say what the file is. */
    private record Magic(byte[] bytes, String what) {}

    private static final Magic[] BINARIES = {
        new Magic(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "a PNG image"),
        new Magic(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, "a JPEG image"),
        new Magic("GIF8".getBytes(StandardCharsets.US_ASCII), "a GIF image"),
        new Magic(new byte[] {0x1F, (byte) 0x8B}, "a gzip archive"),
        new Magic(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF}, "a 7-Zip archive"),
        new Magic("Rar!".getBytes(StandardCharsets.US_ASCII), "a RAR archive"),
        new Magic(new byte[] {0x7F, 'E', 'L', 'F'}, "a program (ELF executable)"),
        new Magic(new byte[] {'M', 'Z'}, "a Windows program"),
        new Magic(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, "a Java class file"),
    };

    private ContentSniffer() {}

    static Sniffed sniff(Path file, ParseBudget budget) throws IOException, DocumentException {
        if (!Files.isRegularFile(file)) {
            throw new DocumentException(
                    FailureReason.UNREADABLE, "This is not a regular file (a folder, a device or a missing file).");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new DocumentException(
                    FailureReason.EMPTY, "This file is empty (0 bytes); there is nothing to index.");
        }
        if (size > budget.maxFileBytes()) {
            throw new DocumentException(
                    FailureReason.TOO_LARGE,
                    "This file is " + megabytes(size) + ", over Cairn's limit of " + megabytes(budget.maxFileBytes())
                            + " per file.");
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
            throw new DocumentException(
                    FailureReason.CORRUPT,
                    "Not " + claimed + ": the file is named ." + ext + " but its bytes are not " + claimed
                            + " (damaged, truncated or mislabelled), so Cairn does not read it.");
        }
        TextEncoding.Detected encoding = TextEncoding.detect(file, head);
        if (encoding == null) {
            for (Magic m : BINARIES) {
                if (startsWith(head, m.bytes())) {
                    throw binary("This is " + m.what() + ", not a document.");
                }
            }
            var listed = DocumentTypes.forExtension(ext);
            throw binary(
                    listed.isPresent()
                            ? "This file is named ." + ext + " (" + listed.get().name()
                                    + ") but holds binary data, not text: it is damaged or mislabelled."
                            : "This file holds binary data, not text.");
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
                throw unsupported(
                        "This is an OpenDocument file of a kind Cairn does not read; save it as PDF so Cairn can read it.");
            }
            throw unsupported("This is a ZIP archive; unpack it and add the documents inside.");
        } catch (ZipException e) {
            throw new DocumentException(
                    FailureReason.CORRUPT,
                    "This file starts like a ZIP or Word (.docx) file but is damaged or truncated.",
                    e);
        } catch (IOException e) {
            throw new DocumentException(
                    FailureReason.UNREADABLE, "Cairn could not read this file: " + ParseGuard.describe(e), e);
        }
    }

    private static DocumentException sniffOle2(Path file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            if (fs.getRoot().hasEntryCaseInsensitive("EncryptionInfo")
                    || fs.getRoot().hasEntryCaseInsensitive("EncryptedPackage")) {
                return new DocumentException(
                        FailureReason.ENCRYPTED, "This Office document is password-protected; Cairn can't read it.");
            }
        } catch (IOException | RuntimeException e) {
            return new DocumentException(
                    FailureReason.CORRUPT, "This looks like a Microsoft Office file but is damaged.", e);
        }
        return unsupported(
                "This is an older Microsoft Office file (.doc, .xls or .ppt); save it as .docx or PDF so Cairn can read it.");
    }

    private static DocumentException unsupported(String message) {
        return new DocumentException(FailureReason.UNSUPPORTED, message);
    }

    private static DocumentException binary(String first) {
        return new DocumentException(FailureReason.BINARY, first + " " + READS);
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String megabytes(long bytes) {
        return bytes >= ParseBudget.MB ? (bytes / ParseBudget.MB) + " MB" : bytes + " bytes";
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
