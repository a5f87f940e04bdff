package dev.cairn.ui.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Settings;
import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A folder dropped on the real window, on the real core: once its import ends, the Jobs page keeps
 * it under "Finished" with its counts in words, and lists the entry that failed and those that were
 * not followed, each with its reason.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class FinishedImportsDesktopTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void aDroppedFolderLeavesItsFinishedImportWithEveryPathThatDidNotGoIn(FxRobot robot, TestWindow window)
            throws Exception {
        Path folder = Files.createDirectories(core.documents().resolve("walks"));
        for (String hut : List.of("glacier", "col", "scree")) {
            Files.writeString(
                    folder.resolve(hut + ".md"),
                    "# The " + hut + "\n\nFrom the hut the path climbs to the " + hut
                            + ". Carry water: the streams dry up by August.\n");
        }
        Files.writeString(folder.resolve("x.pdf"), "Meeting notes, typed into a file that only looks like a PDF.\n");
        Files.createSymbolicLink(folder.resolve("gone.md"), folder.resolve("deleted-long-ago.md"));
        Files.createSymbolicLink(folder.resolve("loop"), folder);
        JobsViewModel jobs = window.viewModel.jobs();

        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(folder)));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(folder)));
        WaitForAsyncUtils.waitFor(
                120, TimeUnit.SECONDS, () -> !jobs.finishedImports().isEmpty());
        robot.interact(() -> window.viewModel.pageProperty().set(Page.JOBS));
        WaitForAsyncUtils.waitForFxEvents();

        JobsView page = robot.lookup(".jobs-view").queryAs(JobsView.class);
        assertThat(page.finishedCards()).hasSize(1);
        FinishedImportCard card = page.finishedCards().getFirst();
        FinishedImport walks = card.finishedImport();
        assertThat(walks.ending()).isEqualTo(FinishedImport.Ending.DONE);
        assertThat(walks.summary()).isEqualTo("Imported 'walks': 3 indexed, 1 failed, 2 not followed");
        assertThat(card.isExpanded())
                .as("the newest import opens on its own when it has paths to list")
                .isTrue();
        assertThat(showing(robot.lookup("Nothing running").query())).isFalse();
        assertThat(shownText(card)).contains("Imported 'walks'", "3 indexed, 1 failed, 2 not followed");

        Map<String, String> reasons = problems(card);
        assertThat(reasons).containsOnlyKeys("walks/gone.md", "walks/loop", "walks/x.pdf");
        assertThat(reasons.get("walks/gone.md"))
                .isEqualTo("not followed: A link to something that does not exist: not followed");
        assertThat(reasons.get("walks/loop"))
                .isEqualTo("not followed: A link that loops back to a folder above it: not followed");
        assertThat(reasons.get("walks/x.pdf"))
                .isEqualTo("failed: Not a PDF: the file is named .pdf but its bytes are not "
                        + "a PDF (damaged, truncated or mislabelled), so Cairn does not read it.");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "jobs-finished-light"));

        // The header takes the keyboard: Space closes and opens it again.
        robot.interact(card::requestFocus);
        robot.type(KeyCode.SPACE);
        assertThat(card.isExpanded()).isFalse();
        robot.type(KeyCode.SPACE);
        assertThat(card.isExpanded()).isTrue();

        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "jobs-finished-dark"));
        robot.interact(() -> window.viewModel.settings().themeProperty().set(Settings.Theme.LIGHT));
    }

    /** Each listed path (as shown) with its pill and reason, as the expanded card shows them. */
    private static Map<String, String> problems(FinishedImportCard card) {
        return card.lookupAll(".problem-row").stream()
                .collect(Collectors.toMap(
                        row -> ((Label) row.lookup(".problem-path")).getText(),
                        row -> ((Label) row.lookup(".problem-kind")).getText() + ": "
                                + ((Label) row.lookup(".problem-reason")).getText()));
    }

    private static String shownText(Node node) {
        return node.lookupAll(".label").stream()
                .filter(Node::isVisible)
                .map(n -> ((Label) n).getText())
                .collect(Collectors.joining("\n"));
    }

    /** Whether the node shows: it and every parent visible. */
    private static boolean showing(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
