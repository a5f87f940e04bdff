package dev.cairn.ui.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.parse.ScannedPages;
import dev.cairn.store.SearchScope;
import dev.cairn.ui.CoreWindow;
import dev.cairn.ui.Page;
import dev.cairn.ui.TestWindow;
import dev.cairn.ui.ask.AskResult;
import dev.cairn.ui.ask.CitationItem;
import dev.cairn.ui.kit.RequiresDisplay;
import dev.cairn.ui.kit.Screenshots;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** A citation of a scanned page (read with Tesseract) opens the page image with the passage boxed, on the real core. */
@ExtendWith({RequiresDisplay.class, ApplicationExtension.class})
class ScannedSourceViewerTest {

    @RegisterExtension
    static final CoreWindow.Fixture core = new CoreWindow.Fixture();

    @Test
    void aCitationOfAScannedPageShowsThePageWithThePassageBoxed(FxRobot robot, TestWindow window) throws Exception {
        ScannedPages.assumeTesseract();
        Path scan = ScannedPages.pdf(core.documents().resolve("lighthouse-scan.pdf"), null);
        core.ingestion().ingest(List.of(scan), update -> {});
        SourceViewerViewModel source = window.viewModel.source();

        AskResult result = core.ask().ask("Who climbs the lighthouse tower at dusk?");
        CitationItem item = result.citations().stream()
                .filter(c -> c.source().equals(scan) && c.page() == 1)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no citation of the scanned page in " + result));
        robot.interact(() -> source.open(item));
        WaitForAsyncUtils.waitFor(
                90,
                TimeUnit.SECONDS,
                () -> !source.loadingProperty().get() && source.kindProperty().get() == SourceViewerViewModel.Kind.PDF);
        robot.interact(() -> window.viewModel.pageProperty().set(Page.SOURCE));
        WaitForAsyncUtils.waitForFxEvents();

        double width = source.pageWidthProperty().get();
        double height = source.pageHeightProperty().get();
        assertThat(source.highlights())
                .as("boxed from Tesseract's word boxes")
                .isNotEmpty()
                .allSatisfy(box -> {
                    assertThat(box.x()).isBetween(0.0, width);
                    assertThat(box.y()).isBetween(0.0, height / 2); // the lines are drawn on the page's upper part
                    assertThat(box.height()).isBetween(5.0, 40.0);
                });
        assertThat(window.view.lookupAll(".source-highlight"))
                .hasSize(source.highlights().size());
        robot.interact(() -> Screenshots.save(window.view.getScene(), "source-scanned-pdf"));
    }

    @Test
    void theViewerReadsAScanWithTheTesseractOfTheSettings(FxRobot robot, TestWindow window) throws Exception {
        ScannedPages.assumeTesseract();
        // A Tesseract that is not on the PATH: a script that notes each call and runs the real one.
        Path real = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(d -> Path.of(d, "tesseract"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow();
        Path calls = core.documents().resolve("tesseract-calls.txt");
        Path script = core.documents().resolve("my-tesseract");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\nexec '" + real + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        robot.interact(() -> {
            window.viewModel.settings().tesseractPathProperty().set(script.toString());
            assertThat(window.viewModel.settings().save()).isTrue();
        });
        Path scan = ScannedPages.pdf(core.documents().resolve("keeper-scan.pdf"), null);
        core.ingestion().ingest(List.of(scan), update -> {});
        Files.deleteIfExists(calls); // what the import ran does not count: only the viewer's calls
        SourceViewerViewModel source = window.viewModel.source();
        // The class's other test indexed a scan of the same page: ask within this one.
        SearchScope onlyThisScan = new SearchScope(List.of(scan), Set.of(), null, Set.of());
        AskResult result = core.ask().ask("What shields the lamp from winter storms?", onlyThisScan, token -> {});
        CitationItem item = result.citations().stream()
                .filter(c -> c.source().equals(scan))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no citation of the scanned page in " + result));

        robot.interact(() -> source.open(item));
        WaitForAsyncUtils.waitFor(
                90, TimeUnit.SECONDS, () -> !source.loadingProperty().get());

        assertThat(source.kindProperty().get()).isEqualTo(SourceViewerViewModel.Kind.PDF);
        assertThat(source.highlights())
                .as("boxed from the settings' Tesseract's word boxes")
                .isNotEmpty();
        assertThat(calls).as("the viewer ran the Tesseract the settings name").exists();
        assertThat(Files.readString(calls)).contains("tsv");
    }
}
