package dev.cairn.ingest.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Writes e-mail for the tests: a message with a plain-text body and files attached, as a mail program saves it. */
public final class TestMail {

    private TestMail() {}

    /** The text of one message; {@code attachments} by file name, sent as base64 parts. */
    public static String message(String subject, String body, Map<String, byte[]> attachments) {
        StringBuilder m = new StringBuilder("""
                From: Ana Lima <ana@example.org>
                To: Ben Okafor <ben@example.org>
                Subject: %s
                Date: Tue, 3 Nov 2026 09:12:00 +0000
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="==part"

                --==part
                Content-Type: text/plain; charset=utf-8

                %s
                """.formatted(subject, body));
        attachments.forEach((name, bytes) -> m.append("--==part\n")
                .append("Content-Type: application/octet-stream; name=\"")
                .append(name)
                .append("\"\nContent-Disposition: attachment; filename=\"")
                .append(name)
                .append("\"\nContent-Transfer-Encoding: base64\n\n")
                .append(Base64.getMimeEncoder().encodeToString(bytes))
                .append('\n'));
        return m.append("--==part--\n").toString().replace("\n", "\r\n");
    }

    /** An .eml file of one {@link #message}. */
    public static Path eml(Path file, String subject, String body, Map<String, byte[]> attachments) throws IOException {
        return Files.writeString(file, message(subject, body, attachments), StandardCharsets.UTF_8);
    }

    /** An .mbox of the messages, each after its "From " separator line. */
    public static Path mbox(Path file, List<String> messages) throws IOException {
        StringBuilder box = new StringBuilder();
        for (String message : messages) {
            box.append("From ana@example.org Tue Nov  3 09:12:00 2026\r\n")
                    .append(message)
                    .append("\r\n");
        }
        return Files.writeString(file, box, StandardCharsets.UTF_8);
    }
}
