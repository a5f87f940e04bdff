package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A citation names its place the way the document's kind does: page, slide, sheet, chapter, message. */
class PlacesTest {

    private static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static SearchHit hit(String mediaType, String heading, Integer page, String partOf) {
        return new SearchHit(
                1,
                1,
                "/docs/x",
                "x",
                mediaType,
                partOf,
                heading,
                page,
                0,
                4,
                "text",
                1,
                new Snippet("text", List.of()),
                null);
    }

    @Test
    void eachKindOfDocumentNamesItsPlacesItsOwnWay() {
        assertThat(Phrase.english(hit("application/pdf", "Results", 4, null).place()))
                .isEqualTo("p. 4");
        assertThat(Phrase.english(hit(PPTX, "Slide 4 \u2014 Results", 4, null).place()))
                .isEqualTo("slide 4");
        assertThat(Phrase.english(hit("application/vnd.oasis.opendocument.presentation", "Slide 2 (notes)", 2, null)
                        .place()))
                .isEqualTo("slide 2");
        assertThat(Phrase.english(hit(XLSX, "Budget, rows 2-40", null, null).place()))
                .isEqualTo("sheet Budget, rows 2-40");
        assertThat(Phrase.english(hit("application/vnd.oasis.opendocument.spreadsheet", "Q3, row 7", null, null)
                        .place()))
                .isEqualTo("sheet Q3, row 7");
        assertThat(Phrase.english(
                        hit("text/csv", "people.csv, rows 120-160", null, null).place()))
                .isEqualTo("rows 120-160");
        assertThat(Phrase.english(hit("text/tab-separated-values", "t.tsv, row 3", null, null)
                        .place()))
                .isEqualTo("row 3");
        assertThat(Phrase.english(
                        hit("application/epub+zip", "II. The Storm", null, null).place()))
                .isEqualTo("chapter II. The Storm");
        assertThat(Phrase.english(hit("application/mbox", "Re: Budget \u2014 Ana to Ben, 2026-11-03", 12, null)
                        .place()))
                .isEqualTo("message 12");
        assertThat(Phrase.english(hit("image/tiff", "scan", 2, null).place())).isEqualTo("p. 2");
        assertThat(Phrase.english(hit("text/markdown", "Install", null, null).place()))
                .isNull();
        assertThat(Phrase.english(hit("text/markdown", "Install", null, null).whereabouts()))
                .isEmpty();
    }

    @Test
    void theRowsOfATableReadInTheReadersLanguageThoughTheHeadingWasStoredInEnglish() {
        assertThat(Phrase.show(hit(XLSX, "Budget, rows 2-40", null, null).place(), Locale.GERMAN))
                .isEqualTo("Blatt Budget, Zeilen 2–40");
        assertThat(Phrase.show(hit(XLSX, "Q3, row 7", null, null).place(), Locale.GERMAN))
                .isEqualTo("Blatt Q3, Zeile 7");
        assertThat(Phrase.show(
                        hit("text/csv", "people.csv, rows 120-1600", null, null).place(), Locale.GERMAN))
                .isEqualTo("Zeilen 120–1600");
        assertThat(Phrase.show(hit(XLSX, "Summary", null, null).place(), Locale.GERMAN))
                .isEqualTo("Blatt Summary");
        assertThat(hit("text/csv", "people.csv", null, null).place()).isNull();
    }

    @Test
    void anAttachmentSaysWhatItIsAttachedTo() {
        assertThat(Phrase.english(
                        hit("application/pdf", "x", 2, "attachment of 'Budget'").whereabouts()))
                .isEqualTo("p. 2 \u00b7 attachment of 'Budget'");
        assertThat(Phrase.english(hit("text/markdown", "x", null, "attachment of 'Budget'")
                        .whereabouts()))
                .isEqualTo("attachment of 'Budget'");
    }
}
