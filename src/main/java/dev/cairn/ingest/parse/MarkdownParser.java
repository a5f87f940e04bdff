package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
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

    private static final int MAX_LINE = 16 * 1024;
    /** Inline clean-up uses regexes; on absurdly long lines only the cheap ones run. */
    private static final int MAX_REGEX_LINE = 4 * 1024;

    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,}).*$");
    private static final Pattern SETEXT_1 = Pattern.compile("^ {0,3}=+[ \\t]*$");
    private static final Pattern SETEXT_2 = Pattern.compile("^ {0,3}-+[ \\t]*$");
    private static final Pattern THEMATIC = Pattern.compile("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern REFERENCE_DEF = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*\\S+.*$");
    private static final Pattern TABLE_RULE =
            Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");
    private static final Pattern QUOTE = Pattern.compile("^(\\s{0,3}>\\s?)+");
    private static final Pattern LIST_MARK = Pattern.compile("^\\s*(?:[-*+]|\\d{1,9}[.)])\\s+(?:\\[[ xX]\\]\\s+)?");

    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\((?:[^()]|\\([^)]*\\))*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\((?:[^()]|\\([^)]*\\))*\\)");
    private static final Pattern REF_LINK = Pattern.compile("\\[([^\\]]+)\\]\\[[^\\]]*\\]");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|ftp|mailto):[^>\\s]+)>");
    private static final Pattern HTML_COMMENT = Pattern.compile("<!--.*?-->");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9-]*(?:\\s[^<>]*)?/?>");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
    private static final Pattern EM_STAR = Pattern.compile("(?<![\\w*])\\*(?=\\S)([^*]+?)(?<=\\S)\\*(?![\\w*])");
    private static final Pattern EM_UNDERSCORE = Pattern.compile("(?<![\\w_])_(?=\\S)([^_]+?)(?<=\\S)_(?![\\w_])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
    private static final Pattern ESCAPE = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>~<])");

    @Override
    public Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out)
            throws IOException, DocumentException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(sniffed.bomLength());
            var reader = new InputStreamReader(
                    in,
                    sniffed.charset()
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE));
            State state = new State(out, FormatParser.titleFromFileName(file));
            LineReader lines = new LineReader(reader, MAX_LINE);
            String line;
            long count = 0;
            while ((line = lines.next()) != null) {
                state.accept(line);
                if ((++count & 1023) == 0) {
                    out.checkpoint();
                }
            }
            state.flush();
            return new Info(state.title, 0);
        }
    }

    /** Cleans inline markup from one line of text: the words stay, the markup goes. */
    static String inline(String line) {
        String s = line;
        if (s.length() <= MAX_REGEX_LINE) {
            s = HTML_COMMENT.matcher(s).replaceAll("");
            s = IMAGE.matcher(s).replaceAll("$1");
            s = LINK.matcher(s).replaceAll("$1");
            s = REF_LINK.matcher(s).replaceAll("$1");
            s = AUTOLINK.matcher(s).replaceAll("$1");
            s = HTML_TAG.matcher(s).replaceAll("");
            s = CODE_SPAN.matcher(s).replaceAll("$2");
            s = STRONG.matcher(s).replaceAll("$2");
            s = EM_STAR.matcher(s).replaceAll("$1");
            s = EM_UNDERSCORE.matcher(s).replaceAll("$1");
            s = STRIKE.matcher(s).replaceAll("$1");
            s = ESCAPE.matcher(s).replaceAll("$1");
        }
        return s;
    }

    private static final class State {
        private final BlockEmitter out;
        private final String fileTitle;
        private final StringBuilder paragraph = new StringBuilder();
        String title;
        private String heading;
        private boolean firstLine = true;
        private boolean inFrontMatter;
        private String fence;

        State(BlockEmitter out, String fileTitle) {
            this.out = out;
            this.fileTitle = fileTitle;
            this.title = fileTitle;
        }

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
                newHeading(m.group(2) == null ? "" : m.group(2), m.group(1).length());
                return;
            }
            if (!paragraph.isEmpty()
                    && (SETEXT_1.matcher(line).matches()
                            || SETEXT_2.matcher(line).matches())) {
                String text = paragraph.toString();
                paragraph.setLength(0);
                newHeading(text, line.strip().charAt(0) == '=' ? 1 : 2);
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
            append(SPACES.matcher(inline(text.strip()))
                    .replaceAll(" ")); // prose spacing is not significant in Markdown
        }

        private void newHeading(String raw, int level) {
            String text = inline(raw).replaceAll("\\s+", " ").strip();
            if (text.isEmpty()) {
                return;
            }
            heading = text;
            if (level == 1 && title.equals(fileTitle)) {
                title = text;
            }
        }

        private void append(String text) throws DocumentException {
            if (!paragraph.isEmpty()) {
                paragraph.append('\n');
            }
            paragraph.append(text);
            if (paragraph.length() >= TextParser.MAX_BLOCK_CHARS) {
                flush();
            }
        }

        void flush() throws DocumentException {
            if (!paragraph.isEmpty()) {
                out.emitParagraph(paragraph.toString(), heading == null ? title : heading, null);
                paragraph.setLength(0);
            }
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
