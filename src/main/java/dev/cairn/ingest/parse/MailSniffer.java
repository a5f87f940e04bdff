package dev.cairn.ingest.parse;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Tells mail from other text by its first lines: a mailbox's "From " line, a message's header fields. */
final class MailSniffer {

    /** The mbox separator: "From sender date", the date ending in a year. */
    private static final Pattern FROM_LINE = Pattern.compile("From \\S+ .*\\d{4}\\s*");

    private static final Pattern FIELD = Pattern.compile("[!-9;-~]+:.*");
    private static final List<String> KNOWN = List.of(
            "received:",
            "from:",
            "to:",
            "subject:",
            "date:",
            "message-id:",
            "mime-version:",
            "return-path:",
            "delivered-to:",
            "content-type:",
            "reply-to:",
            "cc:");

    private MailSniffer() {}

    /** Whether a line is an mbox separator ("From ana@example.org Tue Nov  3 09:12:00 2026"). */
    static boolean isFromLine(String line) {
        return FROM_LINE.matcher(line).matches();
    }

    /** {@link Sniffed.Kind#MBOX}, {@link Sniffed.Kind#EML} or null, from the decoded head of a text file. */
    static Sniffed.Kind kind(String head, String ext) {
        String[] lines = head.split("\r?\n", -1);
        if (lines.length > 2 && isFromLine(lines[0]) && FIELD.matcher(lines[1]).matches()) {
            return Sniffed.Kind.MBOX;
        }
        if (lines.length < 2 || !FIELD.matcher(lines[0]).matches()) {
            return null;
        }
        if (ext.equals("eml")) {
            return Sniffed.Kind.EML;
        }
        int known = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                break;
            }
            String l = line.toLowerCase(Locale.ROOT);
            if (KNOWN.stream().anyMatch(l::startsWith)) {
                known++;
            }
        }
        return known >= 3 ? Sniffed.Kind.EML : null;
    }
}
