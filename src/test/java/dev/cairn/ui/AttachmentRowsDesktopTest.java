package dev.cairn.ui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.parse.TestMail;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.DocumentRow;
import dev.cairn.ui.library.LibraryViewModel;
import dev.cairn.ui.library.RowStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * On the real window and core: the Library's attachment rows follow their message as it is read
 * again, fails, or arrives in a watched folder, without a restart.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class AttachmentRowsDesktopTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture().watching(WatchedFoldersDesktopTest.QUICK);

    /** Generous: the machine is shared, and the first file loads the model. */
    private static final long WAIT_SECONDS = 120;

    @Test
    void aMessageReadAgainShowsOnlyTheAttachmentsItHasNowAndAFailedOneNone(FxRobot robot, TestWindow window)
            throws Exception {
        LibraryViewModel library = window.viewModel.library();
        Path mail = TestMail.eml(
                core.documents().resolve("tides.eml"),
                "Tide readings",
                "The readings are attached.",
                Map.of("gauge.md", text("The gauge at Peniche read four metres."), "photo.zip", new byte[] {
                    'P', 'K', 3, 4, 0
                }));
        robot.interact(() -> window.viewModel.addPaths(List.of(mail)));
        await(() -> status(library, attachment(mail, "gauge.md")) == RowStatus.INDEXED
                && status(library, attachment(mail, "photo.zip")) == RowStatus.FAILED);

        TestMail.eml(
                mail,
                "Tide readings, corrected",
                "Only the minutes now.",
                Map.of("minutes.md", text("The harbour master signed the minutes.")));
        robot.interact(() -> window.viewModel.imports().reindex(row(library, mail)));
        await(() -> status(library, attachment(mail, "minutes.md")) == RowStatus.INDEXED);
        assertThat(library.rows())
                .extracting(DocumentRow::name)
                .as("the rows of the attachments it no longer has are gone, without a restart")
                .contains("tides.eml", "minutes.md (attachment of 'Tide readings, corrected')")
                .noneMatch(name -> name.startsWith("gauge.md") || name.startsWith("photo.zip"));
        robot.interact(() -> window.viewModel.pageProperty().set(Page.LIBRARY));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "library-attachments-read-again"));

        Files.write(mail, new byte[0]); // now it fails: an empty file
        robot.interact(() -> window.viewModel.imports().reindex(row(library, mail)));
        await(() -> status(library, mail) == RowStatus.FAILED);
        assertThat(library.find(attachment(mail, "minutes.md")))
                .as("a failed message has no attachments in the library")
                .isEmpty();
        assertThat(core.cairn()
                        .store()
                        .findByPath(attachment(mail, "minutes.md").toString()))
                .isEmpty();
    }

    @Test
    void theAttachmentsOfMailInAWatchedFolderShowAsItArrivesAndChanges(FxRobot robot, TestWindow window)
            throws Exception {
        LibraryViewModel library = window.viewModel.library();
        Path inbox = Files.createDirectories(core.documents().resolve("inbox"));
        robot.interact(() -> window.viewModel.watchedFolders().add(inbox));
        await(() -> window.viewModel
                .watchedFolders()
                .find(inbox)
                .map(f -> f.activity() == LibraryWatch.Activity.WATCHING)
                .orElse(false));

        Path mail = TestMail.eml(
                inbox.resolve("route.eml"),
                "Route notes",
                "The notes are attached.",
                Map.of("route.md", text("The route crosses the pass before noon.")));
        await(() -> status(library, attachment(mail, "route.md")) == RowStatus.INDEXED);

        TestMail.eml(
                mail,
                "Route notes",
                "New notes.",
                Map.of("huts.md", text("The hut at the pass sleeps twelve walkers.")));
        await(() -> status(library, attachment(mail, "huts.md")) == RowStatus.INDEXED);
        await(() -> library.find(attachment(mail, "route.md")).isEmpty());
        robot.interact(() -> window.viewModel.pageProperty().set(Page.LIBRARY));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(window.view.getScene(), "library-watched-attachments"));
        assertThat(library.rows())
                .extracting(DocumentRow::name)
                .contains("route.eml", "huts.md (attachment of 'Route notes')");

        Files.delete(mail);
        await(() -> library.find(mail).isEmpty()
                && library.find(attachment(mail, "huts.md")).isEmpty());
        core.cairn().watchedFolders().remove(inbox);
    }

    private static byte[] text(String sentence) {
        return ("# Notes\n\n" + sentence + "\n").getBytes(UTF_8);
    }

    private static Path attachment(Path mail, String name) {
        return Path.of(mail + "#1/" + name);
    }

    private static DocumentRow row(LibraryViewModel library, Path file) {
        return library.find(file).orElseThrow();
    }

    private static RowStatus status(LibraryViewModel library, Path file) {
        return library.find(file).map(r -> r.statusProperty().get()).orElse(null);
    }

    private static void await(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
