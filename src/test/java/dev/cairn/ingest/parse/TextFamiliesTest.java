package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reStructuredText, AsciiDoc, Org and source code: titles, section headings and where each block is. */
class TextFamiliesTest extends ParsingTest {

    private Collected parse(String name, String content) throws Exception {
        return Collected.parse(parsers, Files.writeString(dir.resolve(name), content), ParseBudget.defaults());
    }

    @Test
    void restructuredTextUnderlinedTitlesBecomeHeadings() throws Exception {
        Collected c = parse("guide.rst", """
                ==============
                 Cairn Guide
                ==============

                Cairn keeps your documents.

                Installing
                ----------

                Run the installer. See `the site <https://example.org>`_ and ``cairn doctor``.

                .. note:: Back up first.

                .. image:: shot.png

                ----

                Searching
                ---------

                - Type a question::

                    cairn ask "what"
                """);

        assertThat(c.parsed().title()).isEqualTo("Cairn Guide");
        assertThat(c.parsed().mediaType()).isEqualTo("text/x-rst");
        assertThat(blockWith(c, "keeps your documents").heading()).isEqualTo("Cairn Guide");
        Block install = blockWith(c, "Run the installer");
        assertThat(install.heading()).isEqualTo("Installing");
        assertThat(install.text()).contains("See the site and cairn doctor.").doesNotContain("https://", "``");
        assertThat(blockWith(c, "Back up first").heading()).isEqualTo("Installing");
        assertThat(blockWith(c, "Type a question:").heading()).isEqualTo("Searching");
        assertThat(c.text()).doesNotContain("----", "====", "image::", "shot.png");
    }

    @Test
    void asciidocEqualsHeadingsBecomeHeadingsAndListingsStayVerbatim() throws Exception {
        Collected c = parse("manual.adoc", """
                = The Cairn Manual
                :toc:
                :author: Someone

                Preface text with a link:https://example.org[web site] and <<setup,the setup>>.

                == Setup

                [source,java]
                ----
                == not a heading inside a listing
                ----

                ////
                a comment block nobody should find
                ////

                === Details

                * first point
                * second point
                """);

        assertThat(c.parsed().title()).isEqualTo("The Cairn Manual");
        assertThat(c.parsed().mediaType()).isEqualTo("text/asciidoc");
        assertThat(blockWith(c, "Preface text").text()).contains("with a web site and the setup.");
        assertThat(blockWith(c, "not a heading inside a listing").heading()).isEqualTo("Setup");
        assertThat(blockWith(c, "first point").heading()).isEqualTo("Details");
        assertThat(c.text()).doesNotContain("nobody should find", ":toc:", "[source,java]", "----");
    }

    @Test
    void orgStarHeadingsBecomeHeadingsWithoutKeywordsOrTags() throws Exception {
        Collected c = parse("journal.org", """
                #+TITLE: My Journal
                #+STARTUP: overview

                * Monday
                  Met [[https://example.org][the team]] about *search*.
                ** TODO Write the report                                         :work:
                   SCHEDULED: <2026-12-07 Mon>
                   :PROPERTIES:
                   :ID: hidden-property
                   :END:
                   Draft the summary.
                #+BEGIN_SRC sh
                * not a heading in source
                #+END_SRC
                """);

        assertThat(c.parsed().title()).isEqualTo("My Journal");
        assertThat(blockWith(c, "Met the team about search.").heading()).isEqualTo("Monday");
        assertThat(blockWith(c, "Draft the summary.").heading()).isEqualTo("Write the report");
        assertThat(blockWith(c, "not a heading in source").heading()).isEqualTo("Write the report");
        assertThat(c.text()).doesNotContain("hidden-property", "SCHEDULED", "#+", "https://");
    }

    @Test
    void javaBlocksAreCutAtDefinitionsAndNameTheClassTheMethodAndTheLines() throws Exception {
        String source = """
                package demo;

                import java.util.List;

                /** Parses things. */
                public class Parser {

                    private final int limit = 3;

                    /** Reads the input. */
                    @Override
                    public List<String> parse(String input) {
                        if (input.isEmpty()) {
                            return List.of();
                        }
                        return List.of(input);
                    }

                    int count(String s) {
                        return s.length();
                    }
                }
                """;
        Collected c = parse("Parser.java", source);

        assertThat(c.text()).isEqualTo(source);
        assertThat(c.parsed().title()).isEqualTo("Parser.java");
        assertThat(c.parsed().mediaType()).isEqualTo("text/x-java");
        assertThat(blockWith(c, "import java.util.List;").heading()).isEqualTo("Parser.java (lines 1-3)");
        assertThat(blockWith(c, "limit = 3").heading()).isEqualTo("Parser.java: class Parser (lines 5-8)");
        Block parse = blockWith(c, "return List.of(input);");
        assertThat(parse.heading()).isEqualTo("Parser.java: class Parser / parse(...) (lines 10-17)");
        assertThat(parse.text())
                .startsWith("    /** Reads the input. */\n    @Override\n")
                .contains("if (input.isEmpty())");
        assertThat(blockWith(c, "s.length()").heading())
                .isEqualTo("Parser.java: class Parser / count(...) (lines 19-22)");
        for (Block b : c.blocks()) {
            assertThat(b.text()).as("blocks end at line ends").endsWith("\n");
        }
    }

