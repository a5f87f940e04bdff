package dev.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ingest.parse.TestMail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn ingest --json} on the real stack lists an e-mail's attachments with the message they came with. */
class IngestCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path docs;

    @Test
    void theJsonListsEachAttachmentWithItsParentIncludingAMessageAttachedWithoutAName() throws Exception {
        String forwarded = """
                From: Carl <carl@example.org>
                Subject: Hut roof
                Content-Type: text/plain

                The roof of the hut is mended in May.
                """;
        // A message attached without a file name, as mail programs forward one "as attachment".
        String message = TestMail.message(
                        "Hut news", "Two things attached.", Map.of("zip.zip", new byte[] {'P', 'K', 3, 4, 0}))
                .replace(
                        "--==part--\r\n",
                        ("--==part\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n" + forwarded
                                        + "--==part--\n")
                                .replace("\n", "\r\n"));
        Path mail = Files.writeString(docs.resolve("hut.eml"), message, UTF_8);

        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(captured, true, UTF_8)) {
            System.setOut(out);
            rc = CairnCommand.newCommandLine()
                    .setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(new StringWriter()))
                    .execute("ingest", "--json", "--data-dir", home.toString(), docs.toString());
        } finally {
            System.setOut(before);
        }
        assertThat(rc).isZero();
        JsonNode json = new ObjectMapper().readTree(captured.toString(UTF_8));
        assertThat(json.get("indexed").asInt()).isEqualTo(1);
        JsonNode index = json.get("vector_index");
        assertThat(index.get("outcome").asText())
                .as("a few chunks keep the exact scan")
                .isEqualTo("kept");
        assertThat(index.get("index").asText()).isEqualTo("exact scan (no index)");
        List<String> attachments = new ArrayList<>();
        for (JsonNode a : json.get("attachments")) {
            assertThat(a.get("parent").asText()).isEqualTo(mail.toString());
            assertThat(a.get("part_of").asText()).isEqualTo("attachment of 'Hut news'");
            attachments.add(a.get("path").asText().substring(mail.toString().length()) + " "
                    + a.get("status").asText());
        }
        assertThat(attachments).containsExactlyInAnyOrder("#1/zip.zip failed", "#1/Hut roof.eml indexed");
        for (JsonNode a : json.get("attachments")) {
            if (a.get("status").asText().equals("failed")) {
                assertThat(a.get("reason").asText()).as("said in words").isNotBlank();
            } else {
                assertThat(a.get("chunks").asInt()).isPositive();
            }
        }
    }
}
