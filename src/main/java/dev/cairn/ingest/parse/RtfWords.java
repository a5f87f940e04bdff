package dev.cairn.ingest.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** What {@link RtfParser} makes of RTF's control words: groups to skip, symbols, code pages. */
final class RtfWords {

    /**
     * Groups whose text is not the document's: font, colour, style and list tables, pictures and
     * objects' data, headers and footers (page furniture), field instructions (their results stay),
     * bookmarks, document variables.
     */
    static final Set<String> SKIPPED = Set.of(
            "fonttbl",
            "colortbl",
            "listtable",
            "listoverridetable",
            "revtbl",
            "rsidtbl",
            "generator",
            "xmlnstbl",
            "latentstyles",
            "datastore",
            "themedata",
            "colorschememapping",
            "pict",
            "objdata",
            "header",
            "headerl",
            "headerr",
            "headerf",
            "footer",
            "footerl",
            "footerr",
            "footerf",
            "fldinst",
            "bkmkstart",
            "bkmkend",
            "filetbl",
            "private",
            "docvar",
            "listtext",
            "pntext",
            "pntxta",
            "pntxtb",
            "nonshppict",
            "sp",
            "userprops",
            "ftnsep",
            "ftnsepc",
            "aftnsep",
            "aftnsepc",
            "fchars",
            "lchars",
            "panose",
            "falt",
            "pgdsctbl",
            "operator",
            "mmathPr",
            "wgrffmtfilter",
            "defchp",
            "defpap",
            "passwordhash",
            "protusertbl");
    /** Control words that stand for a character (a table cell's end is a separator). */
    static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("emdash", "\u2014"),
            Map.entry("endash", "\u2013"),
            Map.entry("lquote", "\u2018"),
            Map.entry("rquote", "\u2019"),
            Map.entry("ldblquote", "\u201C"),
            Map.entry("rdblquote", "\u201D"),
            Map.entry("bullet", "\u2022"),
            Map.entry("tab", "\t"),
            Map.entry("line", "\n"),
            Map.entry("emspace", " "),
            Map.entry("enspace", " "),
            Map.entry("qmspace", " "),
            Map.entry("cell", " | "),
            Map.entry("nestcell", " | "));

    private RtfWords() {}

    static Charset codePage(Integer number) {
        if (number == null) {
            return TextEncoding.WINDOWS_1252;
        }
        return switch (number) {
            case 65001 -> StandardCharsets.UTF_8;
            case 10000 -> charsetOr("x-MacRoman");
            default -> charsetOr("windows-" + number, "cp" + number, "IBM" + number);
        };
    }

    static Charset charsetOr(String... names) {
        for (String name : names) {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                // try the next spelling
            }
        }
        return TextEncoding.WINDOWS_1252;
    }
}
