package dev.cairn.store;

import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 digests travel through the API as 64 lowercase hex digits and are stored as 32 bytes. */
final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {}

    static byte[] parse(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a SHA-256 must be 64 hex digits, got " + describe(hex));
        }
        try {
            return HEX.parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a SHA-256 must be 64 hex digits, got " + describe(hex), e);
        }
    }

    static String format(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    static String normalize(String hex) {
        return hex == null ? null : format(parse(hex));
    }

    private static String describe(String hex) {
        if (hex == null) {
            return "nothing";
        }
        return hex.length() > 80 ? "'" + hex.substring(0, 80) + "...'" : "'" + hex + "'";
    }
}
