package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Threads kept in the real bundled PostgreSQL: turns in order with their citations, the list, deleting. */
@ResourceLock(TestDatabase.LOCK)
class ThreadsTest {

    private Threads threads;

    private static final ThreadTurn.Citation HUT = new ThreadTurn.Citation(
            1,
            "/docs/huts.txt",
            null,
            null,
            "sleeps twelve walkers",
            "The hut at the pass sleeps twelve walkers. It is open from June to September.",
            0,
            78,
            0.91,
            "");

    private static final ThreadTurn.Citation GUIDE = new ThreadTurn.Citation(
            2,
            "/docs/guide.pdf",
            "Alpine guide",
            7,
            "open from June",
            "The huts open from June.",
            120,
            144,
            0.5,
            "p. 7");

    @BeforeEach
    void noThreads() throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE threads CASCADE");
        }
        threads = new Threads(TestDatabase.dataSource());
    }

    private static ThreadTurn turn(String question, String searchedFor, String answer, ThreadTurn.Citation... cited) {
        return new ThreadTurn(question, searchedFor, answer, "", "", List.of(cited), null);
    }

    @Test
    void aThreadKeepsItsTurnsInOrderWithTheirCitations() {
        ChatThread started = threads.start(
                "How many walkers sleep in the hut?",
                turn("How many walkers sleep in the hut?", null, "Twelve walkers [1].", HUT));
        ChatThread after = threads.append(
                started.id(),
                new ThreadTurn(
                        "And when is it open?",
                        "When is the hut at the pass open?",
                        "From June to September [1][2].",
                        "trail-llm",
                        "",
                        List.of(HUT, GUIDE),
                        null));

        assertThat(started.turns()).isEqualTo(1);
        assertThat(after.turns()).isEqualTo(2);
        assertThat(after.title()).isEqualTo("How many walkers sleep in the hut?");
        assertThat(after.updated()).isAfterOrEqualTo(started.updated());
        List<ThreadTurn> turns = threads.turns(started.id());
        assertThat(turns)
                .extracting(ThreadTurn::question)
                .containsExactly("How many walkers sleep in the hut?", "And when is it open?");
        assertThat(turns.get(0).rewritten()).isFalse();
        assertThat(turns.get(0).searchedFor()).isEqualTo("How many walkers sleep in the hut?");
        assertThat(turns.get(1).rewritten()).isTrue();
        assertThat(turns.get(1).searchedFor()).isEqualTo("When is the hut at the pass open?");
        assertThat(turns.get(1).writer()).isEqualTo("trail-llm");
        assertThat(turns.get(1).citations()).containsExactly(HUT, GUIDE);
        assertThat(turns.get(1).askedAt()).isAfterOrEqualTo(turns.get(0).askedAt());
    }

    @Test
    void theListShowsTheMostRecentlyUsedThreadFirst() {
        ChatThread huts = threads.start("Huts", turn("Huts?", null, "Twelve [1].", HUT));
        ChatThread glaciers = threads.start("Glaciers", turn("Glaciers?", null, ""));
        assertThat(threads.list()).extracting(ChatThread::id).containsExactly(glaciers.id(), huts.id());

        threads.append(huts.id(), turn("And in winter?", null, "Closed."));

        assertThat(threads.list()).extracting(ChatThread::id).containsExactly(huts.id(), glaciers.id());
        assertThat(threads.list().getFirst().turns()).isEqualTo(2);
    }

    @Test
    void deletingAThreadTakesItsTurnsAndCitationsWithIt() throws SQLException {
        ChatThread t = threads.start("Huts", turn("Huts?", null, "Twelve [1].", HUT));

        assertThat(threads.delete(t.id())).isTrue();
        assertThat(threads.delete(t.id())).isFalse();

        assertThat(threads.list()).isEmpty();
        assertThat(threads.turns(t.id())).isEmpty();
        try (Connection c = TestDatabase.dataSource().getConnection();
                Statement st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT (SELECT count(*) FROM thread_turns) + (SELECT count(*) FROM thread_citations)")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void anAnswerForAThreadThatIsGoneSaysSoAndStoresNothing() {
        ChatThread t = threads.start("Huts", turn("Huts?", null, "Twelve."));
        threads.delete(t.id());

        assertThatThrownBy(() -> threads.append(t.id(), turn("And in winter?", null, "Closed.", HUT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("There is no thread " + t.id() + " in this library (it may have been deleted).");
        assertThat(threads.find(t.id())).isEmpty();
    }

    @Test
    void turnsReadWhileOthersAreStoredAreWholeOrAbsent() throws Exception {
        ChatThread thread = threads.start("How many walkers sleep in the hut?", turn("q", "", "a", HUT, GUIDE));
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 40; i++) {
                threads.append(thread.id(), turn("q" + i, "", "a" + i, HUT, GUIDE));
            }
        });
        int reads = 0;
        while (writer.isAlive() || reads == 0) {
            List<ThreadTurn> read = threads.turns(thread.id());
            assertThat(read).allSatisfy(t -> assertThat(t.citations()).hasSize(2));
            reads++;
        }
        writer.join();
        assertThat(threads.turns(thread.id())).hasSize(41);
    }
}
