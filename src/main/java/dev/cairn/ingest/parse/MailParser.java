package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.jsoup.Jsoup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail: one message ({@code .eml}) or a mailbox ({@code .mbox}). A mailbox is streamed message by
 * message, split at its "From " lines (">From" unescaped as mboxrd and mboxo write it), so memory
 * holds one message at a time, at most the budget's markup limit (a longer message is read as far as
 * that). Each message is a section headed "Subject — From to To, date"; in a mailbox its citation
 * page is its number in the file. The body is the plain text, or the HTML reduced to its text by
 * {@link HtmlParser}. Attachments are handed to the emitter's taker as documents of their own
 * ({@link Attachment}), read by their own parsers after the message. A message that cannot be read is
 * skipped; the others still are. See docs/decisions/0017-mail.md.
 */
final class MailParser implements FormatParser {

    private static final Logger LOG = LoggerFactory.getLogger(MailParser.class);
    /** Quoted lines ("> ...") kept of each quoted run; the rest of the run is left out. */
    private static final int QUOTED_LINES_KEPT = 3;

    private static final int MAX_LINE = 64 * 1024;
    /** Attachments not read: images would each need OCR, and most are logos and signatures. */
    private static final Set<Sniffed.Kind> IMAGES = EnumSet.of(Sniffed.Kind.PNG, Sniffed.Kind.JPEG, Sniffed.Kind.TIFF);

