package dev.cairn.ingest.parse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Not a test: builds a folder of every document type Cairn reads (text, Markdown, PDF, DOCX, ODT,
 * RTF, EPUB, reStructuredText, AsciiDoc, Org, CSV, TSV, Python, PPTX, ODP, XLSX, ODS, EML, MBOX,
 * HTML, and PNG, JPEG and TIFF scans for OCR) from the pages of an HTML manual,
 * for {@code cairn bench parse} and {@code cairn bench ingest --text-only} (issue 16's measurement).
 * Each type gets the same pages' text, so their speeds compare.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/classpath.txt) dev.cairn.ingest.parse.MixedFolderProbe HTML_DIR OUT [PAGES]</pre>
 */
public final class MixedFolderProbe {

    private record Page(String title, List<String> headings, List<String> paragraphs) {}

    /** Rounds of types; each page of the manual goes to one round. */
    private static final int ROUNDS = 11;

    public static void main(String[] args) throws Exception {
        Path html = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int pages = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<Path> sources;
        try (Stream<Path> s = Files.list(html)) {
            sources = s.filter(p -> p.toString().endsWith(".html"))
                    .sorted()
                    .limit(pages * (long) ROUNDS)
                    .toList();
        }
        int n = 0;
        for (Path source : sources) {
            Page page = read(source);
            if (page.paragraphs().size() < 3) {
                continue;
            }
            String name = "page-%03d".formatted(n);
            write(out, name, page, n % ROUNDS);
            if (++n >= pages * ROUNDS) {
                break;
            }
        }
        System.out.println("wrote " + n + " documents to " + out);
    }

    /** Rounds of types, so each type gets its own pages and every page one type of each round. */
    private static void write(Path out, String name, Page page, int round) throws IOException {
        String text = String.join("\n\n", page.paragraphs());
        switch (round) {
            case 0 -> {
                Files.writeString(out.resolve(name + ".txt"), page.title() + "\n\n" + text);
                Files.writeString(out.resolve(name + ".md"), "# " + page.title() + "\n\n" + text);
            }
            case 1 -> {
                TestDocuments.pdf(out.resolve(name + ".pdf"), List.of(page.paragraphs()), List.of(page.title()), null);
                List<String> entries = new ArrayList<>();
                entries.add("# " + page.title());
                entries.addAll(page.paragraphs());
                TestDocuments.docx(out.resolve(name + ".docx"), page.title(), entries);
            }
            case 2 -> {
                StringBuilder body =
                        new StringBuilder("<text:h text:outline-level=\"1\">" + xml(page.title()) + "</text:h>");
                page.paragraphs()
                        .forEach(p -> body.append("<text:p>").append(xml(p)).append("</text:p>"));
                TestBooks.odt(out.resolve(name + ".odt"), page.title(), body.toString());
                StringBuilder rtf = new StringBuilder("{\\rtf1\\ansi{\\info{\\title " + rtf(page.title()) + "}}\n");
                page.paragraphs().forEach(p -> rtf.append(rtf(p)).append("\\par\n"));
                Files.writeString(out.resolve(name + ".rtf"), rtf.append('}'));
            }
            case 3 -> {
                StringBuilder chapter = new StringBuilder("<h1>" + xml(page.title()) + "</h1>");
                page.paragraphs()
                        .forEach(p -> chapter.append("<p>").append(xml(p)).append("</p>"));
                TestBooks.epub(
                        out.resolve(name + ".epub"),
                        page.title(),
                        "PostgreSQL",
                        List.of(new TestBooks.Chapter("ch1.xhtml", page.title(), chapter.toString())),
                        true);
            }
            case 4 -> {
                Files.writeString(
                        out.resolve(name + ".rst"),
                        page.title() + "\n" + "=".repeat(page.title().length()) + "\n\n" + text);
                Files.writeString(out.resolve(name + ".adoc"), "= " + page.title() + "\n\n" + text);
                Files.writeString(
                        out.resolve(name + ".org"), "#+TITLE: " + page.title() + "\n* " + page.title() + "\n" + text);
            }
            case 5 -> {
                StringBuilder csv = new StringBuilder("section,paragraph,text\n");
                for (int i = 0; i < page.paragraphs().size(); i++) {
                    csv.append('"')
                            .append(page.title().replace("\"", "\"\""))
                            .append("\",")
                            .append(i + 1)
                            .append(",\"")
                            .append(page.paragraphs().get(i).replace("\"", "\"\""))
                            .append("\"\n");
                }
                Files.writeString(out.resolve(name + ".csv"), csv);
                StringBuilder py = new StringBuilder("\"\"\"" + page.title() + "\"\"\"\n\n");
                for (int i = 0; i < page.paragraphs().size(); i++) {
                    py.append("def section_")
                            .append(i)
                            .append("():\n    \"\"\"")
                            .append(page.paragraphs().get(i).replace("\"\"\"", "'''"))
                            .append("\"\"\"\n    return ")
                            .append(i)
                            .append("\n\n");
                }
                Files.writeString(out.resolve(name + ".py"), py);
            }
            case 6 -> ScannedPages.png(out.resolve(name + ".png"), scanLines(text));
            case 7 -> {
                slides(out.resolve(name + ".pptx"), page);
                StringBuilder odp = new StringBuilder();
                for (List<String> slide : slideTexts(page)) {
                    odp.append(TestOffice.odpPage(
                            xml(page.title()),
                            null,
                            slide.stream()
                                    .map(p -> "<text:p>" + xml(p) + "</text:p>")
                                    .toArray(String[]::new)));
                }
                TestBooks.zip(
                        out.resolve(name + ".odp"),
                        TestOffice.odfParts("presentation", xml(page.title()), odp.toString()));
            }
            case 8 -> {
                sheet(out.resolve(name + ".xlsx"), page);
                StringBuilder ods = new StringBuilder(
                        "<table:table table:name=\"Sections\">" + odsRow("section", "paragraph", "text"));
                for (int i = 0; i < page.paragraphs().size(); i++) {
                    ods.append(odsRow(
                            page.title(),
                            Integer.toString(i + 1),
                            page.paragraphs().get(i)));
                }
                TestBooks.zip(
                        out.resolve(name + ".ods"),
                        TestOffice.odfParts(
                                "spreadsheet",
                                xml(page.title()),
                                ods.append("</table:table>").toString()));
                StringBuilder tsv = new StringBuilder("section\tparagraph\ttext\n");
                for (int i = 0; i < page.paragraphs().size(); i++) {
                    tsv.append(page.title().replace('\t', ' '))
                            .append('\t')
                            .append(i + 1)
                            .append('\t')
                            .append(page.paragraphs().get(i).replace('\t', ' '))
                            .append('\n');
                }
                Files.writeString(out.resolve(name + ".tsv"), tsv);
            }
            case 9 -> {
                // a message with the page as its body and its first paragraph attached as Markdown
                TestMail.eml(
                        out.resolve(name + ".eml"),
                        page.title(),
                        text,
                        java.util.Map.of(
                                "notes.md", ("# Notes\n\n" + page.paragraphs().getFirst()).getBytes()));
                List<String> messages = new ArrayList<>();
                for (String p : page.paragraphs()) {
                    messages.add(TestMail.message(page.title(), p, java.util.Map.of()));
                }
                TestMail.mbox(out.resolve(name + ".mbox"), messages);
                StringBuilder html = new StringBuilder("<!doctype html><html><head><title>" + xml(page.title())
                        + "</title></head><body><h1>" + xml(page.title()) + "</h1>");
                page.paragraphs().forEach(p -> html.append("<p>").append(xml(p)).append("</p>"));
                Files.writeString(out.resolve(name + ".html"), html.append("</body></html>"));
            }
            default -> { // scans: a photographed page (JPEG), a fax (TIFF); scanned PDFs would mix with the PDFs'
                // figures
                List<String> lines = scanLines(text);
                javax.imageio.ImageIO.write(
                        ScannedPages.page(lines),
                        "jpg",
                        out.resolve(name + ".jpg").toFile());
                java.awt.image.BufferedImage grey =
                        new java.awt.image.BufferedImage(1275, 1650, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                grey.getGraphics().drawImage(ScannedPages.page(lines), 0, 0, null);
                javax.imageio.ImageIO.write(
                        grey, "tiff", out.resolve(name + ".tiff").toFile());
            }
        }
    }

    /** The first lines of the text, about 60 characters each, as a scanned page shows them. */
    private static List<String> scanLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String word : text.split("\\s+")) {
            if (lines.isEmpty() || lines.getLast().length() + word.length() > 60) {
                if (lines.size() == 12) {
                    break;
                }
                lines.add(word);
            } else {
                lines.set(lines.size() - 1, lines.getLast() + " " + word);
            }
        }
        return lines;
    }

    /** Three paragraphs a slide. */
    private static List<List<String>> slideTexts(Page page) {
        List<List<String>> slides = new ArrayList<>();
        for (int i = 0; i < page.paragraphs().size(); i += 3) {
            slides.add(page.paragraphs().subList(i, Math.min(page.paragraphs().size(), i + 3)));
        }
        return slides;
    }

    private static void slides(Path file, Page page) throws IOException {
        try (org.apache.poi.xslf.usermodel.XMLSlideShow show = new org.apache.poi.xslf.usermodel.XMLSlideShow()) {
            show.getProperties().getCoreProperties().setTitle(page.title());
            for (List<String> texts : slideTexts(page)) {
                show.createSlide().createTextBox().setText(String.join("\n", texts));
            }
            try (var stream = Files.newOutputStream(file)) {
                show.write(stream);
            }
        }
    }

    private static void sheet(Path file, Page page) throws IOException {
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            wb.getProperties().getCoreProperties().setTitle(page.title());
            var sheet = wb.createSheet("Sections");
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("section");
            header.createCell(1).setCellValue("paragraph");
            header.createCell(2).setCellValue("text");
            for (int i = 0; i < page.paragraphs().size(); i++) {
                var row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(page.title());
                row.createCell(1).setCellValue(i + 1);
                row.createCell(2).setCellValue(page.paragraphs().get(i));
            }
            try (var stream = Files.newOutputStream(file)) {
                wb.write(stream);
            }
        }
    }

    private static String odsRow(String... cells) {
        StringBuilder row = new StringBuilder("<table:table-row>");
        for (String c : cells) {
            row.append("<table:table-cell office:value-type=\"string\"><text:p>")
                    .append(xml(c))
                    .append("</text:p></table:table-cell>");
        }
        return row.append("</table:table-row>").toString();
    }

    private static Page read(Path file) throws IOException {
        Document doc = Jsoup.parse(file.toFile());
        List<String> headings = doc.select("h1, h2, h3").eachText();
        List<String> paragraphs = new ArrayList<>();
        for (Element p : doc.select("p")) {
            String t = p.text().strip();
            if (t.length() > 40) {
                paragraphs.add(t);
            }
        }
        String title = doc.title().isBlank()
                ? file.getFileName().toString()
                : doc.title().strip();
        return new Page(title, headings, paragraphs);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String rtf(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '{' || c == '}') {
                sb.append('\\').append(c);
            } else if (c > 127) {
                sb.append("\\u").append((int) c).append('?');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
