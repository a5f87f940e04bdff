package dev.cairn.ui.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.search.FakeChatServer;
import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * With a language model endpoint in the settings, the Ask page streams the model's answer into the
 * window as it is written, with its citations; when the model can't be reached, the answer found in
 * the documents is shown with a note that says so. The real window and core; an OpenAI-compatible
 * server on this machine stands in for the model.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class AskWithLanguageModelTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void theModelsAnswerStreamsInWithCitationsAndAnUnreachableModelFallsBackToThePassages(
            FxRobot robot, TestWindow window) throws Exception {
        Files.writeString(core.documents().resolve("huts.txt"), """
                The hut at the pass sleeps twelve walkers. It is open from June to September.
                """);
        Path glaciers = indexWithGlaciers();
        AskViewModel ask = window.viewModel.ask();

        CountDownLatch release = new CountDownLatch(1); // the model holds back the rest until the test has looked
        FakeChatServer.Stream stream = new FakeChatServer.Stream(
                List.of("Walkers rope up", " on a glacier"),
                release,
                List.of(" because snow bridges", " can hide crevasses [1]."));
        try (FakeChatServer model = new FakeChatServer(stream)) {
            CountDownLatch done = whenIdle(robot, ask);
            CountDownLatch firstTokensShown = askWithTheModel(robot, window, model, ask);
            assertThat(firstTokensShown.await(120, TimeUnit.SECONDS))
                    .as("the first tokens in the window")
                    .isTrue();
            // Still writing: the answer so far is on screen while the model has more to say.
            robot.interact(() -> {
                assertThat(ask.busyProperty().get()).isTrue();
                window.viewModel.statusBar().refresh();
                Screenshots.save(window.view.getScene(), "ask-llm-streaming");
            });
            release.countDown();

            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(ask.answerProperty().get())
                    .isEqualTo("Walkers rope up on a glacier because snow bridges can hide crevasses [1].");
            assertThat(ask.citations()).extracting(CitationItem::source).containsExactly(glaciers);
            assertThat(ask.writerProperty().get()).isEqualTo("trail-llm");
            assertThat(ask.noteProperty().get()).isEmpty();
            assertThat(model.requests().getFirst().body().get("model").asText()).isEqualTo("trail-llm");
            robot.interact(() -> {
                window.viewModel.statusBar().refresh();
                Screenshots.save(window.view.getScene(), "ask-llm-answer");
            });
        }

        // The model's server is gone: the answer comes from the documents, and the page says why.
        int nobody = FakeChatServer.closedPort();
        CountDownLatch fellBack = whenIdle(robot, ask);
        robot.interact(() -> {
            window.viewModel.settings().llmEndpointProperty().set("http://127.0.0.1:" + nobody);
            assertThat(window.viewModel.settings().save()).isTrue();
            ask.questionProperty().set("Why do walkers rope up on a glacier?"); // asking emptied the field
            ask.ask();
        });
        assertThat(fellBack.await(60, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ask.answerProperty().get()).contains("rope up").contains("[1]");
        assertThat(ask.citations()).extracting(CitationItem::source).contains(glaciers);
        assertThat(ask.writerProperty().get()).isEmpty();
        assertThat(ask.noteProperty().get())
                .startsWith("The language model did not answer")
                .contains(Integer.toString(nobody));
        robot.interact(() -> {
            window.viewModel.statusBar().refresh();
            Screenshots.save(window.view.getScene(), "ask-llm-unreachable");
        });
    }

    @Test
    void stoppingAnAnswerBeingWrittenKeepsWhatWasWrittenMarkedUnfinishedAndTakesNoMore(FxRobot robot, TestWindow window)
            throws Exception {
        indexWithGlaciers();
        AskViewModel ask = window.viewModel.ask();

        CountDownLatch release = new CountDownLatch(1);
        FakeChatServer.Stream stream = new FakeChatServer.Stream(
                List.of("Walkers rope up", " on a glacier"), release, List.of(" because of", " hidden crevasses [1]."));
        try (FakeChatServer model = new FakeChatServer(stream)) {
            CountDownLatch stopped = whenIdle(robot, ask);
            CountDownLatch firstTokensShown = askWithTheModel(robot, window, model, ask);
            assertThat(firstTokensShown.await(120, TimeUnit.SECONDS))
                    .as("the first tokens in the window")
                    .isTrue();
            robot.clickOn("Stop");
            assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
            release.countDown(); // the model would go on; nothing more may reach the page
            WaitForAsyncUtils.waitForFxEvents();

            assertThat(ask.answerProperty().get()).isEqualTo("Walkers rope up on a glacier");
            assertThat(ask.hintProperty().get()).isEqualTo("Stopped: the answer above is unfinished.");
            assertThat(robot.lookup(".ask-bar .button").queryButton().getText()).isEqualTo("Ask");
            robot.interact(() -> {
                window.viewModel.statusBar().refresh();
                Screenshots.save(window.view.getScene(), "ask-llm-stopped");
            });
        }
    }

    /** Writes glaciers.md among the documents and indexes them all; returns the glaciers file. */
    private Path indexWithGlaciers() throws Exception {
        Path glaciers = Files.writeString(core.documents().resolve("glaciers.md"), """
                # Glaciers

                Glaciers move slowly downhill under their own weight. Walkers on a glacier rope up,
                because snow bridges can hide crevasses.
                """);
        core.cairn()
                .pipeline(core.cairn().ingestOptions())
                .ingest(List.of(core.documents()), false, new IngestControl(), IngestPipeline.Listener.NONE);
        return glaciers;
    }

    /**
     * Points the settings at {@code model}, opens Ask and asks why walkers rope up; the latch returned
     * opens once the model's first words, "Walkers rope up on a glacier", are on the page.
     */
    private CountDownLatch askWithTheModel(FxRobot robot, TestWindow window, FakeChatServer model, AskViewModel ask) {
        CountDownLatch firstTokensShown = new CountDownLatch(1);
        robot.interact(() -> {
            window.viewModel.settings().llmEndpointProperty().set(model.baseUrl());
            window.viewModel.settings().llmModelProperty().set("trail-llm");
            assertThat(window.viewModel.settings().save()).isTrue();
            window.viewModel.pageProperty().set(Page.ASK);
            ask.answerProperty().addListener((obs, old, now) -> {
                if (now.equals("Walkers rope up on a glacier")) {
                    firstTokensShown.countDown();
                }
            });
            ask.questionProperty().set("Why do walkers rope up on a glacier?");
            ask.ask();
        });
        return firstTokensShown;
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
