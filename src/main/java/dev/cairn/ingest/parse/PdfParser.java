package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PDF with PDFBox 3, one page at a time ({@code setStartPage/setEndPage}) from a buffered file
 * reader, with decoded streams held in memory only up to the budget and spilled to a temp file
 * beyond it. Every block carries its page number for citations. Headings come from the outline
 * (bookmarks) when there is one: a page takes the last bookmark that starts on or before it.
 * A page with no text but an image on it (a scan) is rendered and read with {@link Tesseract}.
 */
final class PdfParser implements FormatParser {

    private final Tesseract ocr;

    /** @param ocr reads pages that have no text layer but images (scans) */
    PdfParser(Tesseract ocr) {
        this.ocr = ocr;
    }

    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");
    private static final int MAX_OUTLINE_ITEMS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(PdfParser.class);

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        var cache = MemoryUsageSetting.setupMixed(budget.pdfMainMemory()).streamCache;
        try (var source = new RandomAccessReadBufferedFile(file);
                PDDocument doc = Loader.loadPDF(source, "", null, null, cache)) {
            int pages = doc.getNumberOfPages();
            if (pages == 0) {
                throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.pdfNoPages"));
            }
            String metaTitle = doc.getDocumentInformation() == null
                    ? null
                    : doc.getDocumentInformation().getTitle();
            String title =
                    metaTitle == null || metaTitle.isBlank() ? FormatParser.titleFromFileName(file) : metaTitle.strip();
            TreeMap<Integer, String> bookmarks = bookmarks(doc, out);

            PDFRenderer renderer = null;
            int scans = 0;
            int unread = 0; // scanned pages left out: no Tesseract, or it could not read them
            boolean canRead = ocr.available();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n\n");
            stripper.setPageEnd("\n\n");
            for (int page = 1; page <= pages; page++) {
                out.checkpoint();
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(doc);
                Map.Entry<Integer, String> mark = bookmarks.floorEntry(page);
                String heading = mark == null ? title : mark.getValue();
                if (text.isBlank() && hasImage(doc.getPage(page - 1))) {
                    // A scan, or a page that only shows a picture: read with OCR where it can be; the
                    // document's other pages are indexed either way.
                    if (!canRead) {
                        unread++;
                        continue;
                    }
                    renderer = renderer == null ? new PDFRenderer(doc) : renderer;
                    scans++;
                    out.ocrPage(page, pages);
                    List<String> paragraphs;
                    try {
                        paragraphs = readScan(renderer, doc, page, file);
                    } catch (DocumentException e) {
                        LOG.warn("OCR of page {} of {} failed, the page is left out: {}", page, file, e.getMessage());
                        unread++;
                        continue;
                    }
                    for (String paragraph : paragraphs) {
                        out.emitParagraph(paragraph, heading, page);
                    }
                    continue;
                }
                for (String paragraph : BLANK_LINES.split(text)) {
                    out.emitParagraph(paragraph, heading, page);
                }
            }
            if (out.visibleChars() == 0 && unread > 0 && !canRead) {
                ocr.requireBinary(); // nothing but scans: the reason says to install Tesseract (and the file is
                // read again then)
            }
            if (out.visibleChars() == 0) {
                throw new DocumentException(
                        FailureReason.NO_TEXT,
                        scans > 0 ? Phrase.of("parse.pdfScansEmpty") : Phrase.of("parse.pdfNoTextLayer"));
            }
            return new Info(title, pages);
        } catch (InvalidPasswordException e) {
            throw new DocumentException(FailureReason.ENCRYPTED, Phrase.of("parse.pdfEncrypted"), e);
        }
    }

    /** The paragraphs Tesseract reads on one page, rendered at {@link Tesseract#DPI} (less for huge pages). */
    private List<String> readScan(PDFRenderer renderer, PDDocument doc, int page, Path file)
            throws IOException, DocumentException {
        LOG.debug("OCR of page {} of {}", page, file);
        try {
            ocr.awaitPermit(); // the page image is in Cairn's heap until Tesseract has it
            BufferedImage image = renderForOcr(renderer, doc, page);
            return Tesseract.paragraphs(ocr.read(image));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("OCR interrupted");
        }
    }

    /** A page as Tesseract reads it, and as the source viewer reads it again to box a passage. */
    static BufferedImage renderForOcr(PDFRenderer renderer, PDDocument doc, int page) throws IOException {
        return renderer.renderImageWithDPI(page - 1, ocrDpi(doc.getPage(page - 1)), ImageType.GRAY);
    }

    /** {@link Tesseract#DPI}, or less where that would make a page image over {@link Tesseract#MAX_PAGE_PIXELS}. */
    static float ocrDpi(PDPage page) {
        PDRectangle box = page.getCropBox();
        double inches2 = (box.getWidth() / 72.0) * (box.getHeight() / 72.0);
        double dpi = Tesseract.DPI;
        if (inches2 * dpi * dpi > Tesseract.MAX_PAGE_PIXELS) {
            dpi = Math.sqrt(Tesseract.MAX_PAGE_PIXELS / inches2);
        }
        return (float) Math.max(1, Math.floor(dpi));
    }

    /** Whether the page draws an image (directly, or inside a form): a page without text that does is a scan. */
    static boolean hasImage(PDPage page) {
        try {
            return hasImage(page.getResources(), 0);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean hasImage(PDResources resources, int depth) throws IOException {
        if (resources == null || depth > 4) {
            return false;
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject x = resources.getXObject(name);
            if (x instanceof PDImageXObject) {
                return true;
            }
            if (x instanceof PDFormXObject form && hasImage(form.getResources(), depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Page number (1-based) to the title of the last bookmark starting there. */
    private static TreeMap<Integer, String> bookmarks(PDDocument doc, BlockEmitter out) {
        TreeMap<Integer, String> byPage = new TreeMap<>();
        PDOutlineNode root = doc.getDocumentCatalog().getDocumentOutline();
        if (root == null) {
            return byPage;
        }
        Deque<PDOutlineItem> todo = new ArrayDeque<>();
        root.children().forEach(todo::add);
        int seen = 0;
        while (!todo.isEmpty() && seen++ < MAX_OUTLINE_ITEMS) {
            out.checkpoint();
            PDOutlineItem item = todo.pollFirst();
            try {
                PDPage page = item.findDestinationPage(doc);
                String title = item.getTitle();
                if (page != null && title != null && !title.isBlank()) {
                    int index = doc.getPages().indexOf(page);
                    if (index >= 0) {
                        byPage.putIfAbsent(index + 1, title.strip());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a broken bookmark only costs its heading
            }
            item.children().forEach(todo::add);
        }
        return byPage;
    }
}
