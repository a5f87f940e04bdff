package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * EPUB 2 and 3 books: the chapters in reading (spine) order, each chapter's XHTML read as
 * {@link HtmlParser} reads a page, the chapter cited by its name in the table of contents (else its
 * first heading; a file the contents do not list continues the chapter before it). The title is
 * "Title — Author" from the package metadata. One chapter's tree is in memory at a time, each
 * under the markup budget; the package itself is read through {@link ZipParts}.
 */
final class EpubParser implements FormatParser {

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        try (ZipParts zip = ZipParts.open(file, EpubBook.WHAT, budget)) {
            EpubBook book = EpubBook.read(zip, budget);
            String title = book.title();
            String chapter = title != null ? title : FormatParser.titleFromFileName(file);
            for (String path : book.chapters()) {
                out.checkpoint();
                Element root = HtmlParser.mainText(chapter(zip, path, budget));
                String named = book.chapterTitles().get(path);
                if (named == null) {
                    Element h = root.selectFirst("h1, h2, h3, h4, h5, h6");
                    named = h != null && !h.text().isBlank() ? h.text().strip() : null;
                }
                if (named != null) {
                    chapter = named;
                    if (title == null) {
                        title = named;
                    }
                }
                HtmlParser.emit(root, chapter, chapter, out);
            }
            String shown = title != null ? title : FormatParser.titleFromFileName(file);
            return new Info(book.author() != null ? shown + " \u2014 " + book.author() : shown, 0);
        }
    }

    private static Document chapter(ZipParts zip, String path, ParseBudget budget)
            throws IOException, DocumentException {
        try (InputStream in = zip.require(path, budget.maxMarkupBytes())) {
            return Jsoup.parse(in, null, "");
        } catch (java.io.InterruptedIOException e) {
            throw e; // the time budget ran out
        } catch (IOException | RuntimeException e) {
            throw zip.damaged(path, e);
        }
    }
}