    @Test
    void pythonDefinitionsFollowIndentationAndDecoratorsGoWithTheirFunction() throws Exception {
        Collected c = parse("tool.py", """
                import os


                class Store:
                    def open(self):
                        return 1

                    @property
                    def size(self):
                        return 2


                def main():
                    print(Store().size)


                if __name__ == "__main__":
                    main()
                """);

        assertThat(c.parsed().mediaType()).isEqualTo("text/x-python");
        assertThat(blockWith(c, "return 1").heading()).isEqualTo("tool.py: class Store / open(...) (lines 4-6)");
        Block size = blockWith(c, "return 2");
        assertThat(size.heading()).isEqualTo("tool.py: class Store / size(...) (lines 8-10)");
        assertThat(size.text()).startsWith("    @property");
        assertThat(blockWith(c, "print(Store().size)").heading()).isEqualTo("tool.py: main(...) (lines 13-14)");
        assertThat(blockWith(c, "__main__").heading()).isEqualTo("tool.py (lines 17-18)");
    }

    @Test
    void definitionsAreFoundInOtherLanguagesAndConfigFiles() throws Exception {
        assertThat(blockWith(
                                parse("server.go", "package main\n\nfunc (s *Server) Handle(w int) {\n\treturn\n}\n"),
                                "return")
                        .heading())
                .isEqualTo("server.go: Handle(...) (lines 3-5)");
        assertThat(blockWith(
                                parse(
                                        "lib.rs",
                                        "pub struct Point {\n    x: i32,\n}\n\nimpl Point {\n    pub fn norm(&self) -> i32 {\n        self.x\n    }\n}\n"),
                                "self.x")
                        .heading())
                .isEqualTo("lib.rs: impl Point / norm(...) (lines 5-9)");
        assertThat(blockWith(
                                parse(
                                        "app.ts",
                                        "export class Cart {\n  total(items: Item[]): number {\n    return 0;\n  }\n}\n"),
                                "return 0")
                        .heading())
                .isEqualTo("app.ts: class Cart / total(...) (lines 1-5)");
        assertThat(blockWith(
                                parse(
                                        "schema.sql",
                                        "CREATE TABLE users (\n  id int\n);\n\nINSERT INTO users VALUES (1);\n"),
                                "id int")
                        .heading())
                .isEqualTo("schema.sql: table users (lines 1-3)");
        assertThat(blockWith(parse("app.ini", "[server]\nport = 80\n\nhost = example.org\n"), "host")
                        .heading())
                .isEqualTo("app.ini: [server] (lines 1-4)");
        Collected json =
                parse("package.json", "{\n  \"name\": \"cairn\",\n  \"scripts\": {\n    \"build\": \"make\"\n  }\n}\n");
        assertThat(json.parsed().mediaType()).isEqualTo("application/json");
        assertThat(blockWith(json, "build").heading()).isEqualTo("package.json: scripts (lines 3-6)");
        assertThat(blockWith(parse("ci.yml", "jobs:\n  test:\n    runs-on: linux\n"), "runs-on")
                        .heading())
                .isEqualTo("ci.yml: jobs / test (lines 1-3)");
    }

    @Test
    void longCodeWithoutDefinitionsIsCutAtBlankLinesNearTheTargetSize() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            sb.append("<item id=\"").append(i).append("\">value ").append(i).append("</item>\n");
            if (i % 5 == 0) {
                sb.append('\n');
            }
        }
        Collected c = parse("data.xml", sb.toString());

        assertThat(c.text()).isEqualTo(sb.toString());
        assertThat(c.blocks()).hasSizeGreaterThan(10);
        for (Block b : c.blocks()) {
            assertThat(b.text().length()).isLessThanOrEqualTo(CodeParser.MAX_BLOCK_CHARS + CodeParser.MAX_LINE);
            assertThat(b.text()).endsWith("\n\n");
            assertThat(b.heading()).matches("data\\.xml \\(lines \\d+-\\d+\\)");
        }
        List<String> headings = c.blocks().stream().map(Block::heading).toList();
        assertThat(headings.getFirst()).startsWith("data.xml (lines 1-");
    }
}
