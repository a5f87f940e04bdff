package dev.cairn.ingest.parse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown, streamed line by line: ATX and setext headings become the heading of the text under
 * them; link targets, image URLs, HTML tags and emphasis marks are dropped, their words kept; fenced
 * code stays verbatim. Not a full CommonMark parser (no nested-container subtleties): it only has to
 * recover readable text and its sections, and it must stream a file of any size.
 */
final class MarkdownParser implements FormatParser {

    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,}).*$");
    /** A setext underline: = for a level-1 title, - for level 2. */
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(?:=+|-+)[ \\t]*$");

    private static final Pattern THEMATIC = Pattern.compile("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern REFERENCE_DEF = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*\\S+.*$");
    private static final Pattern TABLE_RULE =
            Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");
    private static final Pattern QUOTE = Pattern.compile("^(\\s{0,3}>\\s?)+");
    private static final Pattern LIST_MARK = Pattern.compile("^\\s*(?:[-*+]|\\d{1,9}[.)])\\s+(?:\\[[ xX]\\]\\s+)?");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        return new State(out, FormatParser.titleFromFileName(file)).read(file, sniffed);
    }

    private static final class State extends LineMarkup {
        private boolean firstLine = true;
        private boolean inFrontMatter;
        private String fence;

        State(BlockEmitter out, String fileTitle) {
            super(out, fileTitle);
        }

        @Override
        void accept(String line) throws DocumentException {
            boolean first = firstLine;
            firstLine = false;
            if (first && line.strip().equals("---")) {
                inFrontMatter = true;
                return;
            }
            if (inFrontMatter) {
                String t = line.strip();
                if (t.equals("---") || t.equals("...")) {
                    inFrontMatter = false;
                } else if (t.startsWith("title:") && title.equals(fileTitle)) {
                    title = unquote(t.substring(6).strip());
                }
                return;
            }
            if (fence != null) {
                String t = line.strip();
                if (t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0))) {
                    fence = null;
                    flush();
                } else {
                    append(line);
                }
                return;
            }
            Matcher m = FENCE.matcher(line);
            if (m.matches()) {
                flush();
                fence = m.group(1);
                return;
            }
            if (line.isBlank()) {
                flush();
                return;
            }
            m = ATX.matcher(line);
            if (m.matches()) {
                flush();
                cleanHeading(m.group(2) == null ? "" : m.group(2), m.group(1).length());
                return;
            }
            if (!paragraph.isEmpty() && SETEXT.matcher(line).matches()) {
                String text = paragraph.toString();
                paragraph.setLength(0);
                cleanHeading(text, line.strip().charAt(0) == '=' ? 1 : 2);
                return;
            }
            if (THEMATIC.matcher(line).matches()) {
                flush();
                return;
            }
            if (REFERENCE_DEF.matcher(line).matches()
                    || TABLE_RULE.matcher(line).matches()) {
                return;
            }
            String text = QUOTE.matcher(line).replaceFirst("");
            text = LIST_MARK.matcher(text).replaceFirst("");
            if (text.stripLeading().startsWith("|")) {
                text = text.replace('|', ' ');
            }
            append(singleSpaced(inline(text.strip())));
        }

        private void cleanHeading(String raw, int level) {
            newHeading(inline(raw).replaceAll("\\s+", " ").strip(), level == 1);
        }

        private static String unquote(String s) {
            if (s.length() >= 2
                    && (s.charAt(0) == '"' || s.charAt(0) == '\'')
                    && s.charAt(s.length() - 1) == s.charAt(0)) {
                return s.substring(1, s.length() - 1);
            }
            return s;
        }
    }
}
