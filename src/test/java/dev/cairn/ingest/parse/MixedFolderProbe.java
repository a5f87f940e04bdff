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
 * Not a test: builds a folder of every document type Cairn reads from the pages of an HTML manual,
 * for {@code cairn bench parse} and {@code cairn bench ingest --text-only} (issue 16's measurement).
 * Each type gets the same pages' text, so their speeds compare.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/classpath.txt) dev.cairn.ingest.parse.MixedFolderProbe HTML_DIR OUT [PAGES]</pre>
 */
public final class MixedFolderProbe {

    private record Page(String title, List<String> headings, List<String> paragraphs) {}

    public static void main(String[] args) throws Exception {
        Path html = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int pages = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<Path> sources;
        try (Stream<Path> s = Files.list(html)) {
            sources = s.filter(p -> p.toString().endsWith(".html"))
                    .sorted()
                    .limit(pages * 7L)
                    .toList();
        }
        int n = 0;
        for (Path source : sources) {
            Page page = read(source);
            if (page.paragraphs().size() < 3) {
                continue;
            }
            String name = "page-%03d".formatted(n);
            write(out, name, page, n % 7);
            if (++n >= pages * 7) {
                break;
            }
        }
        System.out.println("wrote " + n + " documents to " + out);
    }

    /** Seven rounds of types, so each type gets its own pages and every page one type of each round. */
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
            default -> { // a scanned page: the first lines of the text drawn as an image (read with Tesseract)
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
                ScannedPages.png(out.resolve(name + ".png"), lines);
            }
        }
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
