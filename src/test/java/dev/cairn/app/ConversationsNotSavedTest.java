package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.Phrase;
import dev.cairn.search.ChatGenerator;
import dev.cairn.search.Searcher;
import dev.cairn.store.SearchScope;
import dev.cairn.store.TestDatabase;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An answer the database would not store is not lost: it comes back, and says in words that it was not saved. */
class ConversationsNotSavedTest {

    @Test
    void anAnswerThatCannotBeStoredIsKeptAndSaysSo(@TempDir Path dir) throws Exception {
        TwoDocumentLibrary library = TwoDocumentLibrary.indexedUnder(dir);
        try (Cairn cairn = Cairn.open(library.dirs, null)) {
            TestDatabase.refuseNewThreads(cairn.database().dataSource()); // a real refusal, as a full disk gives
            Conversations.Reply reply = cairn.conversations()
                    .ask(
                            OptionalLong.empty(),
                            "How many walkers sleep in the hut?",
                            new Conversations.Asking(
                                    SearchScope.ALL,
                                    3,
                                    Searcher.Mode.HYBRID,
                                    Optional.empty(),
                                    ChatGenerator.Options.DEFAULT,
                                    true),
                            token -> {});

            assertThat(reply.answer().text()).contains("twelve walkers");
            assertThat(reply.thread()).isNull();
            assertThat(Phrase.english(reply.notSaved()))
                    .startsWith("This answer was not saved in the thread")
                    .contains("No space left on device");
            assertThat(cairn.conversations().list()).isEmpty();
        }
    }
}
