package dev.cairn.ingest.parse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * reStructuredText, AsciiDoc and Org, streamed line by line like {@link MarkdownParser}: section
 * titles become the heading of the text under them (RST's underlined titles, AsciiDoc's
 * {@code ==} lines, Org's {@code *} lines), directives, attributes, drawers and delimiters are
 * dropped, literal and source blocks kept verbatim, inline markup reduced to its words. Not a full
 * parser of any of the three: it recovers readable text and its sections from a file of any size.
 */
final class LightMarkupParser implements FormatParser {

    /** An RST adornment: one punctuation character repeated, from the first column. */
    private static final Pattern RST_ADORNMENT = Pattern.compile("^([!-/:-@\\[-`{-~])\\1{2,}\\s*$");

    private static final Pattern RST_TABLE_RULE = Pattern.compile("^[=+\\-:| ]*[=+\\-]{3,}[=+\\-:| ]*$");
    private static final Pattern RST_DIRECTIVE = Pattern.compile("^\\s*\\.\\.\\s+([\\w-]+)::\\s*(.*)$");
    private static final Pattern RST_ADMONITION =
            Pattern.compile("note|warning|tip|important|caution|danger|attention|hint|admonition|topic|sidebar|rubric");
    private static final Pattern RST_TITLE_FIELD = Pattern.compile("^:title:\\s*(.+)$");
    private static final Pattern RST_LINK = Pattern.compile("`([^`<]+?)\\s*<[^>]*>`_{1,2}");
    private static final Pattern RST_REF = Pattern.compile("(?::[\\w:+-]+:)?`([^`]+)`(?:_{1,2}|:[\\w:+-]+:)?");
    private static final Pattern RST_LITERAL = Pattern.compile("``(.+?)``");

    private static final Pattern ADOC_HEADING = Pattern.compile("^(={1,6}|#{1,6})\\s+(.+?)\\s*(?:\\1)?$");
    private static final Pattern ADOC_DELIMITER =
            Pattern.compile("^(-{4,}|\\.{4,}|\\+{4,}|/{4,}|={4,}|\\*{4,}|_{4,}|\\|===+|```+)\\s*$");
    private static final Pattern ADOC_ATTRIBUTE = Pattern.compile("^:!?[\\w-]+!?:(?:\\s.*)?$");
    private static final Pattern ADOC_BLOCK_ATTRIBUTES = Pattern.compile("^\\[[^\\]]*\\]\\s*$");
    private static final Pattern ADOC_BLOCK_MACRO = Pattern.compile("^[\\w-]+::\\S*\\[(.*)\\]\\s*$");
    private static final Pattern ADOC_LINK = Pattern.compile("(?:link:|(?=https?:))\\S+?\\[([^\\]]*)\\]");
    private static final Pattern ADOC_XREF = Pattern.compile("<<([^,>]+)(?:,\\s*([^>]+))?>>");

    private static final Pattern ORG_HEADING = Pattern.compile("^(\\*+)\\s+(.*)$");
    private static final Pattern ORG_KEYWORDS =
            Pattern.compile("^(?:(?:TODO|DONE|NEXT|WAITING|HOLD|CANCELLED|CANCELED)\\s+)?(?:\\[#[A-Z0-9]\\]\\s+)?");
    private static final Pattern ORG_TAGS = Pattern.compile("\\s+:[\\w@#%:]+:\\s*$");
    private static final Pattern ORG_SETTING = Pattern.compile("^\\s*#\\+(\\w+)(?:\\[[^\\]]*\\])?:?\\s*(.*)$");
    private static final Pattern ORG_DRAWER = Pattern.compile("^\\s*:(PROPERTIES|LOGBOOK):\\s*$");
    private static final Pattern ORG_PLANNING =
            Pattern.compile("^\\s*(?:(?:CLOSED|SCHEDULED|DEADLINE):\\s*[\\[<][^\\]>]*[\\]>]\\s*)+$");
    private static final Pattern ORG_LINK = Pattern.compile("\\[\\[([^\\]]+)\\](?:\\[([^\\]]+)\\])?\\]");
    private static final Pattern ORG_EMPHASIS =
            Pattern.compile("(?<![\\w*/=~])([*/=~])(?=[^\\s*/=~])([^*/=~\\n]+?)(?<=\\S)\\1(?![\\w*/=~])");
    private static final Pattern ORG_TABLE_RULE = Pattern.compile("^\\s*\\|[-+|:]+\\|?\\s*$");

    private static final Pattern LIST_MARK =
            Pattern.compile("^\\s*(?:[-*+•]+|\\.{1,5}|#\\.|\\d{1,9}[.)])\\s+(?:\\[[ xX-]\\]\\s+)?");

    private enum Dialect {
        RST,
        ASCIIDOC,
        ORG
    }

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        Dialect dialect = switch (sniffed.kind()) {
            case ASCIIDOC -> Dialect.ASCIIDOC;
            case ORG -> Dialect.ORG;
            default -> Dialect.RST;
        };
        return new State(out, dialect, FormatParser.titleFromFileName(file)).read(file, sniffed);
    }

    private static final class State extends LineMarkup {
        private final Dialect dialect;
        private int paragraphLines;
        /** The source line of a one-line paragraph, which an RST underline makes a title; null otherwise. */
        private String lastLine;

        /** The line that ends the verbatim or skipped block we are in, or null. */
        private String closer;

        private boolean skipping;

        State(BlockEmitter out, Dialect dialect, String fileTitle) {
            super(out, fileTitle);
            this.dialect = dialect;
        }

        @Override
        void accept(String line) throws DocumentException {
            if (closer != null) {
                if (line.strip().equalsIgnoreCase(closer)) {
                    closer = null;
                    skipping = false;
                    flush();
                } else if (!skipping) {
                    append(line.stripTrailing());
                }
                return;
            }
            if (line.isBlank()) {
                flush();
                return;
            }
            switch (dialect) {
                case RST -> rst(line);
                case ASCIIDOC -> asciidoc(line);
                case ORG -> org(line);
            }
        }

        private void rst(String line) throws DocumentException {
            if (RST_ADORNMENT.matcher(line).matches()) {
                if (paragraphLines == 1 && lastLine != null) {
                    String text = lastLine.strip();
                    paragraph.setLength(0);
                    paragraphLines = 0;
                    cleanHeading(text, true);
                } else {
                    flush(); // an overline, or a transition between paragraphs
                }
                return;
            }
            if (RST_TABLE_RULE.matcher(line).matches()) {
                return;
            }
            Matcher m = RST_DIRECTIVE.matcher(line);
            if (m.matches()) {
                flush();
                if (RST_ADMONITION.matcher(m.group(1)).matches() && !m.group(2).isBlank()) {
                    append(clean(m.group(2)));
                }
                return;
            }
            String t = line.strip();
            if (t.startsWith("..") || t.equals("::")) {
                return; // comments, targets and substitution definitions
            }
            m = RST_TITLE_FIELD.matcher(t);
            if (m.matches() && title.equals(fileTitle)) {
                title = clean(m.group(1));
                return;
            }
            if (t.endsWith("::")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.startsWith("|") || t.startsWith("+")) {
                t = t.replace('|', ' ');
            }
            appendText(line, t);
        }

        private void asciidoc(String line) throws DocumentException {
            String t = line.strip();
            Matcher m = ADOC_DELIMITER.matcher(t);
            if (m.matches()) {
                flush();
                char c = t.charAt(0);
                if (c == '-' || c == '.' || c == '+' || c == '/' || c == '`') {
                    closer = t;
                    skipping = c == '/';
                }
                return;
            }
            if (t.startsWith("//")
                    || ADOC_ATTRIBUTE.matcher(t).matches()
                    || ADOC_BLOCK_ATTRIBUTES.matcher(t).matches()) {
                return;
            }
            m = ADOC_HEADING.matcher(line);
            if (m.matches()) {
                flush();
                cleanHeading(m.group(2), m.group(1).length() == 1);
                return;
            }
            m = ADOC_BLOCK_MACRO.matcher(t);
            if (m.matches()) {
                if (!m.group(1).isBlank()) {
                    append(clean(m.group(1).replaceAll("^\"|\"$", "")));
                }
                return;
            }
            if (t.startsWith(".") && t.length() > 1 && Character.isLetterOrDigit(t.charAt(1))) {
                flush();
                append(clean(t.substring(1))); // a block title
                return;
            }
            if (t.startsWith("|")) {
                t = t.replace('|', ' ');
            }
            appendText(line, t.replace(":: ", ": "));
        }

        private void org(String line) throws DocumentException {
            Matcher m = ORG_HEADING.matcher(line);
            if (m.matches()) {
                flush();
                String text = ORG_TAGS.matcher(ORG_KEYWORDS.matcher(m.group(2)).replaceFirst(""))
                        .replaceFirst("");
                cleanHeading(text, false);
                return;
            }
            m = ORG_SETTING.matcher(line);
            if (m.matches()) {
                flush();
                String key = m.group(1).toUpperCase(java.util.Locale.ROOT);
                if (key.equals("TITLE")
                        && title.equals(fileTitle)
                        && !m.group(2).isBlank()) {
                    title = clean(m.group(2));
                } else if (key.startsWith("BEGIN_")) {
                    closer = "#+END_" + key.substring(6);
                    skipping = key.equals("BEGIN_COMMENT");
                }
                return;
            }
            String t = line.strip();
            if (t.equals("#")
                    || t.startsWith("# ")
                    || ORG_PLANNING.matcher(line).matches()
                    || ORG_TABLE_RULE.matcher(line).matches()) {
                return;
            }
            if (ORG_DRAWER.matcher(line).matches()) {
                flush();
                closer = ":END:";
                skipping = true;
                return;
            }
            if (t.startsWith("|")) {
                t = t.replace('|', ' ');
            }
            appendText(line, t);
        }

        private void appendText(String raw, String text) throws DocumentException {
            lastLine = paragraphLines == 0 ? raw : null;
            String cleaned = clean(LIST_MARK.matcher(text).replaceFirst(""));
            append(singleSpaced(cleaned).strip());
        }

        private String clean(String s) {
            if (s.length() > MAX_REGEX_LINE) {
                return s;
            }
            String r = s;
            switch (dialect) {
                case RST -> {
                    r = RST_LINK.matcher(r).replaceAll("$1");
                    r = RST_LITERAL.matcher(r).replaceAll("$1");
                    r = RST_REF.matcher(r).replaceAll("$1");
                }
                case ASCIIDOC -> {
                    r = ADOC_LINK.matcher(r).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
                    r = ADOC_XREF
                            .matcher(r)
                            .replaceAll(
                                    mr -> Matcher.quoteReplacement(mr.group(2) != null ? mr.group(2) : mr.group(1)));
                }
                case ORG -> {
                    r = ORG_LINK.matcher(r)
                            .replaceAll(
                                    mr -> Matcher.quoteReplacement(mr.group(2) != null ? mr.group(2) : mr.group(1)));
                    return ORG_EMPHASIS.matcher(r).replaceAll("$2");
                }
            }
            return inline(r);
        }

        private void cleanHeading(String raw, boolean documentTitle) {
            newHeading(clean(raw).replaceAll("\\s+", " ").strip(), documentTitle);
        }

        /** Blank text adds no line; a line counts towards an RST title only when it holds text. */
        @Override
        void append(String text) throws DocumentException {
            if (text.isEmpty()) {
                return;
            }
            paragraphLines++;
            super.append(text);
        }

        @Override
        void flush() throws DocumentException {
            super.flush();
            paragraphLines = 0;
            lastLine = null;
        }
    }
}
