package dev.cairn.ingest.parse;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Finds a text file's encoding: a byte-order mark first, then UTF-16 without one (every other byte
 * NUL), then strict UTF-8 over the whole file, and Windows-1252 (a superset of Latin-1's printable
 * range) when the bytes are not valid UTF-8. Returns null for binary data.
 */
final class TextEncoding {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** More than this share of control characters in the first bytes means binary, not text. */
    private static final double MAX_CONTROL_SHARE = 0.05;

    record Detected(Charset charset, int bomLength) {
        String decodeHead(byte[] head) {
            int len = Math.max(0, Math.min(head.length, 2048) - bomLength);
            return new String(head, bomLength, len, charset); // malformed bytes become U+FFFD: fine for a peek
        }
    }

    private TextEncoding() {}

    static Detected detect(Path file, byte[] head) throws IOException {
        if (ContentSniffer.startsWith(head, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        if (ContentSniffer.startsWith(head, new byte[] {(byte) 0xFF, (byte) 0xFE})) {
            return new Detected(StandardCharsets.UTF_16LE, 2);
        }
        if (ContentSniffer.startsWith(head, new byte[] {(byte) 0xFE, (byte) 0xFF})) {
            return new Detected(StandardCharsets.UTF_16BE, 2);
        }
        Charset utf16 = utf16WithoutBom(head);
        if (utf16 != null) {
            return new Detected(utf16, 0);
        }
        for (byte b : head) {
            if (b == 0) {
                return null;
            }
        }
        if (controlShare(head) > MAX_CONTROL_SHARE) {
            return null;
        }
        return ContentSniffer.isValidUtf8(file, 0)
                ? new Detected(StandardCharsets.UTF_8, 0)
                : new Detected(WINDOWS_1252, 0);
    }

    /** UTF-16 text of Latin scripts has a NUL in every other byte: odd ones for LE, even ones for BE. */
    private static Charset utf16WithoutBom(byte[] head) {
        int pairs = head.length / 2;
        if (pairs < 8) {
            return null;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i + 1 < head.length; i += 2) {
            if (head[i] == 0) {
                evenZeros++;
            }
            if (head[i + 1] == 0) {
                oddZeros++;
            }
        }
        if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static double controlShare(byte[] head) {
        if (head.length == 0) {
            return 0;
        }
        int control = 0;
        for (byte b : head) {
            int c = b & 0xFF;
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F) {
                control++;
            }
        }
        return (double) control / head.length;
    }
}
