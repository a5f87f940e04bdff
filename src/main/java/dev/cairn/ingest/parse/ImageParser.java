package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG, JPEG and TIFF images, read with {@link Tesseract}. The image's size is read from its header
 * first, so a damaged file or one too large to recognise fails with its own reason before any pixel
 * is decoded; Tesseract then reads the file itself, in its own process. Each page of a multi-page
 * TIFF keeps its page number.
 */
final class ImageParser implements FormatParser {

    private final Tesseract ocr;

    ImageParser(Tesseract ocr) {
        this.ocr = ocr;
    }

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        int pages = checkHeader(file, sniffed);
        String title = FormatParser.titleFromFileName(file);
        List<Tesseract.Word> words;
        out.ocrPage(1, pages); // Tesseract reads a multi-page TIFF in one run
        try {
            words = ocr.read(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("OCR interrupted");
        }
        out.checkpoint();
        if (words.isEmpty()) {
            throw new DocumentException(FailureReason.EMPTY, Phrase.of("parse.imageNoText"));
        }
        for (int page = 1; page <= pages; page++) {
            int p = page;
            List<Tesseract.Word> onPage =
                    words.stream().filter(w -> w.page() == p).toList();
            for (String paragraph : Tesseract.paragraphs(onPage)) {
                out.emitParagraph(paragraph, title, pages > 1 ? page : 1);
            }
        }
        return new Info(title, pages);
    }

    /** The number of pages, after checking each one's size from the header; nothing is decoded. */
    private static int checkHeader(Path file, Sniffed sniffed) throws IOException, DocumentException {
        String what = switch (sniffed.kind()) {
            case PNG -> "PNG";
            case JPEG -> "JPEG";
            default -> "TIFF";
        };
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers =
                    in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.imageHeader", what));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                int pages = sniffed.kind() == Sniffed.Kind.TIFF ? reader.getNumImages(true) : 1;
                if (pages < 1) {
                    throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.imageNoPicture", what));
                }
                for (int i = 0; i < pages; i++) {
                    long w = reader.getWidth(i);
                    long h = reader.getHeight(i);
                    if (w <= 0 || h <= 0) {
                        throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.imageNoPixels", what));
                    }
                    if (w * h > Tesseract.MAX_IMAGE_PIXELS) {
                        throw new DocumentException(
                                FailureReason.RESOURCE_LIMIT,
                                Phrase.of(
                                        "parse.imageTooLarge",
                                        w,
                                        h,
                                        w * h / 1_000_000,
                                        Tesseract.MAX_IMAGE_PIXELS / 1_000_000));
                    }
                }
                return pages;
            } catch (IOException | RuntimeException e) {
                throw new DocumentException(
                        FailureReason.CORRUPT, Phrase.of("parse.imageDamaged", what, ParseGuard.describe(e)), e);
            } finally {
                reader.dispose();
            }
        }
    }
}