    private String firstSubject;

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        boolean mbox = sniffed.kind() == Sniffed.Kind.MBOX;
        int cap = (int) Math.min(budget.maxMarkupBytes(), Integer.MAX_VALUE - 64);
        Bytes message = new Bytes(cap);
        Bytes line = new Bytes(MAX_LINE);
        int number = 0;
        boolean afterBlank = true;
        boolean lineStart = true;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(sniffed.bomLength());
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.checkpoint();
                for (int i = 0; i < n; i++) {
                    line.add(buf[i]);
                    if (buf[i] != '\n' && line.length < MAX_LINE) {
                        continue;
                    }
                    boolean whole = buf[i] == '\n';
                    if (mbox
                            && lineStart
                            && afterBlank
                            && line.startsWith("From ")
                            && MailSniffer.isFromLine(line.text())) {
                        if (number > 0) {
                            message(message, number, true, file, budget, out);
                        }
                        number++;
                        message.clear();
                        afterBlank = false;
                    } else {
                        int skip = mbox && lineStart && isEscapedFrom(line) ? 1 : 0;
                        message.addAll(line.data, skip, line.length);
                        afterBlank =
                                whole && lineStart && (line.length == 1 || line.length == 2 && line.data[0] == '\r');
                    }
                    lineStart = whole;
                    line.length = 0;
                }
            }
        }
        message.addAll(line.data, 0, line.length);
        if (!mbox || number > 0) {
            message(message, Math.max(number, 1), mbox, file, budget, out);
        }
        String title = mbox || firstSubject == null || firstSubject.isEmpty()
                ? FormatParser.titleFromFileName(file)
                : firstSubject;
        return new Info(title, mbox ? number : 0);
    }

    /** mboxrd writes a body line "From x" as ">From x" and ">From" as ">>From": one '>' comes off. */
    private static boolean isEscapedFrom(Bytes line) {
        int i = 0;
        while (i < line.length && line.data[i] == '>') {
            i++;
        }
        return i > 0 && line.startsWith(i, "From ");
    }

    private void message(Bytes bytes, int number, boolean mbox, Path file, ParseBudget budget, BlockEmitter out)
            throws DocumentException {
        Integer page = mbox ? number : null;
        try {
            MimeMessage m = MimeMessage.parse(bytes.data, 0, bytes.length);
            if (firstSubject == null) {
                firstSubject = m.headers.subject();
            }
            String heading = m.headers.heading();
            out.fileUnder(heading, page);
            out.emitParagraph(heading, heading, page);
            for (MimeMessage.Text t : m.body) {
                if (t.html()) {
                    HtmlParser.emit(HtmlParser.mainText(Jsoup.parse(t.text())), heading, null, out);
                } else {
                    emitPlain(t.text(), heading, out);
                }
            }
            if (bytes.truncated) {
                m.problems.add(
                        "only its first " + Phrase.english(ContentSniffer.megabytes(bytes.length)) + " were read");
            }
            String subject = m.headers.subject().isEmpty() ? "(no subject)" : m.headers.subject();
            List<String> attached = m.attachments.stream()
                    .filter(a -> !a.inline())
                    .map(MimeMessage.Attachment::name)
                    .toList();
            if (!attached.isEmpty()) { // they are documents of their own; the message says it has them
                out.emitParagraph("Attachments: " + String.join(", ", attached), heading, page);
            }
            if (out.takesAttachments()) {
                Set<String> names = new HashSet<>();
                for (MimeMessage.Attachment a : m.attachments) {
                    attachment(a, unique(Attachment.safeName(a.name()), names), number, subject, file, budget, out);
                }
            }
            if (!m.problems.isEmpty()) {
                LOG.info("{}: message {}: {}", file.getFileName(), number, String.join("; ", m.problems));
            }
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: message {} could not be read and was skipped: {}",
                    file.getFileName(),
                    number,
                    ParseGuard.describe(e));
        } finally {
            out.fileUnder(null, null);
        }
    }

    /** {@code name}, or "name (2).ext" when the message already has an attachment of that name. */
    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        int dot = name.lastIndexOf('.');
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
        }
        return candidate;
    }

    /** Paragraphs at blank lines; of each run of quoted lines only the first few are kept. */
    private static void emitPlain(String text, String heading, BlockEmitter out) throws DocumentException {
        StringBuilder paragraph = new StringBuilder();
        int quoted = 0;
        for (String l : text.split("\r?\n|\r", -1)) {
            if (l.isBlank()) {
                emitCut(paragraph, heading, out);
                continue;
            }
            quoted = l.startsWith(">") ? quoted + 1 : 0;
            if (quoted > QUOTED_LINES_KEPT) {
                continue;
            }
            paragraph.append(l).append('\n');
            if (paragraph.length() >= TextParser.MAX_BLOCK_CHARS) {
                emitCut(paragraph, heading, out);
            }
        }
        emitCut(paragraph, heading, out);
    }

    private static void emitCut(StringBuilder paragraph, String heading, BlockEmitter out) throws DocumentException {
        for (int from = 0; from < paragraph.length(); from += TextParser.MAX_BLOCK_CHARS) {
            int to = Math.min(paragraph.length(), from + TextParser.MAX_BLOCK_CHARS);
            if (to < paragraph.length() && Character.isHighSurrogate(paragraph.charAt(to - 1))) {
                to--;
            }
            out.emitParagraph(paragraph.substring(from, to), heading, null);
            from = to - TextParser.MAX_BLOCK_CHARS;
        }
        paragraph.setLength(0);
    }

    /**
     * Hands an attachment to the emitter's taker as a document of its own: a temporary copy when
     * Cairn reads its kind, else the reason it does not. Images shown in the message (logos,
     * signatures) are left out without a word.
     */
    private static void attachment(
            MimeMessage.Attachment a,
            String name,
            int number,
            String subject,
            Path file,
            ParseBudget budget,
            BlockEmitter out) {
        Attachment copied = null;
        try {
            copied = new Attachment(name, number, subject, Attachment.copy(name, a.bytes()), a.bytes().length, null);
            String notRead = null;
            try {
                Sniffed sniffed = ContentSniffer.sniff(copied.file(), budget);
                if (IMAGES.contains(sniffed.kind())) {
                    if (a.inline()) {
                        return;
                    }
                    notRead = "Images sent with mail are not read (most are logos and signatures);"
                            + " save it and add it to Cairn to read it with OCR.";
                }
            } catch (DocumentException e) {
                notRead = e.getMessage();
            }
            if (notRead != null) {
                copied.discard();
                copied = null;
                out.attachment(new Attachment(name, number, subject, null, a.bytes().length, notRead));
            } else {
                out.attachment(copied);
                copied = null; // the taker's now
            }
        } catch (IOException e) {
            LOG.info(
                    "{}: attachment {} of message {} not kept: {}",
                    file.getFileName(),
                    name,
                    number,
                    ParseGuard.describe(e));
        } finally {
            if (copied != null) {
                try {
                    copied.discard();
                } catch (IOException e) {
                    LOG.warn("could not delete the temporary file {}", copied.file());
                }
            }
        }
    }

    /** A byte buffer that grows to a cap and then drops bytes, remembering that it did. */
    private static final class Bytes {
        private final int cap;
        byte[] data = new byte[8192];
        int length;
        boolean truncated;

        Bytes(int cap) {
            this.cap = cap;
        }

        void add(byte b) {
            if (length == data.length) {
                grow(1);
            }
            data[length++] = b;
        }

        void addAll(byte[] src, int from, int to) {
            int n = Math.min(to - from, cap - length);
            if (n < to - from) {
                truncated = true;
            }
            if (n <= 0) {
                return;
            }
            grow(n);
            System.arraycopy(src, from, data, length, n);
            length += n;
        }

        private void grow(int more) {
            if (length + more > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(cap, Math.max(length + more, 2L * data.length)));
            }
        }

        /** The bytes as Latin-1 text, line break left out (only for a short look at a line). */
        String text() {
            int end = length;
            while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r')) {
                end--;
            }
            return new String(data, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        void clear() {
            length = 0;
            truncated = false;
        }

        boolean startsWith(String s) {
            return startsWith(0, s);
        }

        boolean startsWith(int at, String s) {
            if (length - at < s.length()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (data[at + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
