package dev.cairn.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A light markup file (Markdown, reStructuredText, AsciiDoc, Org) streamed line by line into
 * paragraphs under the latest heading: what {@link MarkdownParser} and {@link LightMarkupParser}
 * share. A subclass reads each line; this class streams the file, gathers the paragraph and
 * emits it, so a file of any size passes through.
 */
abstract class LineMarkup {

    private static final int MAX_LINE = 16 * 1024;
    /** Inline clean-up uses regexes; on absurdly long lines only the cheap ones run. */
    static final int MAX_REGEX_LINE = 4 * 1024;

    private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");

    /** One rewrite of inline markup: every match of the pattern replaced. */
    private record Rewrite(Pattern pattern, String replacement) {
        Rewrite(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }

    /** Markdown's inline markup (and HTML's), in the order it comes off. */
    private static final List<Rewrite> INLINE = List.of(
            new Rewrite("<!--.*?-->", ""), // HTML comments
            new Rewrite("!\\[([^\\]]*)\\]\\((?:[^()]|\\([^)]*\\))*\\)", "$1"), // an image: its alt text
            new Rewrite("\\[([^\\]]+)\\]\\((?:[^()]|\\([^)]*\\))*\\)", "$1"), // a link: its text
            new Rewrite("\\[([^\\]]+)\\]\\[[^\\]]*\\]", "$1"), // a reference link: its text
            new Rewrite("<((?:https?|ftp|mailto):[^>\\s]+)>", "$1"), // an autolink: the address
            new Rewrite("</?[a-zA-Z][a-zA-Z0-9-]*(?:\\s[^<>]*)?/?>", ""), // HTML tags
            new Rewrite("(`+)(.+?)\\1", "$2"), // code spans: the code
            new Rewrite("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1", "$2"), // strong emphasis
            new Rewrite("(?<![\\w*])\\*(?=\\S)([^*]+?)(?<=\\S)\\*(?![\\w*])", "$1"), // emphasis with stars
            new Rewrite("(?<![\\w_])_(?=\\S)([^_]+?)(?<=\\S)_(?![\\w_])", "$1"), // emphasis with underscores
            new Rewrite("~~(?=\\S)(.+?)(?<=\\S)~~", "$1"), // strikethrough
            new Rewrite("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>~<])", "$1") // backslash escapes
            );

    final BlockEmitter out;
    final String fileTitle;
    final StringBuilder paragraph = new StringBuilder();
    String title;
    String heading;

    LineMarkup(BlockEmitter out, String fileTitle) {
        this.out = out;
        this.fileTitle = fileTitle;
        this.title = fileTitle;
    }

    /** Cleans inline markup from one line of text: the words stay, the markup goes. */
    static String inline(String line) {
        String s = line;
        if (s.length() <= MAX_REGEX_LINE) {
            for (Rewrite r : INLINE) {
                s = r.pattern().matcher(s).replaceAll(r.replacement());
            }
        }
        return s;
    }

    /** Runs of spaces and tabs as one space: prose spacing is not significant in light markup. */
    static String singleSpaced(String s) {
        return SPACES.matcher(s).replaceAll(" ");
    }

    /** Streams the file through {@link #accept}, line by line; the title is the file's, or its name. */
    final FormatParser.Info read(Path file, Sniffed sniffed) throws IOException, DocumentException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(sniffed.bomLength());
            var reader = new InputStreamReader(
                    in,
                    sniffed.charset()
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE));
            LineReader lines = new LineReader(reader, MAX_LINE);
            String line;
            long count = 0;
            while ((line = lines.next()) != null) {
                accept(line);
                if ((++count & 1023) == 0) {
                    out.checkpoint();
                }
            }
            flush();
            return new FormatParser.Info(title, 0);
        }
    }

    /** One line of the file, its terminator dropped. */
    abstract void accept(String line) throws DocumentException;

    /**
     * A heading's text, markup cleaned, names the text under it; a top-level one is also the
     * document's title unless the file named one before. An empty heading changes nothing.
     */
    final void newHeading(String text, boolean documentTitle) {
        if (text.isEmpty()) {
            return;
        }
        heading = text;
        if (documentTitle && title.equals(fileTitle)) {
            title = text;
        }
    }

    /** Adds a line to the paragraph; one grown too long is emitted as it stands. */
    void append(String text) throws DocumentException {
        if (!paragraph.isEmpty()) {
            paragraph.append('\n');
        }
        paragraph.append(text);
        if (paragraph.length() >= TextParser.MAX_BLOCK_CHARS) {
            flush();
        }
    }

    /** Emits the paragraph gathered so far, under the latest heading (or the title). */
    void flush() throws DocumentException {
        if (!paragraph.isEmpty()) {
            out.emitParagraph(paragraph.toString(), heading == null ? title : heading, null);
            paragraph.setLength(0);
        }
    }
}
