package dev.cairn.ui.ask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.app.Conversations;
import dev.cairn.app.Settings;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.search.ChatGenerator;
import dev.cairn.search.FakeChatServer;
import dev.cairn.search.Searcher;
import dev.cairn.store.SearchScope;
import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Conversations on the Ask page, on the real window and core: a follow-up in a thread is rewritten
 * by the language model (an OpenAI-compatible server on this machine) before retrieval and answered
 * with the earlier turn; a new thread starts with Ctrl+N; without a model a follow-up is searched as
 * written and the page says so; switching threads brings each back, and so does a restart.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AskThreadsDesktopTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    private static final String HUT_QUESTION = "How many walkers sleep in the hut?";
    private static final String GLACIER_QUESTION =
            "Why do walkers rope up when they cross a glacier, even on a path that many have walked before?";

    @Test
    @Order(1)
    void aFollowUpIsReadWithItsThreadAndThreadsSwitchBackAndForth(FxRobot robot, TestWindow window) throws Exception {
        indexHutsAndGlaciers();
        AskViewModel ask = window.viewModel.ask();
        try (FakeChatServer model = new FakeChatServer(FakeChatServer.InTurn.of(
                FakeChatServer.Stream.of("The hut sleeps ", "twelve walkers [1]."),
                new FakeChatServer.Whole("When is the hut at the pass open?"),
                FakeChatServer.Stream.of("It is open from June ", "to September [1].")))) {
            robot.interact(() -> {
                window.viewModel.settings().llmEndpointProperty().set(model.baseUrl());
                window.viewModel.settings().llmModelProperty().set("trail-llm");
                assertThat(window.viewModel.settings().save()).isTrue();
                window.viewModel.pageProperty().set(Page.ASK);
            });
            AskView view = askView(robot);
            // The first question typed and sent with Enter.
            CountDownLatch first = whenIdle(robot, ask);
            robot.clickOn(view.questionField()).write(HUT_QUESTION).type(KeyCode.ENTER);
            assertThat(first.await(120, TimeUnit.SECONDS)).isTrue();
            ask(robot, ask, "And when is it open?");

            assertThat(ask.earlier()).extracting(TurnItem::question).containsExactly(HUT_QUESTION);
            assertThat(ask.earlier().getFirst().result().answer()).isEqualTo("The hut sleeps twelve walkers [1].");
            assertThat(ask.askedProperty().get()).isEqualTo("And when is it open?");
            assertThat(ask.answerProperty().get()).isEqualTo("It is open from June to September [1].");
            assertThat(ask.citations())
                    .extracting(c -> c.source().getFileName().toString())
                    .containsExactly("huts.txt");
            assertThat(view.searchedFor().getText()).isEqualTo("Searched for: When is the hut at the pass open?");
            assertThat(view.searchedFor().isVisible()).isTrue();
            assertThat(view.questionField().getText())
                    .as("ready for the next question")
                    .isEmpty();
            // The rewrite went with the conversation; the answer's request carried the earlier turn.
            List<FakeChatServer.Request> requests = model.requests();
            assertThat(requests).hasSize(3);
            assertThat(requests.get(1).body().toString()).contains("Follow-up question: And when is it open?");
            JsonNode messages = requests.get(2).body().get("messages");
            assertThat(messages.get(1).get("content").asText()).isEqualTo(HUT_QUESTION);
            assertThat(messages.get(2).get("content").asText()).isEqualTo("The hut sleeps twelve walkers.");
            assertThat(ask.threads()).extracting(ThreadItem::title).containsExactly(HUT_QUESTION);
            robot.interact(() -> Screenshots.save(window.view.getScene(), "ask-thread"));
        }

        // A new thread from the keyboard; no model now: a follow-up is searched as written, and the page says so.
        robot.interact(() -> {
            window.viewModel.settings().llmEndpointProperty().set("");
            assertThat(window.viewModel.settings().save()).isTrue();
        });
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        AskView view = askView(robot);
        assertThat(ask.threadProperty().get()).isNull();
        assertThat(ask.earlier()).isEmpty();
        assertThat(ask.answerProperty().get()).isEmpty();
        assertThat(view.questionField().isFocused()).isTrue();
        ask(robot, ask, GLACIER_QUESTION);
        ask(robot, ask, "And what can hide the crevasses?");
        assertThat(ask.hintProperty().get()).isEqualTo(AskViewModel.followUpsNeedAModel());
        assertThat(ask.searchedForProperty().get()).isEmpty();
        assertThat(ask.threads()).extracting(ThreadItem::title).containsExactly(GLACIER_QUESTION, HUT_QUESTION);
        robot.interact(() -> {
            window.viewModel.settings().themeProperty().set(Settings.Theme.DARK);
            Screenshots.save(window.view.getScene(), "ask-thread-no-model-dark");
            window.viewModel.settings().themeProperty().set(Settings.Theme.LIGHT);
        });

        // Back to the first thread: its questions and answers, and what the follow-up searched for.
        robot.clickOn(HUT_QUESTION);
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> ask.askedProperty().get().equals("And when is it open?"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ask.earlier()).extracting(TurnItem::question).containsExactly(HUT_QUESTION);
        assertThat(ask.answerProperty().get()).isEqualTo("It is open from June to September [1].");
        assertThat(ask.searchedForProperty().get()).isEqualTo("When is the hut at the pass open?");
        assertThat(ask.writerProperty().get()).isEqualTo("trail-llm");
        assertThat(ask.citations()).isNotEmpty();
    }

    @Test
    @Order(2)
    void afterARestartTheThreadsAreThereAndOneCanBeDeleted(FxRobot robot, TestWindow window) throws Exception {
        robot.interact(() -> window.viewModel.pageProperty().set(Page.ASK));
        AskViewModel ask = window.viewModel.ask();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ask.threads().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ask.threads()).extracting(ThreadItem::title).containsExactly(GLACIER_QUESTION, HUT_QUESTION);

        // From the keyboard: in the list, End chooses the oldest thread, and it opens.
        AskView view = askView(robot);
        robot.interact(() -> view.threadList().requestFocus());
        robot.type(KeyCode.END);
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> ask.askedProperty().get().equals("And when is it open?"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ask.earlier()).extracting(TurnItem::question).containsExactly(HUT_QUESTION);
        assertThat(askView(robot).searchedFor().getText()).isEqualTo("Searched for: When is the hut at the pass open?");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "ask-thread-restored"));

        // Delete, asked first: the open thread goes, and a new one takes its place.
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane confirm = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(confirm.getHeaderText()).isEqualTo("Delete the thread “" + HUT_QUESTION + "”?");
        robot.interact(() -> Screenshots.save(confirm.getScene(), "ask-thread-delete-confirm"));
        Button delete = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals("Delete"))
                .findFirst()
                .orElseThrow();
        robot.clickOn(delete);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ask.threads().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ask.threads()).extracting(ThreadItem::title).containsExactly(GLACIER_QUESTION);
        assertThat(ask.threadProperty().get()).isNull();
        assertThat(ask.earlier()).isEmpty();
        assertThat(core.cairn().threads().list()).hasSize(1);

        // A thread started elsewhere (as `cairn ask` would) is listed when the page is shown again.
        core.cairn()
                .conversations()
                .ask(
                        OptionalLong.empty(),
                        "Who takes the bookings?",
                        new Conversations.Asking(
                                SearchScope.ALL,
                                8,
                                Searcher.Mode.HYBRID,
                                Optional.empty(),
                                ChatGenerator.Options.DEFAULT,
                                false),
                        token -> {});
        robot.interact(() -> window.viewModel.pageProperty().set(Page.LIBRARY));
        robot.interact(() -> window.viewModel.pageProperty().set(Page.ASK));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ask.threads().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ask.threads())
                .extracting(ThreadItem::title)
                .containsExactly("Who takes the bookings?", GLACIER_QUESTION);
    }

    private static AskView askView(FxRobot robot) {
        return robot.lookup(".ask-page").queryAs(AskView.class);
    }

    private static void indexHutsAndGlaciers() throws Exception {
        Files.writeString(core.documents().resolve("huts.txt"), """
                The hut at the pass sleeps twelve walkers. It is open from June to September.

                Bookings are made by telephone with the warden, who lives in the valley.
                """);
        Files.writeString(core.documents().resolve("glaciers.md"), """
                # Glaciers

                Glaciers move slowly downhill under their own weight. Walkers on a glacier rope up,
                because snow bridges can hide crevasses.
                """);
        core.cairn()
                .pipeline(core.cairn().ingestOptions())
                .ingest(List.of(core.documents()), false, new IngestControl(), IngestPipeline.Listener.NONE);
    }

    /** Asks {@code question} in the open thread and waits for the answer. */
    private static void ask(FxRobot robot, AskViewModel ask, String question) throws InterruptedException {
        CountDownLatch done = whenIdle(robot, ask);
        robot.interact(() -> {
            ask.questionProperty().set(question);
            ask.ask();
        });
        assertThat(done.await(120, TimeUnit.SECONDS))
                .as("answered: " + question)
                .isTrue();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens when the next ask finishes (busy goes from true back to false). */
    private static CountDownLatch whenIdle(FxRobot robot, AskViewModel ask) {
        CountDownLatch latch = new CountDownLatch(1);
        robot.interact(() -> ask.busyProperty().addListener((obs, was, busy) -> {
            if (was && !busy) {
                latch.countDown();
            }
        }));
        return latch;
    }
}
