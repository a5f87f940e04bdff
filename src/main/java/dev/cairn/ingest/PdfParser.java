package dev.cairn.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF with PDFBox 3, one page at a time ({@code setStartPage/setEndPage}) from a buffered file
 * reader, with decoded streams held in memory only up to the budget and spilled to a temp file
 * beyond it. Every block carries its page number for citations. Headings come from the outline
 * (bookmarks) when there is one: a page takes the last bookmark that starts on or before it.
 */
final class PdfParser implements FormatParser {

    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");
    private static final int MAX_OUTLINE_ITEMS = 10_000;

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out) throws IOException, DocumentException {
        var cache = MemoryUsageSetting.setupMixed(budget.pdfMainMemory()).streamCache;
        try (var source = new RandomAccessReadBufferedFile(file);
                PDDocument doc = Loader.loadPDF(source, "", null, null, cache)) {
            int pages = doc.getNumberOfPages();
            if (pages == 0) {
                throw new DocumentException(FailureReason.CORRUPT, "This PDF has no pages; it may be damaged.");
            }
            String metaTitle = doc.getDocumentInformation() == null ? null : doc.getDocumentInformation().getTitle();
            String title = metaTitle == null || metaTitle.isBlank() ? FormatParser.titleFromFileName(file) : metaTitle.strip();
            TreeMap<Integer, String> bookmarks = bookmarks(doc, out);

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
                for (String paragraph : BLANK_LINES.split(text)) {
                    out.emitParagraph(paragraph, heading, page);
                }
            }
            if (out.visibleChars() == 0) {
                throw new DocumentException(FailureReason.NO_TEXT,
                        "This PDF has no text layer (scanned images only); Cairn can't read it without OCR.");
            }
            return new Info(title, pages);
        } catch (InvalidPasswordException e) {
            throw new DocumentException(FailureReason.ENCRYPTED, "This PDF is password-protected; Cairn can't read it.", e);
        }
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
