package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The parts of a zip-based document (EPUB, OpenDocument), read under the {@link ParseBudget} so a
 * hostile package fails with a reason instead of exhausting memory: too many entries, names that
 * climb out of the package ("../"), parts whose declared or actual unpacked size is over the limit,
 * and parts that unpack to far more than their compressed size (zip bombs) are each refused. Parts
 * are streamed, never unpacked to disk. XML is read with DTDs and external entities off (XXE).
 */
final class ZipParts implements AutoCloseable {

    /** More entries than any book or office file needs; the central directory is all in memory. */
    static final int MAX_ENTRIES = 10_000;
    /** A part that unpacks to more than this many times its compressed size is a zip bomb (POI's ratio, too). */
    static final int MAX_RATIO = 100;

    private static final long RATIO_GRACE_BYTES = ParseBudget.MB;

    private final ZipFile zip;
    private final String what;
    private final long maxTotalBytes;
    private long totalBytes;

    private ZipParts(ZipFile zip, String what, long maxTotalBytes) {
        this.zip = zip;
        this.what = what;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Opens a package and checks its directory.
     *
     * @param what the format as a sentence names it, e.g. "EPUB book"
     */
    static ZipParts open(Path file, String what, ParseBudget budget) throws IOException, DocumentException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.damagedOpen", what), e);
        }
        ZipParts parts = new ZipParts(zip, what, budget.maxTextChars());
        try {
            parts.checkDirectory();
            return parts;
        } catch (DocumentException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private void checkDirectory() throws DocumentException {
        if (zip.size() > MAX_ENTRIES) {
            throw new DocumentException(
                    FailureReason.RESOURCE_LIMIT, Phrase.of("parse.tooManyParts", what, zip.size(), MAX_ENTRIES));
        }
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (!isSafeName(name)) {
                throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.pathTrick", what, printable(name)));
            }
        }
    }

    static boolean isSafeName(String name) {
        if (name.isEmpty()
                || name.startsWith("/")
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String name) {
        String shown = name.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
    }

    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /**
     * Streams one part, stopped with a {@link DocumentException} (carried in an {@link IOException},
     * see {@link #unwrap}) once it unpacks to more than {@code maxBytes}.
     *
     * @return the part, or {@code null} when the package has none of that name
     */
    InputStream open(String name, long maxBytes) throws IOException, DocumentException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || entry.isDirectory()) {
            return null;
        }
        if (entry.getSize() > maxBytes) {
            throw tooLarge(name, entry.getSize(), maxBytes);
        }
        return new Bounded(zip.getInputStream(entry), name, entry.getCompressedSize(), maxBytes);
    }

    /** Like {@link #open}, but a missing part is a damaged package. */
    InputStream require(String name, long maxBytes) throws IOException, DocumentException {
        InputStream in = open(name, maxBytes);
        if (in == null) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.partMissing", what, printable(name)));
        }
        return in;
    }

    private DocumentException tooLarge(String name, long size, long maxBytes) {
        return new DocumentException(
                FailureReason.RESOURCE_LIMIT,
                size > maxBytes
                        ? Phrase.of(
                                "parse.partTooLarge",
                                what,
                                printable(name),
                                ContentSniffer.megabytes(size),
                                ContentSniffer.megabytes(maxBytes))
                        : Phrase.of("parse.partOverLimit", what, printable(name), ContentSniffer.megabytes(maxBytes)));
    }

    private DocumentException bomb(String name) {
        return new DocumentException(FailureReason.RESOURCE_LIMIT, Phrase.of("parse.zipBombIn", what, printable(name)));
    }

    /** A StAX reader that ignores DTDs and resolves no entities, internal or external. */
    static XMLStreamReader xml(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external entities are not read: " + systemId);
        });
        return factory.createXMLStreamReader(in);
    }

    /** The budget refusal an exception carries, if any, so it reaches people instead of "damaged". */
    static DocumentException unwrap(Throwable e) {
        Throwable t = e;
        for (int i = 0; t != null && i < 16; i++) {
            if (t instanceof Refused r) {
                return r.reason;
            }
            t = t instanceof XMLStreamException x && x.getNestedException() != null
                    ? x.getNestedException()
                    : t.getCause();
        }
        return null;
    }

    /** Rethrows a budget refusal carried by {@code e}; otherwise a damaged part, in words. */
    DocumentException damaged(String name, Exception e) {
        DocumentException refused = unwrap(e);
        if (refused != null) {
            return refused;
        }
        return new DocumentException(
                FailureReason.CORRUPT,
                Phrase.of("parse.partDamaged", what, printable(name), ParseGuard.describe(e)),
                e);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** Carries a DocumentException through InputStream and XML APIs, which only throw IOException. */
    static final class Refused extends IOException {
        final transient DocumentException reason;

        Refused(DocumentException reason) {
            super(reason.getMessage(), reason);
            this.reason = reason;
        }
    }

    /** Counts what a part unpacks to, against its own limit, the ratio and the package's total. */
    private final class Bounded extends FilterInputStream {
        private final String name;
        private final long compressed;
        private final long maxBytes;
        private long count;

        Bounded(InputStream in, String name, long compressed, long maxBytes) {
            super(in);
            this.name = name;
            this.compressed = compressed;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.io.InterruptedIOException("interrupted while unpacking " + name);
            }
            count += n;
            totalBytes += n;
            if (count > maxBytes) {
                throw new Refused(tooLarge(name, count, maxBytes));
            }
            if (count > RATIO_GRACE_BYTES && compressed >= 0 && count > MAX_RATIO * Math.max(1, compressed)) {
                throw new Refused(bomb(name));
            }
            if (totalBytes > maxTotalBytes) {
                throw new Refused(new DocumentException(
                        FailureReason.RESOURCE_LIMIT,
                        Phrase.of("parse.partsTooLarge", what, ContentSniffer.megabytes(maxTotalBytes))));
            }
        }
    }
}
