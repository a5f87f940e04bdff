package dev.cairn.search;

import dev.cairn.platform.Phrase;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a cited passage is, named the way its kind of document names its places: "p. 4" in a PDF,
 * "slide 4" in a presentation, "sheet Budget, rows 2-40" in a spreadsheet, "chapter II. The Storm" in
 * a book, "message 12" in a mailbox. Made from what the parsers store with each chunk: the page (a
 * slide's or a message's number for those formats) and the heading (a sheet's name and rows, a
 * chapter's name). The media types are those {@code DocumentTypes} lists.
 */
final class Places {

    private static final Set<String> SLIDES = Set.of(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.presentation");
    private static final Set<String> SHEETS = Set.of(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.oasis.opendocument.spreadsheet");
    private static final Set<String> TABLES = Set.of("text/csv", "text/tab-separated-values");
    private static final String BOOK = "application/epub+zip";
    private static final String MAILBOX = "application/mbox";
    /** The rows {@code TableRows} names at the end of a table's heading: "Budget, rows 2-40", "data.csv, row 7". */
    private static final Pattern ROWS = Pattern.compile(", rows? (\\d+)(?:-(\\d+))?$");

    private Places() {}

    /** The place as a {@link Phrase} code, or {@code null} when the document has no places to name (a text file). */
    static String of(String mediaType, String heading, Integer page) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        boolean named = heading != null && !heading.isBlank();
        if (SLIDES.contains(type) && page != null) {
            return Phrase.of("place.slide", page);
        }
        if (SHEETS.contains(type) && named) {
            Matcher rows = ROWS.matcher(heading.strip());
            return Phrase.of(
                    "place.sheet",
                    rows.find() ? heading.strip().substring(0, rows.start()) + ", " + rows(rows) : heading.strip());
        }
        if (TABLES.contains(type) && named) {
            Matcher rows = ROWS.matcher(heading.strip());
            return rows.find() ? rows(rows) : null;
        }
        if (type.equals(BOOK) && named) {
            return Phrase.of("place.chapter", heading.strip());
        }
        if (type.equals(MAILBOX) && page != null) {
            return Phrase.of("place.message", page);
        }
        return page == null ? null : Phrase.of("place.page", page);
    }

    /**
     * The rows as a code, so that they read in the reader's language ("Zeilen 2–40"). The heading keeps
     * the words the parser stored at ingest, which are indexed with the chunk; only the place is put
     * into words when it is shown, whatever language the library was read in.
     */
    private static String rows(Matcher rows) {
        return rows.group(2) == null
                ? Phrase.of("place.row", rows.group(1))
                : Phrase.of("place.rows", rows.group(1), rows.group(2));
    }
}
