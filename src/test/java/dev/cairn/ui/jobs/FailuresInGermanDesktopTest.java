package dev.cairn.ui.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.parse.TestDocuments;
import dev.cairn.platform.Texts;
import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import dev.cairn.ui.library.LibraryViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.input.DragEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Files the core cannot read, dropped on the real window in German: each reason the parsers give
 * reads in German in the Library's rows and on the Jobs page's finished import, and both pages are
 * saved as target/screenshots/de-failures-{library,jobs}.png for a person to look at.
 */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class FailuresInGermanDesktopTest {

    private static final Locale BEFORE = Locale.getDefault();

    static {
        Texts.use(Locale.GERMAN);
    }

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @AfterAll
    static void speakAsBefore() {
        Texts.use(BEFORE);
    }

    @Test
    void aDroppedFolderOfBadFilesIsExplainedInGerman(FxRobot robot, TestWindow window) throws Exception {
        Path folder = Files.createDirectories(core.documents().resolve("kaputt"));
        Path good = TestDocuments.pdf(
                folder.resolve("gut.pdf"), List.of(List.of("Die Huette am Pass hat zwoelf Betten.")), null, null);
        Path locked = TestDocuments.pdf(
                folder.resolve("gesperrt.pdf"), List.of(List.of("Geheim")), null, TestDocuments.passwordProtection());
        Path truncated = Files.write(folder.resolve("abgeschnitten.pdf"), Arrays.copyOf(Files.readAllBytes(good), 300));
        Path empty = Files.write(folder.resolve("leer.txt"), new byte[0]);
        Path mislabelled = Files.writeString(folder.resolve("bericht.docx"), "Nur Text, kein Word-Dokument.\n");
        Files.createSymbolicLink(folder.resolve("weg.md"), folder.resolve("laengst-geloescht.md"));
        JobsViewModel jobs = window.viewModel.jobs();

        robot.interact(() -> window.drag(DragEvent.DRAG_OVER, List.of(folder)));
        robot.interact(() -> window.drag(DragEvent.DRAG_DROPPED, List.of(folder)));
        WaitForAsyncUtils.waitFor(
                120, TimeUnit.SECONDS, () -> !jobs.finishedImports().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        LibraryViewModel library = window.viewModel.library();
        assertThat(library.find(locked).orElseThrow().reason())
                .isEqualTo("Dieses PDF ist passwortgeschützt; Cairn kann es nicht lesen.");
        assertThat(library.find(empty).orElseThrow().reason())
                .isEqualTo("Diese Datei ist leer (0 Byte); es gibt nichts zu indizieren.");
        assertThat(library.find(truncated).orElseThrow().reason()).contains("beschädigt");
        assertThat(library.find(mislabelled).orElseThrow().reason())
                .startsWith("Keine Datei im Format Word (.docx): Die Datei heißt .docx");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "de-failures-library"));

        robot.interact(() -> window.viewModel.pageProperty().set(Page.JOBS));
        WaitForAsyncUtils.waitForFxEvents();
        FinishedImport shown = jobs.finishedImports().getFirst();
        Map<String, String> reasons = shown.problems().stream()
                .collect(Collectors.toMap(p -> p.path().getFileName().toString(), PathOutcome::reason));
        assertThat(reasons).containsOnlyKeys("gesperrt.pdf", "abgeschnitten.pdf", "leer.txt", "bericht.docx", "weg.md");
        assertThat(reasons.get("weg.md")).isEqualTo("Ein Verweis auf etwas, das es nicht gibt: nicht verfolgt");
        assertThat(String.join("\n", reasons.values()))
                .doesNotContain("This ", "Cairn can't", "not followed", "damaged", "\u0002");
        robot.interact(() -> Screenshots.save(window.view.getScene(), "de-failures-jobs"));
    }
}
