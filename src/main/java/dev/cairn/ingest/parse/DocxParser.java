package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFSDT;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Word (.docx) with Apache POI's XWPF: paragraphs in body order, tables row by row, headings from
 * paragraph styles ("Heading 1".."Heading 9", "Title"). XWPF holds the whole document tree in
 * memory, so the uncompressed size of word/document.xml is checked against the markup budget
 * before POI opens it; POI's own inflate-ratio check stops zip bombs that lie about their sizes.
 */
final class DocxParser implements FormatParser {

    private static final Pattern HEADING_STYLE = Pattern.compile("(?i)(heading\\s*[1-9]|title|subtitle)");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        checkExpandedSize(file, budget);
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | NotOfficeXmlFileException e) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.wordDamagedOpen"), e);
        }
        try (pkg) {
            XWPFDocument doc = open(pkg);
            String coreTitle = doc.getProperties().getCoreProperties().getTitle();
            String title = coreTitle == null || coreTitle.isBlank() ? null : coreTitle.strip();
            String heading = null;
            String fileTitle = FormatParser.titleFromFileName(file);
            for (IBodyElement element : doc.getBodyElements()) {
                out.checkpoint();
                String fallback = title != null ? title : fileTitle;
                switch (element) {
                    case XWPFParagraph p -> {
                        String text = p.getText();
                        if (isHeading(doc, p) && !text.isBlank()) {
                            heading = text.replaceAll("\\s+", " ").strip();
                            if (title == null) {
                                title = heading;
                            }
                        } else {
                            out.emitParagraph(text, heading == null ? fallback : heading, null);
                        }
                    }
                    case XWPFTable t -> {
                        for (XWPFTableRow row : t.getRows()) {
                            StringBuilder line = new StringBuilder();
                            for (XWPFTableCell cell : row.getTableCells()) {
                                if (!line.isEmpty()) {
                                    line.append(" | ");
                                }
                                line.append(cell.getText().strip());
                            }
                            out.emitParagraph(line.toString(), heading == null ? fallback : heading, null);
                        }
                    }
                    case XWPFSDT sdt ->
                        out.emitParagraph(sdt.getContent().getText(), heading == null ? fallback : heading, null);
                    default -> {}
                }
            }
            return new Info(title != null ? title : fileTitle, 0);
        } finally {
            pkg.revert();
        }
    }

    private static XWPFDocument open(OPCPackage pkg) throws IOException, DocumentException {
        try {
            return new XWPFDocument(pkg);
        } catch (POIXMLException e) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.wordDamagedRead"), e);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("zip bomb")) {
                throw new DocumentException(
                        FailureReason.RESOURCE_LIMIT, Phrase.of("parse.zipBomb", Phrase.of("kind.docx")), e);
            }
            throw e;
        }
    }

    private static void checkExpandedSize(Path file, ParseBudget budget) throws DocumentException, IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("word/document.xml");
            if (entry == null) {
                throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.wordNoBody"));
            }
            long size = entry.getSize();
            if (size > budget.maxMarkupBytes()) {
                throw new DocumentException(
                        FailureReason.RESOURCE_LIMIT,
                        Phrase.of(
                                "parse.partTooLarge",
                                Phrase.of("kind.docx"),
                                "word/document.xml",
                                ContentSniffer.megabytes(size),
                                ContentSniffer.megabytes(budget.maxMarkupBytes())));
            }
        }
    }

    private static boolean isHeading(XWPFDocument doc, XWPFParagraph p) {
        String id = p.getStyleID();
        if (id == null) {
            return false;
        }
        if (HEADING_STYLE.matcher(id).matches()) {
            return true;
        }
        XWPFStyle style = doc.getStyles() == null ? null : doc.getStyles().getStyle(id);
        return style != null
                && style.getName() != null
                && HEADING_STYLE.matcher(style.getName()).matches();
    }
}
