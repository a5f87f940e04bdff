package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.app.Settings;
import dev.cairn.embed.ModelFolders;
import dev.cairn.embed.ModelSpec;
import dev.cairn.platform.AppDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn models}: list, add a folder (or be told why not), choose, remove. No database is started. */
class ModelsCommandTest {

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.resolve("data").toString();
        return CairnCommand.newCommandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
    }

    @Test
    void listShowsTheShippedModelsAndWhichOneTheLibraryUses() {
        assertThat(run("models", "list")).isZero();

        assertThat(out.toString())
                .containsPattern("\\* all-minilm-l6-v2-q +384  en +shipped")
                .contains("cairn models add FOLDER");
        assertThat(run("models", "list", "--json")).isZero();
        JsonNode json = Json.read(out.toString());
        assertThat(json).hasSize(ModelSpec.all().size());
        assertThat(json.get(0).get("name").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(json.get(0).get("languages").get(0).asText()).isEqualTo("en");
    }

    @Test
    void anAddedModelIsListedChosenAndRemovedOnceAnotherIsChosen() throws Exception {
        Path export = ModelFolders.miniLm(dir.resolve("My MiniLM"));

        assertThat(run("models", "add", export.toString())).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("added my-minilm: 384 dimensions, mean pooling, up to 256 tokens, languages en")
                .contains("copied into " + dir.resolve("data/models/my-minilm"))
                .contains("cairn models use my-minilm");

        assertThat(run("embed", "--json", "--model", "my-minilm", "huts")).isZero();
        assertThat(Json.read(out.toString()).get("model").asText()).startsWith("my-minilm@");

        assertThat(run("models", "use", "my-minilm")).isZero();
        assertThat(out.toString()).contains("This library uses my-minilm (instead of all-minilm-l6-v2-q)");
        assertThat(Settings.load(new AppDirs(dir.resolve("data")).settingsFile())
                        .model()
                        .name())
                .isEqualTo("my-minilm");
        assertThat(run("models", "list", "--json")).isZero();
        JsonNode mine = Json.read(out.toString()).get(ModelSpec.all().size());
        assertThat(mine.get("active").asBoolean()).isTrue();
        assertThat(mine.get("id").asText()).startsWith("my-minilm@");
        assertThat(mine.get("bytes").asLong()).isPositive();

        assertThat(run("models", "remove", "my-minilm")).isEqualTo(2);
        assertThat(err.toString()).contains("my-minilm is the model this library uses. Choose another first");

        assertThat(run("models", "use", "all-minilm-l6-v2-q")).isZero();
        assertThat(run("models", "remove", "my-minilm")).isZero();
        assertThat(out.toString()).containsPattern("removed my-minilm \\([0-9,]+ MB freed\\)");
        assertThat(dir.resolve("data/models/my-minilm")).doesNotExist();
    }

    @Test
    void useWaitSwitchesNowAndReembedsTheLibraryInTheForeground() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(
                docs.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers from June to September.");
        assertThat(run("ingest", docs.toString())).as(err.toString()).isZero();
        assertThat(run(
                        "models",
                        "add",
                        ModelFolders.miniLm(dir.resolve("minilm")).toString()))
                .isZero();

        assertThat(run("models", "use", "minilm", "--wait")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("minilm: every passage has its vector (1)");
    }

    @Test
    void aFolderThatIsNoModelIsRefusedInWordsWithExitCode2() throws Exception {
        Path export = ModelFolders.miniLm(dir.resolve("broken"));
        Files.delete(export.resolve("tokenizer.json"));

        assertThat(run("models", "add", export.toString(), "--name", "broken")).isEqualTo(2);

        assertThat(err.toString()).startsWith("cairn: " + export + " has no tokenizer.json.");
        assertThat(run("models", "use", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown embedding model 'nope'; choose one of: all-minilm-l6-v2");
        assertThat(run("models", "remove", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("no model named 'nope' was added");
    }
}
