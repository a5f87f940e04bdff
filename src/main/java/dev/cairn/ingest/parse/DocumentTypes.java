package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one list of the documents Cairn reads. The desktop's drop zone and file chooser, the Library's
 * type column, the sniffer's "Cairn reads ..." sentences and the README's list are all made from it
 * ({@code DocumentTypesTest} fails when the README's list differs), so adding a format means adding
 * a line here and a parser in {@link Parsers}.
 *
 * <p>The content still decides what a file is ({@link ContentSniffer}); the extension only picks
 * between text formats. A text file whose extension is not listed is read as plain text.
 */
public final class DocumentTypes {

    /** One kind of document: how people name it, its media type and the extensions it goes by. */
    public static final class DocumentType {
        private final Sniffed.Kind kind;
        private final String family;
        private final String name;
        private final String mediaType;
        private final List<String> extensions;

        private DocumentType(Sniffed.Kind kind, String family, String name, String mediaType, List<String> extensions) {
            this.kind = kind;
            this.family = family;
            this.name = name;
            this.mediaType = mediaType;
            this.extensions = List.copyOf(extensions);
        }

        /** In words, for people, as a {@link dev.cairn.platform.Phrase} code ("Python source"). */
        public String name() {
            return name;
        }

        /** The group it is listed under in sentences, as a {@link dev.cairn.platform.Phrase} code ("source code"). */
        public String family() {
            return family;
        }

        /** The media type stored with a document of this type, e.g. {@code text/x-python}. */
        public String mediaType() {
            return mediaType;
        }

        /** Lower-case extensions without the dot, the usual one first. */
        public List<String> extensions() {
            return extensions;
        }

        /** The short label of the Library's type column: the usual extension in capitals ("PY"). */
        public String label() {
            return extensions.getFirst().toUpperCase(Locale.ROOT);
        }

        Sniffed.Kind kind() {
            return kind;
        }
    }

    private static final String CODE = Phrase.of("family.code");
    private static final String SLIDES = Phrase.of("family.slides");
    private static final String SHEETS = Phrase.of("family.sheets");
    private static final String TABLES = Phrase.of("family.tables");
    private static final String MAIL = Phrase.of("family.mail");
    private static final String CONFIG = Phrase.of("family.config");
    private static final String IMAGES = Phrase.of("family.images");

    private static final List<DocumentType> ALL = List.of(
            type(
                    Sniffed.Kind.TEXT,
                    Phrase.of("family.text"),
                    Phrase.of("type.txt"),
                    "text/plain",
                    "txt",
                    "text",
                    "log"),
            type(
                    Sniffed.Kind.MARKDOWN,
                    Phrase.of("family.markdown"),
                    Phrase.of("type.md"),
                    "text/markdown",
                    "md",
                    "markdown",
                    "mdown",
                    "mkd"),
            type(
                    Sniffed.Kind.HTML,
                    Phrase.of("family.html"),
                    Phrase.of("type.html"),
                    "text/html",
                    "html",
                    "htm",
                    "xhtml"),
            type(Sniffed.Kind.PDF, Phrase.of("family.pdf"), Phrase.of("type.pdf"), "application/pdf", "pdf"),
            type(
                    Sniffed.Kind.DOCX,
                    Phrase.of("family.docx"),
                    Phrase.of("type.docx"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "docx"),
            type(
                    Sniffed.Kind.ODT,
                    Phrase.of("family.odt"),
                    Phrase.of("type.odt"),
                    "application/vnd.oasis.opendocument.text",
                    "odt"),
            type(Sniffed.Kind.RTF, Phrase.of("family.rtf"), Phrase.of("type.rtf"), "application/rtf", "rtf"),
            type(
                    Sniffed.Kind.PPTX,
                    SLIDES,
                    Phrase.of("type.pptx"),
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    "pptx"),
            type(
                    Sniffed.Kind.ODP,
                    SLIDES,
                    Phrase.of("type.odp"),
                    "application/vnd.oasis.opendocument.presentation",
                    "odp"),
            type(
                    Sniffed.Kind.XLSX,
                    SHEETS,
                    Phrase.of("type.xlsx"),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "xlsx"),
            type(
                    Sniffed.Kind.ODS,
                    SHEETS,
                    Phrase.of("type.ods"),
                    "application/vnd.oasis.opendocument.spreadsheet",
                    "ods"),
            type(Sniffed.Kind.EPUB, Phrase.of("family.epub"), Phrase.of("type.epub"), "application/epub+zip", "epub"),
            type(Sniffed.Kind.EML, MAIL, Phrase.of("type.eml"), "message/rfc822", "eml"),
            type(Sniffed.Kind.MBOX, MAIL, Phrase.of("type.mbox"), "application/mbox", "mbox"),
            type(Sniffed.Kind.PNG, IMAGES, Phrase.of("type.png"), "image/png", "png"),
            type(Sniffed.Kind.JPEG, IMAGES, Phrase.of("type.jpg"), "image/jpeg", "jpg", "jpeg"),
            type(Sniffed.Kind.TIFF, IMAGES, Phrase.of("type.tif"), "image/tiff", "tif", "tiff"),
            type(Sniffed.Kind.RST, Phrase.of("family.rst"), Phrase.of("type.rst"), "text/x-rst", "rst", "rest"),
            type(
                    Sniffed.Kind.ASCIIDOC,
                    Phrase.of("family.asciidoc"),
                    Phrase.of("type.adoc"),
                    "text/asciidoc",
                    "adoc",
                    "asciidoc"),
            type(Sniffed.Kind.ORG, Phrase.of("family.org"), Phrase.of("type.org"), "text/x-org", "org"),
            type(Sniffed.Kind.CSV, TABLES, Phrase.of("type.csv"), "text/csv", "csv"),
            type(Sniffed.Kind.CSV, TABLES, Phrase.of("type.tsv"), "text/tab-separated-values", "tsv"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.java"), "text/x-java", "java"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.py"), "text/x-python", "py", "pyw"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.js"), "text/javascript", "js", "mjs", "cjs", "jsx"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.ts"), "text/x-typescript", "ts", "tsx", "mts"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.go"), "text/x-go", "go"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.rs"), "text/x-rust", "rs"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.c"), "text/x-c", "c", "h"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.cpp"), "text/x-c++", "cpp", "cc", "cxx", "hpp", "hh"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.cs"), "text/x-csharp", "cs"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.rb"), "text/x-ruby", "rb"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.php"), "text/x-php", "php"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.sh"), "text/x-shellscript", "sh", "bash", "zsh"),
            type(Sniffed.Kind.CODE, CODE, Phrase.of("type.sql"), "application/sql", "sql"),
            type(Sniffed.Kind.CODE, CONFIG, Phrase.of("type.json"), "application/json", "json"),
            type(Sniffed.Kind.CODE, CONFIG, Phrase.of("type.yaml"), "application/yaml", "yaml", "yml"),
            type(Sniffed.Kind.CODE, CONFIG, Phrase.of("type.toml"), "application/toml", "toml"),
            type(Sniffed.Kind.CODE, CONFIG, Phrase.of("type.xml"), "application/xml", "xml"),
            type(Sniffed.Kind.CODE, CONFIG, Phrase.of("type.ini"), "text/x-ini", "ini", "cfg", "conf"));

    private static final Map<String, DocumentType> BY_EXTENSION = byExtension();
    /** Formats the extension alone picks once the bytes are known to be text (HTML is recognised by its content). */
    private static final Set<Sniffed.Kind> LINE_FORMATS = EnumSet.of(
            Sniffed.Kind.TEXT,
            Sniffed.Kind.MARKDOWN,
            Sniffed.Kind.RST,
            Sniffed.Kind.ASCIIDOC,
            Sniffed.Kind.ORG,
            Sniffed.Kind.CSV,
            Sniffed.Kind.CODE);

    private DocumentTypes() {}

    private static DocumentType type(
            Sniffed.Kind kind, String family, String name, String mediaType, String... extensions) {
        return new DocumentType(kind, family, name, mediaType, List.of(extensions));
    }

    private static Map<String, DocumentType> byExtension() {
        Map<String, DocumentType> map = new LinkedHashMap<>();
        for (DocumentType t : ALL) {
            for (String ext : t.extensions()) {
                if (map.put(ext, t) != null) {
                    throw new IllegalStateException("." + ext + " is listed twice");
                }
            }
        }
        return Map.copyOf(map);
    }

    /** Whether Cairn leaves a file or folder out: its name starts with a dot. */
    public static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** Every type, in the order people see them listed. */
    public static List<DocumentType> all() {
        return ALL;
    }

    /** The type a file's extension names, if Cairn lists it. */
    public static Optional<DocumentType> forFile(Path file) {
        return forExtension(ContentSniffer.extension(file));
    }

    /** The type of a lower- or upper-case extension without the dot. */
    public static Optional<DocumentType> forExtension(String extension) {
        return Optional.ofNullable(BY_EXTENSION.get(extension.toLowerCase(Locale.ROOT)));
    }

    /** File-chooser patterns for every listed extension: {@code *.txt}, {@code *.md}, ... */
    public static List<String> globs() {
        List<String> globs = new ArrayList<>();
        ALL.forEach(t -> t.extensions().forEach(ext -> globs.add("*." + ext)));
        return globs;
    }

    /** The families as a {@link Phrase} code: "plain text, Markdown, HTML, ... and configuration files". */
    public static String sentence() {
        Set<String> families = new LinkedHashSet<>();
        ALL.forEach(t -> families.add(t.family()));
        List<String> list = List.copyOf(families);
        return Phrase.of("family.list", String.join(", ", list.subList(0, list.size() - 1)), list.getLast());
    }

    /** The README's list: a Markdown table, one row per type. */
    public static String readmeTable() {
        StringBuilder sb = new StringBuilder("| Document | Extensions | Media type |\n|---|---|---|\n");
        for (DocumentType t : ALL) {
            sb.append("| ")
                    .append(Phrase.english(t.name()))
                    .append(" | ")
                    .append(String.join(
                            ", ",
                            t.extensions().stream().map(e -> "`." + e + "`").toList()))
                    .append(" | `")
                    .append(t.mediaType())
                    .append("` |\n");
        }
        return sb.toString();
    }

    /** The text format a listed extension asks for, or null when the extension names no format read as plain lines. */
    static Sniffed.Kind textKind(String extension) {
        DocumentType t = BY_EXTENSION.get(extension);
        return t != null && LINE_FORMATS.contains(t.kind()) ? t.kind() : null;
    }

    /** The kind of document a stored media type names, if it names one Cairn reads. */
    static Optional<Sniffed.Kind> kindOf(String mediaType) {
        for (DocumentType t : ALL) {
            if (t.mediaType().equals(mediaType)) {
                return Optional.of(t.kind());
            }
        }
        for (Sniffed.Kind kind : Sniffed.Kind.values()) {
            if (kind.mediaType.equals(mediaType)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The media type to store: the listed one for the file's extension when its content is that kind, else the kind's. */
    static String mediaType(Sniffed.Kind kind, Path file) {
        DocumentType t = BY_EXTENSION.get(ContentSniffer.extension(file));
        return t != null && t.kind() == kind ? t.mediaType() : Objects.requireNonNull(kind.mediaType);
    }
}
