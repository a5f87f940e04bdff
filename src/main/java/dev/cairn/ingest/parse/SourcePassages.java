package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Takes a reader back to a cited passage: a PDF page (or a scanned image) rendered with the
 * passage's boxes, or a document's extracted text (the text a citation's character offsets refer to).
 */
public final class SourcePassages {

    /** Pieces of a passage shorter than this (whitespace removed) are too likely to match elsewhere. */
    private static final int MIN_PIECE = 12;
    /** Where a passage splits into the pieces matched one by one: after sentence ends, and at line breaks. */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+|\\n");

    private SourcePassages() {}

    /** A rectangle in page points, origin at the page's top-left corner. */
    public record Box(double x, double y, double width, double height) {}

    /**
     * One rendered page.
     *
     * @param page       1-based page number
     * @param pageCount  pages in the document
     * @param width      page width in points
     * @param height     page height in points
     * @param image      the page at the requested DPI
     * @param highlights where the passage is on the page, one box per line; empty when not found
     * @param focus      the passage's sentence holding the most query terms, boxed the same way: a
     *                   chunk can fill a page, and this is where the reader's eye should land
     */
    public record RenderedPage(
            int page,
            int pageCount,
            double width,
            double height,
            BufferedImage image,
            List<Box> highlights,
            List<Box> focus) {
        public RenderedPage {
            Objects.requireNonNull(image, "image");
            highlights = List.copyOf(highlights);
            focus = List.copyOf(focus);
        }
    }

    /**
     * Renders a PDF page and finds the passage on it; a scanned page is read with Tesseract on the
     * PATH to find it, and an image file (PNG, JPEG, TIFF) is shown as its page.
     *
     * @param page    1-based; out-of-range pages fail with a sentence for people
     * @param passage the cited text (a chunk may start on the page before: parts found here are boxed)
     * @param terms   the question's words, to pick the passage's sentence to focus on
     */
    public static RenderedPage renderPdfPage(Path file, int page, String passage, List<String> terms, float dpi)
            throws IOException {
        return renderPage(file, page, passage, terms, dpi, Tesseract.onPath());
    }

    /** As {@link #renderPdfPage}, reading scans and images with {@code ocr}. */
    public static RenderedPage renderPage(
            Path file, int page, String passage, List<String> terms, float dpi, Tesseract ocr) throws IOException {
        if (!isPdf(file)) {
            return renderImagePage(file, page, passage, terms, ocr);
        }
        try (var source = new RandomAccessReadBufferedFile(file);
                PDDocument doc = Loader.loadPDF(source)) {
            int pages = doc.getNumberOfPages();
            if (page < 1 || page > pages) {
                throw new IOException(Phrase.of("show.pdfPageMissing", pages, page));
            }
            PDRectangle crop = doc.getPage(page - 1).getCropBox();
            PDFRenderer renderer = new PDFRenderer(doc);
            BufferedImage image = renderer.renderImageWithDPI(page - 1, dpi);
            String text = passage == null ? "" : passage;
            String sentence = focusSentence(text, terms);
            List<TextPosition> glyphs = positions(doc, page);
            if (glyphs.isEmpty() && PdfParser.hasImage(doc.getPage(page - 1)) && ocr.available()) {
                // A scan: read it again as the index did, and box the passage with Tesseract's word boxes.
                List<Tesseract.Word> words = ocrWords(ocr, PdfParser.renderForOcr(renderer, doc, page), 0);
                double pointsPerPixel = 72.0 / PdfParser.ocrDpi(doc.getPage(page - 1));
                List<Box> boxes = locateWords(words, text, pointsPerPixel);
                List<Box> focus = sentence.isEmpty() || boxes.isEmpty()
                        ? List.of()
                        : locateWords(words, sentence, pointsPerPixel);
                return new RenderedPage(page, pages, crop.getWidth(), crop.getHeight(), image, boxes, focus);
            }
            List<Box> boxes = locate(glyphs, text);
            List<Box> focus = sentence.isEmpty() || boxes.isEmpty() ? List.of() : locate(glyphs, sentence);
            return new RenderedPage(page, pages, crop.getWidth(), crop.getHeight(), image, boxes, focus);
        }
    }

    /** The longest side of an image file as the viewer shows it; larger images are subsampled on reading. */
    private static final int MAX_SHOWN_SIDE = 2400;

    /** An image file as a page: its size in pixels stands for the page size, and boxes are in its pixels. */
    private static RenderedPage renderImagePage(Path file, int page, String passage, List<String> terms, Tesseract ocr)
            throws IOException {
        BufferedImage image;
        int pages;
        long width;
        long height;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers =
                    in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(Phrase.of("show.notShowable"));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                pages = reader.getNumImages(true);
                if (page < 1 || page > pages) {
                    throw new IOException(Phrase.of("show.imagePageMissing", pages, page));
                }
                width = reader.getWidth(page - 1);
                height = reader.getHeight(page - 1);
                if (width * height > Tesseract.MAX_IMAGE_PIXELS) {
                    throw new IOException(Phrase.of("show.imageTooLarge", width, height));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, (Math.max(width, height) + MAX_SHOWN_SIDE - 1) / MAX_SHOWN_SIDE);
                param.setSourceSubsampling(step, step, 0, 0);
                image = reader.read(page - 1, param);
            } finally {
                reader.dispose();
            }
        }
        String text = passage == null ? "" : passage;
        List<Tesseract.Word> words = List.of();
        if (ocr.available()) {
            try {
                words = ocrWords(ocr, file, page);
            } catch (IOException e) {
                words = List.of(); // the image still shows, without boxes
            }
        }
        List<Box> boxes = locateWords(words, text, 1.0);
        String sentence = focusSentence(text, terms);
        List<Box> focus = sentence.isEmpty() || boxes.isEmpty() ? List.of() : locateWords(words, sentence, 1.0);
        return new RenderedPage(page, pages, width, height, image, boxes, focus);
    }

    /** Tesseract's words of an image in memory ({@code page} 0) or of one page of an image file. */
    private static List<Tesseract.Word> ocrWords(Tesseract ocr, Object image, int page) throws IOException {
        try {
            List<Tesseract.Word> words = image instanceof BufferedImage b ? ocr.read(b) : ocr.read((Path) image);
            return page == 0
                    ? words
                    : words.stream().filter(w -> w.page() == page).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("stopped while reading the page with Tesseract");
        } catch (DocumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static boolean isPdf(Path file) throws IOException {
        byte[] head = new byte[1024];
        int n;
        try (var in = java.nio.file.Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("%PDF-");
    }

    /** The document's extracted text, as the index saw it: the parser's blocks joined in order. */
    public static String documentText(Path file) throws IOException, InterruptedException {
        return documentText(file, Tesseract.onPath());
    }

    /**
     * As {@link #documentText(Path)}, reading scans with {@code ocr}. An e-mail's attachment (a path
     * such as {@code note.eml#1/report.pdf}, see {@link Attachment}) has no file: it is read again from its message.
     */
    public static String documentText(Path file, Tesseract ocr) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        try (Parsers parsers = Parsers.create(ocr)) {
            var attachment = java.nio.file.Files.exists(file)
                    ? java.util.Optional.<Attachment.Location>empty()
                    : Attachment.locate(file.toString());
            if (attachment.isPresent()) {
                return parsers.attachmentText(attachment.get());
            }
            ParseOutcome outcome = parsers.parseText(file, block -> text.append(block.text()));
            if (outcome instanceof ParseOutcome.Failed failed) {
                throw new IOException(failed.said());
            }
        }
        return text.toString();
    }

    /** The glyphs of one page, in the order the text stripper emits them. */
    private static List<TextPosition> positions(PDDocument doc, int page) throws IOException {
        List<TextPosition> glyphs = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> textPositions) throws IOException {
                glyphs.addAll(textPositions);
                super.writeString(text, textPositions);
            }
        };
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        stripper.writeText(doc, new StringWriter());
        return glyphs;
    }

    /** Boxes the passage on the page, one box per line (see {@link #hits}). */
    static List<Box> locate(List<TextPosition> glyphs, String passage) {
        return lines(hits(glyphs, TextPosition::getUnicode, passage));
    }

    /** Boxes the passage among OCR words, one box per line; {@code scale} turns pixels into page units. */
    static List<Box> locateWords(List<Tesseract.Word> words, String passage, double scale) {
        List<Box> boxes = new ArrayList<>();
        Tesseract.Word lineStart = null;
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        Tesseract.Word previous = null;
        for (Tesseract.Word w : hits(words, Tesseract.Word::text, passage)) {
            if (w == previous) {
                continue; // one entry per character of the word
            }
            previous = w;
            boolean sameLine = lineStart != null
                    && w.page() == lineStart.page()
                    && w.block() == lineStart.block()
                    && w.paragraph() == lineStart.paragraph()
                    && w.line() == lineStart.line();
            if (!sameLine) {
                if (lineStart != null) {
                    boxes.add(new Box(x0 * scale, y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale));
                }
                lineStart = w;
                x0 = w.left();
                y0 = w.top();
                x1 = w.left() + w.width();
                y1 = w.top() + w.height();
                continue;
            }
            x0 = Math.min(x0, w.left());
            y0 = Math.min(y0, w.top());
            x1 = Math.max(x1, w.left() + w.width());
            y1 = Math.max(y1, w.top() + w.height());
        }
        if (lineStart != null) {
            boxes.add(new Box(x0 * scale, y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale));
        }
        return boxes;
    }

    /**
     * The items (glyphs, words) that hold the passage, one entry per character matched. Matching
     * ignores whitespace and case, because line breaks and spacing on the page differ from the
     * chunk's; a passage not found whole is matched piece by piece (sentences and lines), so a chunk
     * that starts on the previous page still lights up here.
     */
    private static <T> List<T> hits(List<T> items, Function<T, String> textOf, String passage) {
        StringBuilder hay = new StringBuilder();
        List<T> owner = new ArrayList<>();
        for (T item : items) {
            String u = textOf.apply(item);
            if (u == null) {
                continue;
            }
            for (char c : u.toCharArray()) {
                if (!Character.isWhitespace(c)) {
                    hay.append(Character.toLowerCase(c));
                    owner.add(item);
                }
            }
        }
        String haystack = hay.toString();
        List<T> hits = new ArrayList<>();
        String whole = squash(passage);
        int at = whole.isEmpty() ? -1 : haystack.indexOf(whole);
        if (at >= 0) {
            hits.addAll(owner.subList(at, at + whole.length()));
        } else {
            for (String piece : SENTENCE_END.split(passage)) {
                String p = squash(piece);
                int found = p.length() < MIN_PIECE ? -1 : haystack.indexOf(p);
                if (found >= 0) {
                    hits.addAll(owner.subList(found, found + p.length()));
                }
            }
        }
        return hits;
    }

    /** The sentence of the passage holding the most distinct query terms, or "" when none holds any. */
    static String focusSentence(String passage, List<String> terms) {
        String best = "";
        int bestCount = 0;
        for (String sentence : SENTENCE_END.split(passage)) {
            String lower = sentence.toLowerCase(Locale.ROOT);
            int count = (int) terms.stream()
                    .filter(t -> !t.isBlank())
                    .filter(t -> lower.contains(t.strip().toLowerCase(Locale.ROOT)))
                    .count();
            if (count > bestCount && squash(sentence).length() >= MIN_PIECE) {
                best = sentence;
                bestCount = count;
            }
        }
        return best;
    }

    private static String squash(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints()
                .filter(c -> !Character.isWhitespace(c))
                .forEach(c -> out.appendCodePoint(Character.toLowerCase(c)));
        return out.toString();
    }

    /** One box per run of glyphs on the same line. */
    private static List<Box> lines(List<TextPosition> hits) {
        List<Box> boxes = new ArrayList<>();
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        boolean open = false;
        double baseline = Double.NaN;
        for (TextPosition g : hits) {
            double h = Math.max(g.getHeightDir(), g.getFontSizeInPt() * 0.7);
            double top = g.getYDirAdj() - h;
            double bottom = g.getYDirAdj() + g.getFontSizeInPt() * 0.2;
            double left = g.getXDirAdj();
            double right = left + g.getWidthDirAdj();
            if (open && Math.abs(g.getYDirAdj() - baseline) < 1.0 && left >= x0 - 1) {
                x1 = Math.max(x1, right);
                y0 = Math.min(y0, top);
                y1 = Math.max(y1, bottom);
                continue;
            }
            if (open) {
                boxes.add(new Box(x0, y0, x1 - x0, y1 - y0));
            }
            x0 = left;
            x1 = right;
            y0 = top;
            y1 = bottom;
            baseline = g.getYDirAdj();
            open = true;
        }
        if (open) {
            boxes.add(new Box(x0, y0, x1 - x0, y1 - y0));
        }
        return boxes;
    }
}
