package dev.cairn.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Settings;
import dev.cairn.ingest.watch.FolderWatcher;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.Texts;
import dev.cairn.ui.ask.AskViewModel;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.kit.Words;
import dev.cairn.ui.library.DocumentRow;
import dev.cairn.ui.library.LibraryViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.DragEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every page of the real window on the real core, in one language, saved as
 * target/screenshots/LANG-PAGE.png for a person to look at: the Library with its watched folders and
 * a document's language, Ask with a cited answer, the cited passage, Jobs with the finished imports,
 * Benchmarks, Settings, the status bar, and two pages in the dark theme. A subclass picks the language
 * before the window opens (as DesktopLauncher does from Settings).
 */
abstract class EveryPageScreenshots {

    private static final Locale BEFORE = Locale.getDefault();

    static final LibraryWatch.Options QUICK = new LibraryWatch.Options(
            Duration.ofMillis(500), new FolderWatcher.Options(Duration.ofMillis(300), Duration.ZERO));

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture().watching(QUICK);

    static void speak(Locale locale) {
        Texts.use(locale);
    }

    @AfterAll
    static void speakAsBefore() {
        Texts.use(BEFORE);
    }

    /** The language's short name in the files' names ("en", "de"). */
    abstract String language();

    /** What the window must say in this language: the navigation's names and a word of the status bar. */
    abstract void assertSpeaksIt(FxRobot robot, TestWindow window);

    @Test
    void everyPageIsShownAndSaved(FxRobot robot, TestWindow window) throws Exception {
        Path watched = Files.createDirectories(core.documents().resolve("wanderungen"));
        Path german = Files.writeString(watched.resolve("huette.txt"), """
                Die Hütte am Pass bietet zwölf Wanderern einen Schlafplatz. Sie ist von Juni bis September \
                geöffnet, und die Reservierung erfolgt telefonisch beim Hüttenwirt, der im Tal wohnt. \
                Wer über den Gletscher geht, seilt sich an, weil Schneebrücken Gletscherspalten verbergen können.
                """);
        Path english = Files.writeString(core.documents().resolve("glaciers.md"), """
                # Glaciers

                Glaciers move slowly downhill under their own weight. Walkers on a glacier rope up,
                because snow bridges can hide crevasses. The hut at the pass is open from June to September.
                """);
        Path empty = Files.write(core.documents().resolve("empty.txt"), new byte[0]);
        robot.interact(() -> window.viewModel.watchedFolders().add(watched));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(english, empty)));
        LibraryViewModel library = window.viewModel.library();
        WaitForAsyncUtils.waitFor(
                180,
                TimeUnit.SECONDS,
                () -> List.of(german, english, empty).stream()
                        .allMatch(p -> library.find(p)
                                .map(r -> r.statusProperty().get().finished())
                                .orElse(false)));
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> {
            robot.interact(() -> window.viewModel.statusBar().refresh());
            return window.viewModel
                    .statusBar()
                    .semanticIndexProperty()
                    .get()
                    .equals(Words.get("status.semanticComplete"));
        });
        WaitForAsyncUtils.waitForFxEvents();

        DocumentRow germanRow = library.find(german).orElseThrow();
        assertThat(germanRow.languageProperty().get()).isEqualTo("de");
        assertThat(library.find(english).orElseThrow().languageProperty().get()).isEqualTo("en");
        assertThat(robot.lookup(".library-table .table-row-cell .table-cell").queryAllAs(Node.class))
                .as("the Library's language column names the language in the window's")
                .anySatisfy(cell -> assertThat(((javafx.scene.control.Labeled) cell).getText())
                        .isEqualTo(Locale.GERMAN.getDisplayLanguage(Words.locale())));
        assertSpeaksIt(robot, window);
        save(robot, window, "library");
        robot.interact(() ->
                Screenshots.save(robot.lookup(".cairn-status-bar").queryAs(Node.class), language() + "-status-bar"));

        AskViewModel ask = window.viewModel.ask();
        robot.interact(() -> {
            window.viewModel.pageProperty().set(Page.ASK);
            ask.questionProperty().set("Why do walkers rope up on a glacier?");
            ask.ask();
        });
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> !ask.citations().isEmpty() && !ask.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, window, "ask");

        robot.interact(() -> {
            window.viewModel.source().open(ask.citations().getFirst());
            window.viewModel.pageProperty().set(Page.SOURCE);
        });
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () -> !window.viewModel.source().loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, window, "viewer");

        for (Page page : List.of(Page.JOBS, Page.BENCHMARKS, Page.SETTINGS)) {
            robot.interact(() -> window.viewModel.pageProperty().set(page));
            WaitForAsyncUtils.waitForFxEvents();
            save(robot, window, page.name().toLowerCase(Locale.ROOT));
        }

        robot.interact(() -> robot.lookup(".settings-scroll")
                .queryAs(javafx.scene.control.ScrollPane.class)
                .setVvalue(1));
        save(robot, window, "settings-language");
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
        save(robot, window, "settings-dark");
        robot.interact(() -> window.viewModel.pageProperty().set(Page.LIBRARY));
        save(robot, window, "library-dark");
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.LIGHT));
    }

    private void save(FxRobot robot, TestWindow window, String page) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), language() + "-" + page));
    }

    static List<String> navigation(FxRobot robot) {
        return robot.lookup(".nav-button").queryAllAs(ToggleButton.class).stream()
                .map(b -> b.getText() == null || b.getText().isEmpty()
                        ? b.lookupAll(".nav-text").stream()
                                .map(n -> ((Label) n).getText())
                                .findFirst()
                                .orElse("")
                        : b.getText())
                .toList();
    }

    static String statusItem(FxRobot robot, int index) {
        return robot.lookup(".cairn-status-bar .status-item").queryAllAs(Label.class).stream()
                .filter(Node::isVisible)
                .toList()
                .get(index)
                .getText();
    }
}
