package dev.cairn.ingest.parse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/** Writes real documents for the tests with the same libraries Cairn reads them with. */
public final class TestDocuments {

    private TestDocuments() {}

    /** A PDF with one page per entry, each page's lines drawn as text; bookmarks name pages when given. */
    public static Path pdf(
            Path file, List<List<String>> pages, List<String> bookmarks, StandardProtectionPolicy protection)
            throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 12);
                    cs.setLeading(16);
                    cs.newLineAtOffset(50, 720);
                    for (String line : lines) {
                        cs.showText(line);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            if (bookmarks != null) {
                PDDocumentOutline outline = new PDDocumentOutline();
                doc.getDocumentCatalog().setDocumentOutline(outline);
                for (int i = 0; i < bookmarks.size(); i++) {
                    if (bookmarks.get(i) == null) {
                        continue;
                    }
                    PDPageFitDestination dest = new PDPageFitDestination();
                    dest.setPage(doc.getPage(i));
                    PDOutlineItem item = new PDOutlineItem();
                    item.setTitle(bookmarks.get(i));
                    item.setDestination(dest);
                    outline.addLast(item);
                }
            }
            if (protection != null) {
                doc.protect(protection);
            }
            doc.save(file.toFile());
        }
        return file;
    }

    public static StandardProtectionPolicy passwordProtection() {
        StandardProtectionPolicy policy =
                new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
        policy.setEncryptionKeyLength(256);
        return policy;
    }

    /** A PDF whose only page is an image: what a scanner without OCR produces. */
    static Path imageOnlyPdf(Path file) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
            var g = image.createGraphics();
            g.drawString("Scanned words are pixels", 10, 50);
            g.dispose();
            PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(xobject, 50, 500);
            }
            doc.save(file.toFile());
        }
        return file;
    }

    /** A .docx encrypted with a password the way Word does it (an OLE2 container around the encrypted package). */
    static Path encryptedDocx(Path file, Path plainDocx) throws Exception {
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs =
                new org.apache.poi.poifs.filesystem.POIFSFileSystem()) {
            var info = new org.apache.poi.poifs.crypt.EncryptionInfo(org.apache.poi.poifs.crypt.EncryptionMode.agile);
            var encryptor = info.getEncryptor();
            encryptor.confirmPassword("secret");
            try (var opc = org.apache.poi.openxml4j.opc.OPCPackage.open(
                            plainDocx.toFile(), org.apache.poi.openxml4j.opc.PackageAccess.READ_WRITE);
                    OutputStream os = encryptor.getDataStream(fs)) {
                opc.save(os);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        return file;
    }

    /** A .docx: entries starting with "# " become Heading1 paragraphs, "| a | b" a one-row table, others body text. */
    public static Path docx(Path file, String title, List<String> entries) throws IOException {
        try (XWPFDocument doc = new XWPFDocument();
                OutputStream out = Files.newOutputStream(file)) {
            if (title != null) {
                doc.getProperties().getCoreProperties().setTitle(title);
            }
            for (String entry : entries) {
                if (entry.startsWith("| ")) {
                    String[] cells = entry.substring(2).split(" \\| ");
                    XWPFTable table = doc.createTable(1, cells.length);
                    for (int i = 0; i < cells.length; i++) {
                        table.getRow(0).getCell(i).setText(cells[i]);
                    }
                    continue;
                }
                XWPFParagraph p = doc.createParagraph();
                if (entry.startsWith("# ")) {
                    p.setStyle("Heading1");
                    p.createRun().setText(entry.substring(2));
                } else {
                    p.createRun().setText(entry);
                }
            }
            doc.write(out);
        }
        return file;
    }
}
