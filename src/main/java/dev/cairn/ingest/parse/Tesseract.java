package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optical character recognition with the Tesseract command-line program, run as a separate process
 * ({@code tesseract IMAGE stdout -l eng --psm 3 tsv}): its memory is not Cairn's, a crash costs one
 * page, and an interrupt kills it. Tesseract is not bundled; where it is not installed, a page that
 * needs it fails with {@link #MISSING}, and the file is read again once it is there.
 *
 * <p>The program is looked up each time it is needed (a configured path, else the {@code PATH}), so
 * installing it while Cairn runs is enough. Thread-safe.
 */
public final class Tesseract {

    /** The reason a file that needs OCR gets while Tesseract is not installed; the pipeline retries such files. */
    public static final String MISSING = Phrase.of("parse.needsOcr");
    /** How {@link #MISSING} was stored before reasons were kept as codes (ADR 0028). */
    private static final String MISSING_IN_ENGLISH = "scanned page, no text layer: install Tesseract to read it";

    /** Scanners' usual resolution, and what Tesseract reads best. */
    static final float DPI = 300f;
    /** A page image larger than this is rendered at a lower resolution (a poster, a huge scan). */
    static final long MAX_PAGE_PIXELS = 40_000_000L;
    /** An image file larger than this is not read: Tesseract would need gigabytes for it. */
    static final long MAX_IMAGE_PIXELS = 100_000_000L;

    /** One page taking longer than this is given up on, whatever is left of the file's budget. */
    static final int PAGE_TIMEOUT_MINUTES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Tesseract.class);

    /** Waits until memory allows another page; the memory governor's permit, or nothing. */
    @FunctionalInterface
    public interface Permit {
        void await() throws InterruptedException;
    }

    /**
     * One recognised word.
     *
     * @param page     1-based page of a multi-page image (TIFF); 1 otherwise
     * @param block    Tesseract's block, paragraph and line numbers: words sharing them are one line
     * @param left     box in pixels of the image read, origin top-left
     * @param confidence 0 to 100
     */
    public record Word(
            String text,
            int page,
            int block,
            int paragraph,
            int line,
            int left,
            int top,
            int width,
            int height,
            float confidence) {}

    /** The configured program of {@link #none()}: a name no path can have. */
    private static final String NONE = "\u0000none";

    private final String configured;
    private final Permit permit;

    private Tesseract(String configured, Permit permit) {
        this.configured = configured == null ? "" : configured.strip();
        this.permit = Objects.requireNonNull(permit, "permit");
    }

    /** No OCR at all, whatever is installed: for reads that must not run Tesseract (learning a folder's repeated text). */
    public static Tesseract none() {
        return new Tesseract(NONE, () -> {});
    }

    /** Tesseract found on the {@code PATH}. */
    public static Tesseract onPath() {
        return new Tesseract("", () -> {});
    }

    /** Tesseract at {@code path} (the Settings value); blank means the {@code PATH}. */
    public static Tesseract configured(String path) {
        return new Tesseract(path, () -> {});
    }

    /** This Tesseract, each page waiting for {@code permit} first (the memory governor). */
    public Tesseract gatedBy(Permit newPermit) {
        return new Tesseract(configured, newPermit);
    }

    /** Whether the program is there now. */
    public boolean available() {
        return binary() != null;
    }

    /** The program to run, or null when it is not installed (or not where the settings say). */
    Path binary() {
        if (configured.equals(NONE)) {
            return null;
        }
        if (!configured.isEmpty()) {
            Path p = Path.of(configured);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, "tesseract");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Whether a stored failure is {@link #MISSING}, as a code or as the English words of older rows. */
    public static boolean isMissing(String error) {
        return MISSING.equals(error) || MISSING_IN_ENGLISH.equals(error);
    }

    /** Throws {@link #MISSING} when Tesseract is not there. */
    Path requireBinary() throws DocumentException {
        Path p = binary();
        if (p == null) {
            throw new DocumentException(FailureReason.NEEDS_OCR, MISSING);
        }
        return p;
    }

    /** Waits until memory allows another page. */
    void awaitPermit() throws InterruptedException {
        permit.await();
    }

    /** Reads the words of an image held in memory (a rendered PDF page) through a temporary PNG. */
    List<Word> read(BufferedImage image) throws IOException, DocumentException, InterruptedException {
        Path png = Files.createTempFile("cairn-ocr-", ".png");
        try {
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException("no PNG writer");
            }
            return read(png);
        } finally {
            Files.deleteIfExists(png);
        }
    }

    /**
     * Reads the words of an image file (PNG, JPEG, TIFF). Blocks until Tesseract is done; an
     * interrupt (the time budget, a cancelled ingest) kills the process.
     */
    List<Word> read(Path image) throws IOException, DocumentException, InterruptedException {
        Path program = requireBinary();
        permit.await();
        Path out = Files.createTempFile("cairn-ocr-", ".tsv");
        Path err = Files.createTempFile("cairn-ocr-", ".err");
        // Output goes to files, not pipes: waiting on the process is interruptible, reading a pipe is not.
        ProcessBuilder builder = new ProcessBuilder(
                        program.toString(), image.toString(), "stdout", "-l", "eng", "--psm", "3", "tsv")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // Tesseract's own threads would compete with the embedding pool; one page at a time is plenty.
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = null;
        try {
            process = builder.start();
            if (!process.waitFor(PAGE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new DocumentException(
                        FailureReason.TIMED_OUT, Phrase.of("parse.ocrTimedOut", PAGE_TIMEOUT_MINUTES));
            }
            if (process.exitValue() != 0) {
                String why = Files.readString(err, StandardCharsets.UTF_8).strip();
                LOG.warn("tesseract failed on {}: {}", image, why);
                throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.ocrFailed", firstLine(why)));
            }
            return parseTsv(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The words of Tesseract's TSV output (level 5 rows), empty ones dropped. */
    static List<Word> parseTsv(String tsv) {
        List<Word> words = new ArrayList<>();
        for (String row : tsv.split("\n")) {
            String[] f = row.split("\t", -1);
            if (f.length < 12 || !f[0].equals("5")) {
                continue;
            }
            String text = f[11].strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                words.add(new Word(
                        text,
                        Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]),
                        Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]),
                        Integer.parseInt(f[6]),
                        Integer.parseInt(f[7]),
                        Integer.parseInt(f[8]),
                        Integer.parseInt(f[9]),
                        Float.parseFloat(f[10])));
            } catch (NumberFormatException e) {
                // a malformed row costs one word
            }
        }
        return words;
    }

    /**
     * The paragraphs of one page as Tesseract laid them out: words of a line joined by spaces, lines
     * of a paragraph by line breaks.
     */
    static List<String> paragraphs(List<Word> words) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Word previous = null;
        for (Word w : words) {
            if (previous != null) {
                boolean sameParagraph = w.page() == previous.page()
                        && w.block() == previous.block()
                        && w.paragraph() == previous.paragraph();
                if (!sameParagraph) {
                    paragraphs.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(w.line() == previous.line() ? ' ' : '\n');
                }
            }
            current.append(w.text());
            previous = w;
        }
        if (!current.isEmpty()) {
            paragraphs.add(current.toString());
        }
        return paragraphs;
    }

    private static String firstLine(String s) {
        if (s.isEmpty()) {
            return "no details";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
