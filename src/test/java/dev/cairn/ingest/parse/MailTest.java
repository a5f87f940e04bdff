package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** E-mail: .eml messages and .mbox mailboxes, their headings, bodies and attachments, and broken mail. */
class MailTest extends ParsingTest {

    private Collected parse(String name, String content) throws Exception {
        return parse(name, content.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), ParseBudget.defaults());
    }

    private Collected parse(String name, byte[] content, ParseBudget budget) throws Exception {
        return Collected.parse(parsers, Files.write(dir.resolve(name), content), budget);
    }

    private static String b64(String text) {
        return Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final String BUDGET = """
            Received: from mail.example.org by mx.example.org; Tue, 3 Nov 2026 09:12:00 +0000
            Message-ID: <1@example.org>
            From: Ana Lima <ana@example.org>
            To: Ben <ben@example.org>
            Subject: Re: Budget
            Date: Tue, 3 Nov 2026 09:12:00 +0000
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            The travel budget is approved for March.

            > Can we spend more on travel?
            > line two
            > line three
            > line four
            > line five is left out
            """;

    @Test
    void aMessageIsHeadedBySubjectSenderRecipientAndDay() throws Exception {
        Collected c = parse("budget.eml", BUDGET);

        assertThat(c.parsed().title()).isEqualTo("Re: Budget");
        assertThat(c.parsed().mediaType()).isEqualTo("message/rfc822");
        Block body = blockWith(c, "travel budget is approved");
        assertThat(body.heading()).isEqualTo("Re: Budget \u2014 Ana Lima to Ben, 2026-11-03");
        assertThat(body.page()).isNull();
        assertThat(c.text()).contains("> Can we spend more on travel?").doesNotContain("line five is left out");
    }

    @Test
    void encodedWordsInHeadersAndTheBodysCharsetAreDecoded() throws Exception {
        byte[] latin = """
                From: =?ISO-8859-1?Q?Jos=E9_Mart=EDnez?= <jose@example.org>
                To: =?UTF-8?B?w4lsb2RpZQ==?= <elodie@example.org>, Carl <c@example.org>
                Subject: =?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_au_lait?=
                Date: 7 Jan 2026 10:00 +0100
                Content-Type: text/plain; charset="iso-8859-1"
                Content-Transfer-Encoding: quoted-printable

                Le caf=E9 est cr=E8me, tr=
                =E8s bon.
                """.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        Collected c = parse("note.eml", latin, ParseBudget.defaults());

        Block body = blockWith(c, "Le café est crème, très bon.");
        assertThat(body.heading()).isEqualTo("Café au lait \u2014 José Martínez to Élodie, Carl, 2026-01-07");

        byte[] raw8bit =
                ("From: a@example.org\r\nSubject: Stra\u00dfe\r\nDate: 1 Feb 2026\r\nContent-Type: text/plain\r\n\r\n"
                                + "Gr\u00fc\u00dfe aus der Stra\u00dfe\r\n")
                        .getBytes(TextEncoding.WINDOWS_1252);
        Collected legacy = parse("legacy.eml", raw8bit, ParseBudget.defaults());
        assertThat(legacy.text()).contains("Grüße aus der Straße");
        assertThat(blockWith(legacy, "Grüße").heading()).isEqualTo("Straße \u2014 a@example.org, 2026-02-01");
    }

    @Test
    void alternativePartsPreferThePlainTextAndHtmlOnlyMailIsReadAsText() throws Exception {
        Collected both = parse("both.eml", """
                From: Ana <ana@example.org>
                Subject: Both
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/plain; charset=utf-8

                Plain words here.
                --b1
                Content-Type: text/html; charset=utf-8

                <p>HTML words here.</p>
                --b1--
                """);
        assertThat(both.text()).contains("Plain words here.").doesNotContain("HTML words");

        Collected html = parse(
                "html.eml", """
                From: Ana <ana@example.org>
                To: Ben <ben@example.org>
                Subject: Only HTML
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: base64

                %s
                --inner--
                --outer--
                """.formatted(b64("<html><head><style>p{color:red}</style></head><body><nav>Menu</nav>"
                        + "<h1>Quarter</h1><p>Sales rose by <b>twelve</b> percent.</p></body></html>")));
        Block body = blockWith(html, "Sales rose by twelve percent.");
        assertThat(body.heading()).isEqualTo("Only HTML \u2014 Ana to Ben");
        assertThat(html.text()).doesNotContain("color:red", "Menu", "<p>");
    }

    @Test
    void aMailboxIsReadMessageByMessageEachCitedByItsNumber() throws Exception {
        String mbox = """
                From ana@example.org Tue Nov  3 09:12:00 2026
                From: Ana Lima <ana@example.org>
                To: Ben <ben@example.org>
                Subject: First
                Date: Tue, 3 Nov 2026 09:12:00 +0000

                Alpha body.
                >From the archive, an escaped line.

                From ben@example.org Wed Nov  4 10:00:00 2026
                From: Ben <ben@example.org>
                To: Ana Lima <ana@example.org>
                Subject: Second
                Content-Type: multipart/mixed; boundary=x

                this part has no end and the boundary never shows

                From carl@example.org Thu Nov  5 11:00:00 2026
                From: Carl <carl@example.org>
                Subject: Third
                Date: Thu, 5 Nov 2026 11:00:00 +0000

                Gamma body.

                From here on, an unescaped line that is no separator.
                """;
        Collected c = parse("Inbox.mbox", mbox.getBytes(StandardCharsets.UTF_8), ParseBudget.defaults());

        assertThat(c.parsed().title()).isEqualTo("Inbox");
        assertThat(c.parsed().pageCount()).isEqualTo(3);
        assertThat(c.parsed().mediaType()).isEqualTo("application/mbox");
        assertThat(blockWith(c, "Alpha body.").page()).isEqualTo(1);
        assertThat(blockWith(c, "Alpha body.").heading()).isEqualTo("First \u2014 Ana Lima to Ben, 2026-11-03");
        assertThat(c.text()).contains("\nFrom the archive, an escaped line.").doesNotContain(">From the archive");
        assertThat(blockWith(c, "this part has no end").page()).isEqualTo(2);
        assertThat(blockWith(c, "Gamma body.").page()).isEqualTo(3);
        assertThat(blockWith(c, "From here on").page()).isEqualTo(3);
        assertThat(blockWith(c, "Gamma body.").heading()).isEqualTo("Third \u2014 Carl, 2026-11-05");
    }

    @Test
    void attachmentsAreHandedOnAsDocumentsOfTheirOwnAndTheMessageNamesThem() throws Exception {
        Path mail = Files.writeString(dir.resolve("report.eml"), """
                From: Ana <ana@example.org>
                To: Ben <ben@example.org>
                Subject: Quarterly report
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="==mix"

                --==mix
                Content-Type: text/plain

                See the attached notes.
                --==mix
                Content-Type: application/octet-stream; name="notes.md"
                Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20notes.md
                Content-Transfer-Encoding: base64

                NOTES
                --==mix
                Content-Type: application/zip; name="bomb.zip"
                Content-Disposition: attachment; filename="bomb.zip"
                Content-Transfer-Encoding: base64

                UEsDBBQAAAAIAAAAIQAAAAAAAAAAAAAAAAAFAAAAYm9tYi4=
                --==mix
                Content-Type: image/png; name="logo.png"
                Content-Disposition: inline; filename="logo.png"
                Content-ID: <logo>
                Content-Transfer-Encoding: base64

                iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==
                --==mix
                Content-Type: application/pdf; name="report.pdf"
                Content-Disposition: attachment; filename="../report.pdf"

                --==mix--
                """.replace(
                        "NOTES", b64("# Findings\n\nThe warehouse in Porto doubled its output.\n"))
                .replace("\n", "\r\n"));
        List<Attachment> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Block> blocks = new java.util.ArrayList<>();
        try {
            ParseOutcome outcome =
                    parsers.parse(mail, ParseBudget.defaults(), blocks::add, Parsers.PageProgress.NONE, handed::add);
            assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
            Collected c = new Collected(outcome, blocks);
            assertThat(c.text())
                    .as("the message says what came with it; their text is theirs")
                    .contains("Attachments: résumé notes.md, bomb.zip, ../report.pdf")
                    .doesNotContain("warehouse in Porto");
            assertThat(handed)
                    .extracting(Attachment::name)
                    .as("the inline logo is left out; a name cannot climb out of its folder")
                    .containsExactly("résumé notes.md", "bomb.zip", ".._report.pdf");
            Attachment notes = handed.getFirst();
            assertThat(Phrase.english(notes.partOf())).isEqualTo("attachment of 'Quarterly report'");
            assertThat(notes.pathIn(mail.toString())).isEqualTo(mail + "#1/résumé notes.md");
            assertThat(Attachment.locate(notes.pathIn(mail.toString())))
                    .contains(new Attachment.Location(mail, 1, "résumé notes.md"));
            assertThat(Files.readString(notes.file())).contains("The warehouse in Porto doubled its output.");
            assertThat(notes.file().getFileName()).hasToString("résumé notes.md");
            Collected read = new Collected(null, new java.util.ArrayList<>());
            assertThat(parsers.parsePart(
                            notes.file(), ParseBudget.defaults(), read.blocks()::add, Parsers.PageProgress.NONE))
                    .isInstanceOf(ParseOutcome.Parsed.class);
            assertThat(read.text()).contains("The warehouse in Porto doubled its output.");
            assertThat(handed.get(1).file()).isNull();
            assertThat(handed.get(1).notRead())
                    .as("a zip archive is not read, and says so")
                    .isNotBlank();
            assertThat(handed.get(2).notRead()).as("an empty PDF").isNotBlank();
        } finally {
            for (Attachment a : handed) {
                a.discard();
            }
        }
        assertThat(handed.getFirst().file()).doesNotExist();
        assertThat(handed.getFirst().file().getParent()).doesNotExist();
    }

    @Test
    void partsAttachedWithoutANameAreHandedOnUnderANameMadeForThem() throws Exception {
        Path mail = Files.writeString(dir.resolve("fwd.eml"), """
                From: Ben <ben@example.org>
                Subject: Two forwarded
                Content-Type: multipart/mixed; boundary=f

                --f
                Content-Type: text/plain

                Both attached.
                --f
                Content-Type: message/rfc822
                Content-Disposition: attachment

                From: Carl <carl@example.org>
                Subject: Plans for the: hut/roof
                Content-Type: text/plain

                The roof is mended in May.
                --f
                Content-Type: message/rfc822
                Content-Disposition: attachment

                From: Dana <dana@example.org>
                Content-Type: text/plain

                No subject here.
                --f
                Content-Type: text/plain
                Content-Disposition: attachment

                A loose note.
                --f--
                """.replace("\n", "\r\n"));
        List<Attachment> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Block> blocks = new java.util.ArrayList<>();
        try {
            ParseOutcome outcome =
                    parsers.parse(mail, ParseBudget.defaults(), blocks::add, Parsers.PageProgress.NONE, handed::add);
            Collected c = new Collected(outcome, blocks);
            assertThat(handed)
                    .extracting(Attachment::name)
                    .as("an attached message is named by its subject; other parts say they had no name")
                    .containsExactly("Plans for the: hut_roof.eml", "attached message.eml", "unnamed attachment.txt");
            assertThat(c.text())
                    .contains("Attachments: Plans for the: hut/roof.eml, attached message.eml, unnamed attachment.txt")
                    .doesNotContain("The roof is mended in May.");
            Collected read = new Collected(null, new java.util.ArrayList<>());
            assertThat(parsers.parsePart(
                            handed.getFirst().file(),
                            ParseBudget.defaults(),
                            read.blocks()::add,
                            Parsers.PageProgress.NONE))
                    .as("read as a message of its own")
                    .isInstanceOfSatisfying(
                            ParseOutcome.Parsed.class,
                            p -> assertThat(p.mediaType()).isEqualTo("message/rfc822"));
            assertThat(read.text()).contains("The roof is mended in May.");
        } finally {
            for (Attachment a : handed) {
                a.discard();
            }
        }
    }

    @Test
    void brokenMailGivesWhatCanBeRead() throws Exception {
        Collected truncated =
                parse("truncated.eml", """
                From: Ana <ana@example.org>
                Subject: Cut short
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain; charset=no-such-charset

                Written before the cut.
                --b
                Content-Type: text/plain
                Content-Transfer-Encoding: base64

                %s!!@@ not base64 at all ===
                """.formatted(b64("Half of a base64 bo").substring(0, 22)));
        assertThat(truncated.text()).contains("Written before the cut.", "Half of a base64");

        Collected noBoundary = parse("noboundary.eml", """
                From: Ana <ana@example.org>
                Subject: No boundary
                Content-Type: multipart/mixed

                Words of a multipart without a boundary.
                """);
        assertThat(noBoundary.text()).contains("Words of a multipart without a boundary.");

        Collected forwarded = parse("fwd.eml", """
                From: Ben <ben@example.org>
                Subject: Fwd: Plans
                Content-Type: multipart/mixed; boundary=f

                --f
                Content-Type: text/plain

                Passing this on.
                --f
                Content-Type: message/rfc822

                From: Carl <carl@example.org>
                Subject: Plans
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                %s
                --f--
                """.formatted(b64("The plans are on the shared drive.")));
        assertThat(forwarded.text())
                .contains(
                        "Passing this on.",
                        "Forwarded message: Plans \u2014 Carl",
                        "The plans are on the shared drive.");
    }

    @Test
    void emptyMailIsRefusedInWords() throws Exception {
        Collected empty = parse("empty.eml", new byte[0], ParseBudget.defaults());
        assertThat(empty.failed().reason()).isEqualTo(FailureReason.EMPTY);

        Collected headersOnly = parse("headers.eml", "From: a@example.org\nTo: b@example.org\nSubject: \n\n");
        assertThat(headersOnly.parsed().blocks()).isPositive(); // the heading alone: "(no subject) — a to b"
    }

    @Test
    void hugeLinesDeepNestingAndOversizedMessagesStayWithinTheBudget() throws Exception {
        StringBuilder nested = new StringBuilder("From: a@example.org\r\nSubject: Nest\r\n");
        for (int i = 0; i < 5000; i++) {
            nested.append("Content-Type: multipart/mixed; boundary=n")
                    .append(i)
                    .append("\r\n\r\n--n")
                    .append(i)
                    .append("\r\n");
        }
        nested.append("Content-Type: text/plain\r\n\r\ndeep inside\r\n");
        Collected bomb =
                parse("nest.eml", nested.toString().getBytes(StandardCharsets.US_ASCII), ParseBudget.defaults());
        assertThat(bomb.parsed().title()).isEqualTo("Nest");
        assertThat(bomb.text()).doesNotContain("deep inside");

        String longLine = "word ".repeat(400_000); // 2 MB on one line
        Collected huge = parse("huge.eml", "From: a@example.org\nSubject: Long\n\n" + longLine + "\n");
        assertThat(huge.blocks()).allMatch(b -> b.text().length() <= TextParser.MAX_BLOCK_CHARS + 2);
        assertThat(huge.parsed().chars()).isGreaterThan(1_900_000);

        // One message over the per-message limit is read as far as the limit; the next one is whole.
        String mbox = "From a@example.org Tue Nov  3 09:12:00 2026\nSubject: Big\n\nStart of big.\n"
                + "filler line\n".repeat(20_000)
                + "\nFrom b@example.org Tue Nov  3 09:13:00 2026\nSubject: Small\n\nSmall body.\n";
        Collected capped = parse(
                "capped.mbox",
                mbox.getBytes(StandardCharsets.US_ASCII),
                ParseBudget.defaults().withMaxMarkupBytes(64 * 1024));
        assertThat(capped.parsed().pageCount()).isEqualTo(2);
        assertThat(blockWith(capped, "Start of big.").page()).isEqualTo(1);
        assertThat(blockWith(capped, "Small body.").page()).isEqualTo(2);
        assertThat(capped.parsed().chars()).isLessThan(70 * 1024);
    }

    @Test
    void mailIsToldFromOtherTextByItsContent() throws Exception {
        Path note = Files.writeString(dir.resolve("note.txt"), "From the author: a note.\nNothing else.\n");
        Path saved = Files.writeString(dir.resolve("saved.txt"), BUDGET);
        Path mbox = Files.writeString(
                dir.resolve("archive"), "From a@example.org Tue Nov  3 09:12:00 2026\nSubject: x\n\nBody\n");

        assertThat(List.of(
                        ContentSniffer.sniff(note, ParseBudget.defaults()).kind(),
                        ContentSniffer.sniff(saved, ParseBudget.defaults()).kind(),
                        ContentSniffer.sniff(mbox, ParseBudget.defaults()).kind()))
                .containsExactly(Sniffed.Kind.TEXT, Sniffed.Kind.EML, Sniffed.Kind.MBOX);
    }
}
