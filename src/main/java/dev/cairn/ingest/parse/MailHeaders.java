package dev.cairn.ingest.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header section of a message or a MIME part: folded lines joined, RFC 2047 encoded words
 * decoded, and the message's heading in words ("Re: Budget — Ana Lima to Ben, 2026-11-03").
 * Values are cut at {@link #MAX_VALUE} characters so a huge header line costs little.
 */
final class MailHeaders {

    static final int MAX_VALUE = 4096;
    private static final int MAX_FIELDS = 1000;
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("(=\\?[^?\\s]+\\?[bBqQ]\\?[^?\\s]*\\?=)\\s+(?==\\?)");
    private static final Pattern DATE = Pattern.compile(
            "(\\d{1,2})\\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+(\\d{2,4})",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private final Map<String, String> fields;
    /** Where the body starts: just after the blank line, or {@code end} when there is none (truncated). */
    final int bodyStart;

    private MailHeaders(Map<String, String> fields, int bodyStart) {
        this.fields = fields;
        this.bodyStart = bodyStart;
    }

    /** Reads the header lines of {@code data[start, end)} up to the first blank line. */
    static MailHeaders parse(byte[] data, int start, int end) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int pos = start;
        while (pos < end) {
            int lineEnd = indexOf(data, (byte) '\n', pos, end);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            int stop = lineEnd < 0 ? end : lineEnd;
            if (stop > pos && data[stop - 1] == '\r') {
                stop--;
            }
            if (stop == pos) { // the blank line
                put(fields, name, value);
                return new MailHeaders(fields, next);
            }
            int len = Math.min(stop - pos, MAX_VALUE);
            String line = decodeRaw(data, pos, len);
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                if (value.length() < MAX_VALUE) {
                    value.append(' ').append(line.strip());
                }
            } else {
                put(fields, name, value);
                int colon = line.indexOf(':');
                name = colon > 0 && fields.size() < MAX_FIELDS
                        ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT)
                        : null;
                value.setLength(0);
                if (name != null) {
                    value.append(line.substring(colon + 1).strip());
                }
            }
            pos = next;
        }
        put(fields, name, value);
        return new MailHeaders(fields, end);
    }

    private static void put(Map<String, String> fields, String name, StringBuilder value) {
        if (name != null && !name.isEmpty()) {
            String v = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value.toString();
            fields.putIfAbsent(name, v); // the first Received:, Subject:, ... wins
        }
    }

    /** A field's raw value (encoded words left as they are), or "" when absent. */
    String raw(String name) {
        return fields.getOrDefault(name, "");
    }

    /** A field's value with encoded words decoded. */
    String get(String name) {
        return decodeWords(raw(name)).strip();
    }

    String subject() {
        return get("subject").replaceAll("\\s+", " ");
    }

    /** "Re: Budget — Ana Lima to Ben, 2026-11-03", leaving out what the message does not say. */
    String heading() {
        String subject = subject();
        StringBuilder sb = new StringBuilder(subject.isEmpty() ? "(no subject)" : subject);
        String from = names(get("from"), 1);
        String to = names(get("to"), 3);
        if (!from.isEmpty() || !to.isEmpty()) {
            sb.append(" \u2014 ").append(from.isEmpty() ? "?" : from);
            if (!to.isEmpty()) {
                sb.append(" to ").append(to);
            }
        }
        String date = date(raw("date"));
        if (!date.isEmpty()) {
            sb.append(", ").append(date);
        }
        return sb.toString();
    }

    /** The display names (or addresses) of an address list, at most {@code max} and "and N more". */
    static String names(String addresses, int max) {
        List<String> names = new ArrayList<>();
        for (String address : splitAddresses(addresses)) {
            String a = address.strip();
            int lt = a.indexOf('<');
            String name = lt > 0 ? a.substring(0, lt) : a.replaceAll("[<>]", "");
            name = name.strip().replaceAll("^\"|\"$", "").strip();
            if (name.isEmpty() && lt >= 0) {
                name = a.substring(lt + 1).replace(">", "").strip();
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + " and " + (names.size() - max) + " more";
    }

    private static List<String> splitAddresses(String s) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    /** The day of an RFC 5322 date as 2026-11-03; the raw value when it is not one; "" when absent. */
    static String date(String raw) {
        Matcher m = DATE.matcher(raw);
        if (!m.find()) {
            return raw.strip().length() > 40 ? "" : raw.strip();
        }
        int year = Integer.parseInt(m.group(3));
        if (year < 100) {
            year += year < 50 ? 2000 : 1900;
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        int day = Integer.parseInt(m.group(1));
        return String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, Math.max(1, Math.min(day, 31)));
    }

    /** Decodes RFC 2047 encoded words ({@code =?UTF-8?Q?Caf=C3=A9?=}); whitespace between two of them is dropped. */
    static String decodeWords(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        String joined = BETWEEN_WORDS.matcher(value).replaceAll("$1");
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Charset charset = MimeCodecs.charset(m.group(1).replaceAll("\\*.*$", ""), null);
            byte[] bytes = m.group(2).equalsIgnoreCase("b")
                    ? MimeCodecs.base64(m.group(3).getBytes(StandardCharsets.US_ASCII))
                    : MimeCodecs.quotedPrintable(m.group(3).replace('_', ' ').getBytes(StandardCharsets.ISO_8859_1));
            String decoded = MimeCodecs.decode(bytes, 0, bytes.length, charset);
            m.appendReplacement(sb, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Header bytes as text: UTF-8 when they are (common in practice, RFC 6532), else Windows-1252. */
    private static String decodeRaw(byte[] data, int start, int len) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, start, len))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(data, start, len, TextEncoding.WINDOWS_1252);
        }
    }

    static int indexOf(byte[] data, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
