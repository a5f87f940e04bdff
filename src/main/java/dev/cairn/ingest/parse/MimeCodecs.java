package dev.cairn.ingest.parse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Transfer encodings and charsets of mail, all lenient: broken base64 decodes as far as it goes,
 * a stray {@code =} in quoted-printable stays as it is, and an unknown or missing charset falls
 * back like {@link TextParser}'s files do (UTF-8 when the bytes are valid UTF-8, else Windows-1252).
 */
final class MimeCodecs {

    private static final byte[] BASE64 = new byte[256];

    static {
        java.util.Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
        BASE64['-'] = 62; // the URL-safe alphabet, seen in the wild
        BASE64['_'] = 63;
    }

    private MimeCodecs() {}

    /** Decodes a part's body by its Content-Transfer-Encoding; 7bit, 8bit, binary and unknown ones are copied. */
    static byte[] transferDecode(String encoding, byte[] data, int start, int end) {
        String e = encoding.strip().toLowerCase(Locale.ROOT);
        if (e.equals("base64")) {
            return base64(data, start, end);
        }
        if (e.equals("quoted-printable")) {
            return quotedPrintable(data, start, end);
        }
        return java.util.Arrays.copyOfRange(data, start, end);
    }

    static byte[] base64(byte[] data) {
        return base64(data, 0, data.length);
    }

    /** Skips everything outside the alphabet (line breaks, junk) and stops at padding; a last partial group yields what it can. */
    static byte[] base64(byte[] data, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((end - start) * 3 / 4 + 3);
        int bits = 0;
        int count = 0;
        for (int i = start; i < end; i++) {
            int b = data[i] & 0xFF;
            if (b == '=') {
                break;
            }
            int v = BASE64[b];
            if (v < 0) {
                continue;
            }
            bits = (bits << 6) | v;
            if (++count == 4) {
                out.write(bits >> 16);
                out.write(bits >> 8);
                out.write(bits);
                bits = 0;
                count = 0;
            }
        }
        if (count == 2) {
            out.write(bits >> 4);
        } else if (count == 3) {
            out.write(bits >> 10);
            out.write(bits >> 2);
        }
        return out.toByteArray();
    }

    static byte[] quotedPrintable(byte[] data) {
        return quotedPrintable(data, 0, data.length);
    }

    /** Soft line breaks ({@code =} at a line end) join lines; {@code =XX} is a byte; anything else is kept. */
    static byte[] quotedPrintable(byte[] data, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = data[i];
            if (b != '=') {
                out.write(b);
                continue;
            }
            int j = i + 1;
            while (j < end && (data[j] == ' ' || data[j] == '\t')) {
                j++;
            }
            if (j < end && (data[j] == '\r' || data[j] == '\n')) { // soft line break
                i = data[j] == '\r' && j + 1 < end && data[j + 1] == '\n' ? j + 1 : j;
                continue;
            }
            if (j == end) {
                break;
            }
            int hi = i + 2 < end ? Character.digit(data[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(data[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** The named charset, or {@code fallback} (null: decide from the bytes) when it is missing, unknown or US-ASCII. */
    static Charset charset(String name, Charset fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        String n = name.strip().replace("\"", "");
        if (n.equalsIgnoreCase("us-ascii") || n.equalsIgnoreCase("ascii")) {
            return fallback; // often a lie: mailers say US-ASCII and send 8-bit text
        }
        try {
            Charset c = Charset.forName(n);
            return c.equals(StandardCharsets.ISO_8859_1) ? TextEncoding.WINDOWS_1252 : c; // as browsers do
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** Decodes bytes in {@code charset}, or (null) as UTF-8 when valid, else Windows-1252; bad bytes become U+FFFD. */
    static String decode(byte[] bytes, int start, int len, Charset charset) {
        if (charset == null) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, len))
                        .toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, start, len, TextEncoding.WINDOWS_1252);
            }
        }
        return new String(bytes, start, len, charset);
    }
}
