package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JRuntimeException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFGroupShape;
import org.apache.poi.xslf.usermodel.XSLFNotes;
import org.apache.poi.xslf.usermodel.XSLFShape;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableCell;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextShape;

/**
 * PowerPoint (.pptx) with Apache POI's XSLF: one block per text frame (a table is one frame, a row a
 * line, cells joined with " | "), the slide number as the block's page so a citation says "slide 4",
 * the slide's title in the heading ({@code Slide 4 — Results}) and speaker notes after the slide's
 * frames, marked {@code Slide 4 — Results (notes)}. The title is the file's own, else the first
 * slide's. XSLF holds every slide in memory, so the unpacked size of the slides and notes is checked
 * against the markup budget before POI opens the file; POI's ZipSecureFile stops zip bombs that lie
 * about their sizes.
 */
final class PptxParser implements FormatParser {

    static final String WHAT = Phrase.of("kind.pptx");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        checkExpandedSize(file, budget);
        OPCPackage pkg = Ooxml.open(file, WHAT);
        try (pkg) {
            XMLSlideShow show = open(pkg);
            String title = Ooxml.coreTitle(pkg);
            List<XSLFSlide> slides = show.getSlides();
            for (int i = 0; i < slides.size(); i++) {
                out.checkpoint();
                XSLFSlide slide = slides.get(i);
                String slideTitle = titleOf(slide);
                if (title == null && !slideTitle.isEmpty()) {
                    title = slideTitle;
                }
                String heading = "Slide " + (i + 1) + (slideTitle.isEmpty() ? "" : " \u2014 " + slideTitle);
                for (XSLFShape shape : slide.getShapes()) {
                    emitShape(shape, heading, i + 1, out, false);
                }
                XSLFNotes notes = slide.getNotes();
                if (notes != null) {
                    for (XSLFShape shape : notes.getShapes()) {
                        emitShape(shape, heading + " (notes)", i + 1, out, true);
                    }
                }
            }
            return new Info(title != null ? title : FormatParser.titleFromFileName(file), slides.size());
        } catch (POIXMLException | OpenXML4JRuntimeException e) {
            throw Ooxml.damaged(WHAT, e);
        } finally {
            pkg.revert();
        }
    }

    private static void emitShape(XSLFShape shape, String heading, int slide, BlockEmitter out, boolean notes)
            throws DocumentException {
        switch (shape) {
            case XSLFGroupShape group -> {
                for (XSLFShape inner : group.getShapes()) {
                    emitShape(inner, heading, slide, out, notes);
                }
            }
            case XSLFTable table -> {
                StringBuilder text = new StringBuilder();
                for (XSLFTableRow row : table.getRows()) {
                    StringBuilder line = new StringBuilder();
                    for (XSLFTableCell cell : row.getCells()) {
                        if (!line.isEmpty()) {
                            line.append(" | ");
                        }
                        line.append(oneLine(cell.getText()));
                    }
                    text.append(line).append('\n');
                }
                out.emitParagraph(text.toString(), heading, slide);
            }
            case XSLFTextShape text -> {
                // A notes page also holds the slide's picture and its number: only its body is the speaker's notes.
                Placeholder p = text.getPlaceholder();
                boolean furniture = p == Placeholder.SLIDE_NUMBER
                        || p == Placeholder.DATETIME
                        || p == Placeholder.FOOTER
                        || p == Placeholder.HEADER
                        || p == Placeholder.SLIDE_IMAGE;
                if (!furniture) {
                    out.emitParagraph(text.getText(), heading, slide);
                }
            }
            default -> {}
        }
    }

    /** The text of the slide's title placeholder, centred (a title slide's) or not; "" when it has none. */
    private static String titleOf(XSLFSlide slide) {
        for (XSLFShape shape : slide.getShapes()) {
            if (shape instanceof XSLFTextShape t
                    && (t.getPlaceholder() == Placeholder.TITLE || t.getPlaceholder() == Placeholder.CENTERED_TITLE)) {
                String title = oneLine(t.getText());
                if (!title.isEmpty()) {
                    return title;
                }
            }
        }
        return "";
    }

    private static XMLSlideShow open(OPCPackage pkg) throws DocumentException {
        try {
            return new XMLSlideShow(pkg);
        } catch (POIXMLException | OpenXML4JRuntimeException e) {
            throw Ooxml.damaged(WHAT, e);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /** Slides and notes together must fit the markup budget: XSLF keeps them all as XML trees. */
    private static void checkExpandedSize(Path file, ParseBudget budget) throws IOException, DocumentException {
        long total = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName().toLowerCase(Locale.ROOT);
                if (name.startsWith("ppt/slides/") || name.startsWith("ppt/notesslides/")) {
                    total += Math.max(0, e.getSize());
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new DocumentException(FailureReason.CORRUPT, Phrase.of("parse.damagedOpen", WHAT), e);
        }
        if (total > budget.maxMarkupBytes()) {
            throw new DocumentException(
                    FailureReason.RESOURCE_LIMIT,
                    Phrase.of(
                            "parse.slidesTooLarge",
                            WHAT,
                            ContentSniffer.megabytes(total),
                            ContentSniffer.megabytes(budget.maxMarkupBytes())));
        }
    }

    /** What the two OOXML parsers share: opening the package and saying what went wrong in words. */
    static final class Ooxml {
        private Ooxml() {}

        static OPCPackage open(Path file, String what) throws DocumentException {
            try {
                return OPCPackage.open(file.toFile(), PackageAccess.READ);
            } catch (InvalidFormatException | NotOfficeXmlFileException | OpenXML4JRuntimeException e) {
                throw damaged(what, e);
            }
        }

        static String coreTitle(OPCPackage pkg) {
            try {
                String t = pkg.getPackageProperties().getTitleProperty().orElse(null);
                return t == null || t.isBlank()
                        ? null
                        : t.replaceAll("\\s+", " ").strip();
            } catch (InvalidFormatException | RuntimeException e) {
                return null; // damaged properties: the first slide or the file name names it
            }
        }

        /** A zip bomb (POI's ZipSecureFile) in words, else a damaged file. */
        static DocumentException damaged(String what, Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("zip bomb")) {
                    return new DocumentException(FailureReason.RESOURCE_LIMIT, Phrase.of("parse.zipBomb", what), e);
                }
            }
            return new DocumentException(
                    FailureReason.CORRUPT, Phrase.of("parse.damagedWhy", what, ParseGuard.describe(e)), e);
        }
    }
}
