package dev.cairn.ingest.parse;

import static dev.cairn.ingest.parse.TestBooks.utf8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFNotes;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFSlideLayout;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Builds the slides and spreadsheets the tests read: PPTX and XLSX with POI, ODP and ODS as zip entries. */
final class TestOffice {

    static final String OFFICE_NS = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
            + "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
            + "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
            + "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "
            + "xmlns:presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\"";

    private TestOffice() {}

    /** Three slides: a title slide, "Results" with a text box and notes, and one with no title. */
    static Path pptx(Path file, String coreTitle) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow()) {
            if (coreTitle != null) {
                show.getProperties().getCoreProperties().setTitle(coreTitle);
            }
            XSLFSlideLayout titleLayout = show.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE);
            XSLFSlideLayout content = show.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT);
            XSLFSlide first = show.createSlide(titleLayout);
            first.getPlaceholder(0).setText("Harbour Plans");
            first.getPlaceholder(1).setText("Spring meeting");
            XSLFSlide results = show.createSlide(content);
            results.getPlaceholder(0).setText("Results");
            results.getPlaceholder(1).setText("Boats moored rose by a fifth.");
            results.createTextBox().setText("Source: harbour office ledger");
            XSLFNotes notes = show.getNotesSlide(results);
            for (XSLFTextShape shape : notes.getPlaceholders()) {
                if (shape.getPlaceholder() == Placeholder.BODY) {
                    shape.setText("Mention the storm in March.");
                }
            }
            XSLFSlide plain = show.createSlide();
            plain.createTextBox().setText("A slide without a title.");
            try (OutputStream out = Files.newOutputStream(file)) {
                show.write(out);
            }
        }
        return file;
    }

    /** "Budget" (a header, two rows, an empty row, a formula row) and "People"; title "Household". */
    static Path xlsx(Path file) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.getProperties().getCoreProperties().setTitle("Household");
            XSSFSheet budget = wb.createSheet("Budget");
            row(budget, 0, "Item", "Cost", "Note");
            row(budget, 1, "Rent", 900, "monthly");
            row(budget, 2, "Food", 350, "");
            budget.createRow(3); // empty
            XSSFRow total = budget.createRow(4);
            total.createCell(0).setCellValue("Total");
            total.createCell(1).setCellFormula("B2+B3");
            XSSFSheet people = wb.createSheet("People");
            row(people, 0, "Name", "City");
            row(people, 1, "Ann", "Oslo");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
        return file;
    }

    private static void row(XSSFSheet sheet, int index, Object... values) {
        XSSFRow row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Number n) {
                row.createCell(i).setCellValue(n.doubleValue());
            } else if (!values[i].toString().isEmpty()) {
                row.createCell(i).setCellValue(values[i].toString());
            }
        }
    }

    /** A header and {@code rows} rows, written with POI's streaming writer. */
    static Path bigXlsx(Path file, int rows) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100)) {
            var sheet = wb.createSheet("Log");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("Id");
            header.createCell(1).setCellValue("Event");
            for (int r = 1; r <= rows; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(r);
                row.createCell(1).setCellValue("event number " + r);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
            wb.dispose();
        }
        return file;
    }

    /** The OOXML file wrapped as Office does with a password: an OLE2 container with an EncryptedPackage stream. */
    static Path encrypt(Path plain, Path file) throws Exception {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor enc = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            enc.confirmPassword("secret");
            try (OutputStream os = enc.getDataStream(fs)) {
                os.write(Files.readAllBytes(plain));
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        return file;
    }

    /** An OpenDocument package: mimetype first, a manifest, meta.xml when titled, and the body in content.xml. */
    static Map<String, byte[]> odfParts(String kind, String metaTitle, String body) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("mimetype", utf8("application/vnd.oasis.opendocument." + kind));
        parts.put("META-INF/manifest.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
                 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.%s"/>
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                </manifest:manifest>""".formatted(kind)));
        if (metaTitle != null) {
            parts.put("meta.xml", utf8("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                        xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">
                      <office:meta><dc:title>%s</dc:title></office:meta>
                    </office:document-meta>""".formatted(metaTitle)));
        }
        parts.put("content.xml", utf8(content(kind, body)));
        return parts;
    }

    static String content(String kind, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " + OFFICE_NS
                + " office:version=\"1.3\">" + "<office:body><office:" + kind + ">" + body + "</office:" + kind
                + "></office:body></office:document-content>";
    }

    /** A slide: a title frame, body frames and notes. */
    static String odpPage(String title, String notes, String... bodies) {
        StringBuilder sb = new StringBuilder("<draw:page draw:name=\"page\">");
        if (title != null) {
            sb.append("<draw:frame presentation:class=\"title\"><draw:text-box><text:p>")
                    .append(title)
                    .append("</text:p></draw:text-box></draw:frame>");
        }
        for (String body : bodies) {
            sb.append("<draw:frame presentation:class=\"outline\"><draw:text-box>")
                    .append(body)
                    .append("</draw:text-box></draw:frame>");
        }
        if (notes != null) {
            sb.append(
                            "<presentation:notes><draw:page-thumbnail/><draw:frame presentation:class=\"notes\"><draw:text-box><text:p>")
                    .append(notes)
                    .append("</text:p></draw:text-box></draw:frame></presentation:notes>");
        }
        return sb.append("</draw:page>").toString();
    }
}
