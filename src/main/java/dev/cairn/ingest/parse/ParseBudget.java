package dev.cairn.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * What one file may cost to parse. Validated up front so a bad setting fails at start-up, not mid-batch.
 *
 * @param timeout        parser time per file; time the block sink spends (embedding, storing) is not counted
 * @param maxFileBytes   larger files are refused before any parser sees them
 * @param maxTextChars   a parser producing more text than this is stopped (decompression bombs)
 * @param maxMarkupBytes HTML and a DOCX's main XML part are parsed into a tree in memory, so they get
 *                       their own, smaller limit (for DOCX: the uncompressed size of word/document.xml)
 * @param pdfMainMemory  bytes PDFBox may keep in memory for decoded streams before spilling to a temp file
 */
public record ParseBudget(
        Duration timeout, long maxFileBytes, long maxTextChars, long maxMarkupBytes, long pdfMainMemory) {

    public static final long MB = 1024L * 1024L;

    public ParseBudget {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The parse timeout must be positive, e.g. PT5M; got " + timeout);
        }
        requirePositive("maxFileBytes", maxFileBytes);
        requirePositive("maxTextChars", maxTextChars);
        requirePositive("maxMarkupBytes", maxMarkupBytes);
        requirePositive("pdfMainMemory", pdfMainMemory);
    }

    /** Five minutes, 512 MB files, 640 M characters of text, 64 MB of markup, 64 MB of PDF buffers. */
    public static ParseBudget defaults() {
        return new ParseBudget(Duration.ofMinutes(5), 512 * MB, 640_000_000L, 64 * MB, 64 * MB);
    }

    public ParseBudget withTimeout(Duration newTimeout) {
        return new ParseBudget(newTimeout, maxFileBytes, maxTextChars, maxMarkupBytes, pdfMainMemory);
    }

    public ParseBudget withMaxFileBytes(long bytes) {
        return new ParseBudget(timeout, bytes, maxTextChars, maxMarkupBytes, pdfMainMemory);
    }

    public ParseBudget withMaxTextChars(long chars) {
        return new ParseBudget(timeout, maxFileBytes, chars, maxMarkupBytes, pdfMainMemory);
    }

    public ParseBudget withMaxMarkupBytes(long bytes) {
        return new ParseBudget(timeout, maxFileBytes, maxTextChars, bytes, pdfMainMemory);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive; got " + value);
        }
    }
}
