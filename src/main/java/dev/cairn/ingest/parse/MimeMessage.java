package dev.cairn.ingest.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One message, read from its bytes: the headers, the text a person reads (the text/plain parts, or
 * the HTML ones where a message has no plain text), and its attachments. Multipart bodies are
 * walked part by part; a missing or never-closed boundary, a truncated part, or broken base64 give
 * what could be read. Nesting deeper than {@link #MAX_DEPTH} and parts beyond {@link #MAX_PARTS}
 * are not read (a multipart bomb), and {@link #problems} says so.
 */
final class MimeMessage {

    static final int MAX_DEPTH = 16;
    static final int MAX_PARTS = 1000;

    /** A body part worth reading: text, or HTML to be reduced to its text. */
    record Text(String text, boolean html) {}

    /**
     * A named part that is not the message's text; {@code bytes} are decoded from their transfer
     * encoding. {@code inline}: shown in the message rather than attached (a logo, a signature).
     */
    record Attachment(String name, String type, byte[] bytes, boolean inline) {}

    final MailHeaders headers;
    final List<Text> body = new ArrayList<>();
    final List<Attachment> attachments = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    private int parts;

    private MimeMessage(MailHeaders headers) {
        this.headers = headers;
    }

    static MimeMessage parse(byte[] data, int start, int end) {
        MailHeaders headers = MailHeaders.parse(data, start, end);
        MimeMessage message = new MimeMessage(headers);
        message.body.addAll(message.entity(headers, data, headers.bodyStart, end, 0));
        return message;
    }

    /** The readable text of one entity; attachments found on the way are collected. */
    private List<Text> entity(MailHeaders h, byte[] data, int start, int end, int depth) {
        if (++parts > MAX_PARTS) {
            if (parts == MAX_PARTS + 1) {
                problems.add("parts after the first " + MAX_PARTS + " were not read");
            }
            return List.of();
        }
        ContentType type = ContentType.of(h.raw("content-type"));
        String disposition = h.raw("content-disposition");
        String name = ContentType.param(disposition, "filename");
        if (name == null) {
            name = type.param("name");
        }
        name = name == null ? null : MailHeaders.decodeWords(name).strip();
        boolean attached = disposition.toLowerCase(Locale.ROOT).startsWith("attachment")
                || (name != null && !name.isEmpty() && !type.mime().startsWith("multipart/"));
        if ((name == null || name.isEmpty()) && attached && !type.mime().startsWith("multipart/")) {
            name = unnamed(type.mime(), data, start, end); // attached without a name: listed all the same
        }

        if (type.mime().startsWith("multipart/")) {
            if (depth >= MAX_DEPTH) {
                problems.add("parts nested deeper than " + MAX_DEPTH + " levels were not read");
                return List.of();
            }
            String boundary = type.param("boundary");
            if (boundary == null || boundary.isEmpty()) {
                problems.add("a multipart body without a boundary was read as plain text");
                return List.of(new Text(text(h, data, start, end, null), false));
            }
            return multipart(type.mime(), boundary, data, start, end, depth);
        }
        if (type.mime().equals("message/rfc822") && depth < MAX_DEPTH && !attached) {
            MailHeaders inner = MailHeaders.parse(data, start, end);
            List<Text> texts = new ArrayList<>();
            texts.add(new Text("Forwarded message: " + inner.heading(), false));
            texts.addAll(entity(inner, data, inner.bodyStart, end, depth + 1));
            return texts;
        }
        boolean plain = type.mime().equals("text/plain");
        boolean html = type.mime().equals("text/html");
        if (!attached && (plain || html)) {
            return List.of(new Text(text(h, data, start, end, type.param("charset")), html));
        }
        if (name != null && !name.isEmpty()) {
            attachments.add(new Attachment(
                    name,
                    type.mime(),
                    MimeCodecs.transferDecode(h.raw("content-transfer-encoding"), data, start, end),
                    !disposition.toLowerCase(Locale.ROOT).startsWith("attachment")));
        }
        return List.of();
    }

    /** The longest name made from an attached message's subject, before its ".eml". */
    private static final int MAX_SUBJECT_NAME = 80;

    /**
     * A name for a part attached without one: an attached message's subject and ".eml" ("attached
     * message.eml" without a subject), else "unnamed attachment" with the extension Cairn lists for
     * its type, if any (the content still decides what it is).
     */
    static String unnamed(String mime, byte[] data, int start, int end) {
        if (mime.equals("message/rfc822")) {
            String subject = MailHeaders.parse(data, start, end).subject().strip();
            if (subject.codePointCount(0, subject.length()) > MAX_SUBJECT_NAME) {
                subject = subject.substring(0, subject.offsetByCodePoints(0, MAX_SUBJECT_NAME))
                        .strip();
            }
            return (subject.isEmpty() ? "attached message" : subject) + ".eml";
        }
        return "unnamed attachment"
                + DocumentTypes.all().stream()
                        .filter(t -> t.mediaType().equals(mime))
                        .findFirst()
                        .map(t -> "." + t.extensions().getFirst())
                        .orElse("");
    }

    private List<Text> multipart(String mime, String boundary, byte[] data, int start, int end, int depth) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> ranges = new ArrayList<>();
        int partStart = -1;
        boolean closed = false;
        int pos = start;
        while (pos < end && !closed) {
            int lineEnd = MailHeaders.indexOf(data, (byte) '\n', pos, end);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            if (startsWith(data, pos, end, delimiter)) {
                if (partStart >= 0) {
                    ranges.add(new int[] {partStart, lineBreakBefore(data, partStart, pos)});
                }
                closed = startsWith(data, pos + delimiter.length, end, new byte[] {'-', '-'});
                partStart = next;
            }
            pos = next;
        }
        if (partStart < 0) {
            problems.add("a multipart body whose boundary never appears was read as plain text");
            return List.of(new Text(MimeCodecs.decode(data, start, end - start, null), false));
        }
        if (!closed && partStart < end) {
            ranges.add(new int[] {partStart, end}); // truncated: the last part runs to the end
        }
        List<List<Text>> children = new ArrayList<>();
        for (int[] r : ranges) {
            MailHeaders ph = MailHeaders.parse(data, r[0], r[1]);
            children.add(entity(ph, data, ph.bodyStart, r[1], depth + 1));
        }
        List<Text> texts = new ArrayList<>();
        if (mime.equals("multipart/alternative")) {
            // the plain-text rendering when there is one, else the first that has any text (HTML)
            List<Text> best = children.stream()
                    .filter(c -> !c.isEmpty() && c.stream().noneMatch(Text::html))
                    .findFirst()
                    .orElse(children.stream()
                            .filter(c -> !c.isEmpty())
                            .findFirst()
                            .orElse(List.of()));
            texts.addAll(best);
        } else {
            children.forEach(texts::addAll);
        }
        return texts;
    }

    private static String text(MailHeaders h, byte[] data, int start, int end, String charset) {
        byte[] bytes = MimeCodecs.transferDecode(h.raw("content-transfer-encoding"), data, start, end);
        return MimeCodecs.decode(bytes, 0, bytes.length, MimeCodecs.charset(charset, null));
    }

    /** The end of a part: the line break before the delimiter belongs to the delimiter. */
    private static int lineBreakBefore(byte[] data, int partStart, int delimiterAt) {
        int e = delimiterAt;
        if (e > partStart && data[e - 1] == '\n') {
            e--;
            if (e > partStart && data[e - 1] == '\r') {
                e--;
            }
        }
        return e;
    }

    private static boolean startsWith(byte[] data, int pos, int end, byte[] prefix) {
        if (end - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A Content-Type or Content-Disposition value: the lower-case type and its parameters. */
    record ContentType(String mime, String params) {

        static ContentType of(String value) {
            int semi = value.indexOf(';');
            String mime = (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
            return new ContentType(mime.isEmpty() ? "text/plain" : mime, semi < 0 ? "" : value.substring(semi));
        }

        String param(String name) {
            return param(params, name);
        }

        /** A parameter's value, unquoted; RFC 2231's {@code name*=UTF-8''a%20b} and {@code name*0=} continuations too. */
        static String param(String value, String name) {
            StringBuilder continued = new StringBuilder();
            String plain = null;
            for (String p : value.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String v = p.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                if (key.equals(name)) {
                    plain = v;
                } else if (key.startsWith(name + "*")) {
                    continued.append(key.endsWith("*") ? percentDecoded(v) : v);
                }
            }
            return plain != null ? plain : continued.isEmpty() ? null : continued.toString();
        }

        private static String percentDecoded(String v) {
            int quote = v.indexOf('\'');
            int second = quote < 0 ? -1 : v.indexOf('\'', quote + 1);
            String charset = second > 0 ? v.substring(0, quote) : null;
            String text = second > 0 ? v.substring(second + 1) : v;
            byte[] bytes = MimeCodecs.quotedPrintable(
                    text.replace('=', '\u0000').replace('%', '=').getBytes(StandardCharsets.ISO_8859_1));
            String decoded = MimeCodecs.decode(bytes, 0, bytes.length, MimeCodecs.charset(charset, null));
            return decoded.replace('\u0000', '=');
        }
    }
}
