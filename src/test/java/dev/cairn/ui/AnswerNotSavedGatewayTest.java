package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.platform.AppDirs;
import dev.cairn.store.SearchScope;
import dev.cairn.store.TestDatabase;
import dev.cairn.ui.ask.AskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Ask page's gateway keeps an answer the database would not store, and says so, instead of failing. */
class AnswerNotSavedGatewayTest {

    @Test
    void anAnswerThatCannotBeStoredReachesThePageWithNoThreadAndANoteInWords(@TempDir Path dir) throws Exception {
        AppDirs dirs = new AppDirs(dir.resolve("data"));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(
                docs.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers from June to September.");
        try (Cairn cairn = Cairn.open(dirs, null)) {
            cairn.pipeline(cairn.ingestOptions())
                    .ingest(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);
            TestDatabase.refuseNewThreads(cairn.database().dataSource()); // a real refusal, as a full disk gives

            AskResult shown = CoreGateways.ask(cairn)
                    .ask(OptionalLong.empty(), "How many walkers sleep in the hut?", SearchScope.ALL, token -> {});

            assertThat(shown.answer()).contains("twelve walkers");
            assertThat(shown.thread()).isNull();
            assertThat(shown.note())
                    .contains(
                            "This answer was not saved in the thread (Could not start a thread: could not extend file: No space left on device)")
                    .doesNotContain("ERROR:")
                    .doesNotContain("PL/pgSQL");
        }
    }
}
