package dev.cairn.ingest.parse;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Assumptions;

/** Scans made by the tests themselves: lines drawn with Java2D, saved as an image or as an image-only PDF page. */
public final class ScannedPages {

    /** What the scanned page says, one sentence a line. */
    public static final List<String> LINES = List.of(
            "The lighthouse keeper climbs the tower at dusk.",
            "Granite walls shield the lamp from winter storms.",
            "Seabirds nest on the ledges below the gallery.");

    private ScannedPages() {}

    /** Skips the test, saying why, where Tesseract is not installed (CI installs it). */
    public static void assumeTesseract() {
        Assumptions.assumeTrue(
                Tesseract.onPath().available(),
                "Tesseract is not on the PATH: install tesseract-ocr and tesseract-ocr-eng to run the OCR tests");
    }

    /** A Letter page at 150 dpi, black text on white in a large clear font. */
    public static BufferedImage page(List<String> lines) {
        BufferedImage image = new BufferedImage(1275, 1650, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 36));
            int y = 200;
            for (String line : lines) {
                g.drawString(line, 100, y);
                y += 70;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    public static Path png(Path file, List<String> lines) throws IOException {
        ImageIO.write(page(lines), "png", file.toFile());
        return file;
    }

    /** A PDF whose pages are given as text (a text layer) or as null (the scanned page). */
    public static Path pdf(Path file, List<String> textPage) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            if (textPage != null) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    cs.setLeading(16);
                    cs.newLineAtOffset(50, 720);
                    for (String line : textPage) {
                        cs.showText(line);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            PDPage scan = new PDPage(PDRectangle.LETTER);
            doc.addPage(scan);
            PDImageXObject image = LosslessFactory.createFromImage(doc, page(LINES));
            try (PDPageContentStream cs = new PDPageContentStream(doc, scan)) {
                cs.drawImage(image, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
            }
            doc.save(file.toFile());
        }
        return file;
    }
}
